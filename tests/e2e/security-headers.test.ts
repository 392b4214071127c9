import { describe, expect, it } from "vitest";
import { baseURL } from "./browser";

describe("security headers of the production server", () => {
  it("sends a nonce-based CSP that forbids framing, a referrer policy, HSTS and secure cookies", async () => {
    const res = await fetch(`${baseURL()}/login`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // Every inline script carries the nonce of this response.
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const cookies = res.headers.getSetCookie();
    const csrf = cookies.find((c) => c.startsWith("csrf="))!;
    expect(csrf).toMatch(/HttpOnly/);
    expect(csrf).toMatch(/Secure/);
    expect(csrf).toMatch(/SameSite=Lax/);
  });

  it("answers /healthz with 200 ok", async () => {
    const res = await fetch(`${baseURL()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
