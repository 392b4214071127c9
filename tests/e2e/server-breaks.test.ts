import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baseURL, e2eDatabase } from "./browser";
import { httpClient, statusBeforeBody } from "./http-client";

/**
 * Regression tests over real HTTP for the inputs that took the whole server down (issue 11):
 * each case failed before its fix, and after each the server still answers /healthz and pages.
 */
const e2eDb = () => new Database(e2eDatabase(), { readonly: true, fileMustExist: true });
function stewardsCentreId() {
  const db = e2eDb();
  try {
    const row = db
      .prepare(
        "select c.id from centres c join users u on u.id = c.lead_steward_id where u.email = 'steward@demo.local' order by c.name_en limit 1",
      )
      .get() as { id: string };
    return row.id;
  } finally {
    db.close();
  }
}

async function expectServerHealthy() {
  const health = await fetch(`${baseURL()}/healthz`);
  expect(health.status).toBe(200);
  const page = await fetch(`${baseURL()}/login`);
  expect(page.status).toBe(200);
}

describe("forms that reach an object's prototype", () => {
  it("are refused with 400 on every steward and admin form, and no page breaks afterwards", async () => {
    const steward = httpClient(baseURL());
    await steward.signIn("steward@demo.local");
    const admin = httpClient(baseURL());
    await admin.signIn("admin@demo.local");
    const centreId = stewardsCentreId();
    const targets = [
      [steward, `/centres/${centreId}/follow-ups`],
      [steward, `/centres/${centreId}/checklist`],
      [steward, `/centres/${centreId}/interactions/new`],
      [steward, `/centres/${centreId}`],
      [steward, "/centres/new"],
      [admin, "/admin/checklists"],
      [admin, "/admin/settings"],
      [admin, "/admin/reference"],
    ] as const;
    for (const [client, target] of targets) {
      for (const name of ["__proto__.0.polluted", "constructor.prototype.polluted", "followUps.0.__proto__", "__proto__"]) {
        const res = await client.postForm(target, [
          ["intent", "create"],
          [name, "yes"],
        ]);
        expect(res.status, `${name} on ${target}`).toBe(400);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectServerHealthy();
    expect((await steward.request(`/centres/${centreId}`)).status).toBe(200);
  });
});

describe("forms with very many fields or values", () => {
  it("refuses 80,000 repeated industries by size (413) and 1,001 small fields or 101 values of one field by count (413)", async () => {
    const steward = httpClient(baseURL());
    await steward.signIn("steward@demo.local");
    const centreId = stewardsCentreId();
    const huge = await steward.postForm(
      "/centres/new",
      Array.from({ length: 80_000 }, () => ["industries", "ai"] as [string, string]),
    );
    expect(huge.status).toBe(413);
    const manyFields = await steward.postForm(
      "/centres/new",
      Array.from({ length: 1_001 }, (_, i) => [`f${i}`, "x"] as [string, string]),
    );
    expect(manyFields.status).toBe(413);
    expect(await manyFields.text()).toMatch(/1,000|1,000 个/);
    const manyValues = await steward.postForm(
      `/centres/${centreId}/interactions/new`,
      Array.from({ length: 101 }, () => ["staff", "x"] as [string, string]),
    );
    expect(manyValues.status).toBe(413);
    await expectServerHealthy();
  });
});

describe("dates far in the future", () => {
  it("are refused on a follow-up with a field message, so no deadline is computed for 9999", async () => {
    const steward = httpClient(baseURL());
    await steward.signIn("steward@demo.local");
    const centreId = stewardsCentreId();
    const res = await steward.request(`/centres/${centreId}/follow-ups?lng=en`);
    expect(res.status).toBe(200);
    const refused = await steward.postForm(`/centres/${centreId}/follow-ups?lng=en`, [
      ["intent", "create"],
      ["description", "Far-future follow-up"],
      ["due_on", "9999-12-31"],
    ]);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Enter a date between 2000 and 2100.");
    const db = e2eDb();
    try {
      expect(db.prepare("select count(*) as n from follow_ups where due_on > '2100-12-31'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe("request bodies", () => {
  it("answers 413 to an anonymous 400 MB POST to /login before reading it, and 411 to a body of unstated length", async () => {
    expect(
      await statusBeforeBody(baseURL(), "/login", {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(400 * 1024 * 1024),
      }),
    ).toBe(413);
    expect(
      await statusBeforeBody(
        baseURL(),
        "/login",
        { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
        { end: true },
      ),
    ).toBe(411);
    // The attachment page allows its files' size, the import page its file's; a form page a few hundred KB.
    expect(
      await statusBeforeBody(baseURL(), "/portal/requests/new", {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(40 * 1024 * 1024),
      }),
    ).not.toBe(413);
    expect(
      await statusBeforeBody(baseURL(), "/portal/requests/new", {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(80 * 1024 * 1024),
      }),
    ).toBe(413);
    // A little over the limit: read and thrown away, then refused (the browser sees the message).
    expect(
      await statusBeforeBody(
        baseURL(),
        "/centres/new.data",
        { "content-type": "application/x-www-form-urlencoded", "content-length": String(600 * 1024) },
        { bytes: 600 * 1024, end: true },
      ),
    ).toBe(413);
    await expectServerHealthy();
  });
});

describe("requests that answered 500", () => {
  it("answers JSON, plain-text and empty bodies with 415, a foreign Origin with 403, a long filter with 400", async () => {
    const client = httpClient(baseURL());
    const csrf = await client.csrfToken("/login");
    const json = await client.request("/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrf }),
    });
    expect(json.status).toBe(415);
    const text = await client.request("/login?lng=en", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: `csrf=${csrf}`,
    });
    expect(text.status).toBe(415);
    expect(await text.text()).toContain("not JSON or plain text");
    expect((await client.request("/login", { method: "POST" })).status).toBe(415);
    const foreign = await client.request("/login", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      body: new URLSearchParams({ csrf, email: "a@b.cn", password: "x" }),
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("own pages");
    const nullOrigin = await client.request("/login", {
      method: "POST",
      headers: { origin: "null" },
      body: new URLSearchParams({ csrf }),
    });
    expect(nullOrigin.status).toBe(403);

    const steward = httpClient(baseURL());
    await steward.signIn("steward@demo.local");
    const long = await steward.request(`/centres?lng=en&q=${"a".repeat(201)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("at most 200 characters");
    expect((await steward.request(`/centres?q=${"a".repeat(200)}`)).status).toBe(200);
  });

  it("signs in with redirectTo=/%E3%80%80 to that (encoded) path, with exactly one new session row", async () => {
    const sessions = () => {
      const db = e2eDb();
      try {
        return (db.prepare("select count(*) as n from sessions").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = sessions();
    const client = httpClient(baseURL());
    const csrf = await client.csrfToken("/login?redirectTo=/%E3%80%80");
    const res = await client.request("/login", {
      method: "POST",
      body: new URLSearchParams({ csrf, email: "official@demo.local", password: "demo-pass-2026", redirectTo: "/\u3000" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/%E3%80%80");
    expect(sessions()).toBe(before + 1);
  });
});

describe("TRUST_PROXY", () => {
  // The worker's e2e server runs with TRUST_PROXY=1, as in production behind one nginx
  // (tests/setup/e2e-server.ts); the addresses and accounts below are this test's own.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-proxy-"));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_PATH: path.join(dir, "proxy.db"),
    SESSION_SECRET: "proxy-test-secret-16+",
    DEMO_MODE: "true",
    OUTBOX_WORKER: "false",
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("believes only the entry the trusted proxy added: a client-chosen leftmost address does not escape the per-address limit", async () => {
    const client = httpClient(baseURL());
    const csrf = await client.csrfToken("/login");
    const attempt = (i: number, realAddress: string) =>
      client.request("/login", {
        method: "POST",
        // The client wrote the first entry; the one proxy in front appended the address it saw.
        headers: { "x-forwarded-for": `198.51.100.${i % 250}, ${realAddress}` },
        body: new URLSearchParams({ csrf, email: `nobody${i}@example.cn`, password: "wrong" }),
      });
    let limitedAfter = 0;
    for (let i = 1; i <= 200 && limitedAfter === 0; i++) if ((await attempt(i, "203.0.113.7")).status === 429) limitedAfter = i;
    expect(limitedAfter).toBeGreaterThan(0);
    // Another real client behind the same proxy is not affected.
    expect((await attempt(999, "203.0.113.8")).status).toBe(401);
  });

  it("refuses to start with TRUST_PROXY=true, naming the setting", () => {
    const res = spawnSync(process.execPath, ["server.js"], {
      env: { ...env, PORT: "1", TRUST_PROXY: "true" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("TRUST_PROXY=true");
  });
});
