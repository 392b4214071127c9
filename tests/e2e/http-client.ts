import http from "node:http";
import { DEMO_ADMIN_TOTP_SECRET } from "../../db/demo-accounts";
import { DEMO_PASSWORD } from "./browser";
import { unusedTotpCodeFor } from "./totp";

/** A cookie-keeping HTTP client for the production server: what a browser sends, without a browser. */
export function httpClient(base: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (jar.size > 0 && !headers.has("cookie")) headers.set("cookie", cookieHeader());
    const res = await fetch(base + path, { redirect: "manual", ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
  /** The CSRF token of a page's forms (and its cookie, kept in the jar). */
  async function csrfToken(path = "/login") {
    const html = await (await request(path)).text();
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  }
  async function signIn(email: string, password = DEMO_PASSWORD) {
    const csrf = await csrfToken("/login");
    const res = await request("/login", { method: "POST", body: new URLSearchParams({ csrf, email, password }) });
    if (res.status !== 302) throw new Error(`sign-in of ${email} answered ${res.status}`);
    if (res.headers.get("location")?.startsWith("/login/two-factor")) {
      // The demo admin signs in with two-factor: answer its step with a fresh code.
      const token = await csrfToken("/login/two-factor");
      const code = await unusedTotpCodeFor(base, DEMO_ADMIN_TOTP_SECRET);
      const done = await request("/login/two-factor", { method: "POST", body: new URLSearchParams({ csrf: token, code }) });
      if (done.status !== 302) throw new Error(`two-factor step of ${email} answered ${done.status}`);
    }
  }
  /** POSTs form fields (repeated names allowed) with the page's CSRF token. */
  async function postForm(path: string, fields: [string, string][], tokenFrom = path) {
    const csrf = await csrfToken(tokenFrom);
    return request(path, { method: "POST", body: new URLSearchParams([["csrf", csrf], ...fields]) });
  }
  return { request, csrfToken, signIn, postForm, jar };
}

/**
 * Sends only the headers of a POST (a stated length and a few bytes of body) and answers the
 * status the server gives before the body arrives: how a 400 MB upload is refused.
 */
export function statusBeforeBody(
  base: string,
  path: string,
  headers: Record<string, string>,
  options: { end?: boolean; bytes?: number } = {},
): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.write("x".repeat(options.bytes ?? 1024));
    if (options.end) req.end();
  });
}
