/**
 * Hostile input over real HTTP: every route (found from app/routes, so a new page is included
 * without anyone remembering it) × every role, GET and POST, with generated bodies and headers:
 * the forms' own field names (read from each page's HTML) with hostile values, missing and repeated
 * fields, prototype names, huge values, JSON / plain-text / empty / broken multipart bodies,
 * foreign and odd Origins, odd headers and query strings.
 *
 * The rules checked: no answer is a 5xx; /healthz keeps answering (its slowest answer is
 * reported); afterwards the database passes its integrity and foreign-key checks and every
 * request and centre created during the run is whole (its first event and audit row exist).
 */
import Database from "better-sqlite3";
import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { DEMO_ADMIN_TOTP_SECRET } from "../../db/demo-accounts";
import { unusedTotpCodeFor } from "../e2e/totp";

export type FuzzResult = {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: string[];
  slowestHealthzMs: number;
  brokenRecords: string[];
  integrity: string;
  foreignKeyProblems: number;
};

const ROLES = ["anon", "admin", "steward", "official", "enterprise"] as const;
type Role = (typeof ROLES)[number];
const EMAILS: Record<Exclude<Role, "anon">, string> = {
  admin: "admin@demo.local",
  steward: "steward@demo.local",
  official: "official@demo.local",
  enterprise: "enterprise@demo.local",
};
const PASSWORD = "demo-pass-2026";

const HOSTILE_VALUES = [
  "",
  " ",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE centres; --",
  "%00\u0000nul",
  "\u202Eevil\u202C",
  "𠜎𠜱𠝹",
  "ＡＢＣ１２３",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "valueOf",
  "toString",
  "-1",
  "0",
  "1e309",
  "NaN",
  "9".repeat(400),
  "2026-02-30",
  "9999-12-31",
  "0000-00-00",
  "javascript:alert(1)",
  "//evil.example",
  "/\\evil.example",
  "x".repeat(6000),
  "长".repeat(3000),
  "true",
  "on",
];
const PROTOTYPE_NAMES = [
  "__proto__",
  "__proto__.0.polluted",
  "constructor.prototype.polluted",
  "followUps.0.__proto__",
  "contacts.0.constructor",
  "prototype",
];

/** Route files → paths: "centres.$centreId_.checklist.tsx" → "/centres/<centreId>/checklist". */
export function routePaths(routesDir: string, params: Record<string, string>): { file: string; path: string }[] {
  return fs
    .readdirSync(routesDir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.startsWith("__"))
    .map((file) => {
      const segments = file
        .replace(/\.(tsx?|jsx?)$/, "")
        .replaceAll("[.]", "~dot~")
        .split(".")
        .filter((s) => s !== "_index")
        .map((s) => s.replaceAll("~dot~", ".").replace(/_$/, ""))
        .map((s) => {
          if (!s.startsWith("$")) return s;
          const value = params[s.slice(1)];
          if (value === undefined)
            throw new Error(`No value for the route parameter ${s} of ${file}: add it to the fuzzer's params`);
          return value;
        });
      return { file, path: `/${segments.join("/")}` };
    });
}

type Session = { cookie: string; csrf: string };

async function signIn(base: string, role: Role): Promise<Session> {
  const page = await fetch(`${base}/login`);
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  keep(page);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  if (role !== "anon") {
    const res = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: header() },
      body: new URLSearchParams({ csrf, email: EMAILS[role], password: PASSWORD }),
    });
    keep(res);
    if (res.status !== 302) throw new Error(`sign-in of ${role} answered ${res.status}`);
    if (res.headers.get("location")?.startsWith("/login/two-factor")) {
      // The demo admin signs in with two-factor: answer its step with a fresh code.
      const step = await fetch(`${base}/login/two-factor`, { headers: { cookie: header() } });
      keep(step);
      const token = /name="csrf" value="([^"]+)"/.exec(await step.text())?.[1] ?? csrf;
      const code = await unusedTotpCodeFor(base, DEMO_ADMIN_TOTP_SECRET);
      const done = await fetch(`${base}/login/two-factor`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: header() },
        body: new URLSearchParams({ csrf: token, code }),
      });
      keep(done);
      if (done.status !== 302) throw new Error(`two-factor step of ${role} answered ${done.status}`);
    }
  }
  return { cookie: header(), csrf };
}

/** The field names, intents and option values a page's forms use. */
function formVocabulary(html: string) {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const m of html.matchAll(/\bname="([^"]{1,80})"/g)) if (m[1] !== "csrf") names.add(m[1]!);
  for (const m of html.matchAll(/\bvalue="([^"]{0,80})"/g)) values.add(m[1]!);
  return { names: [...names], values: [...values].filter((v) => v.length < 80) };
}

export async function runHostileHttp(options: {
  base: string;
  databasePath: string;
  routesDir: string;
  requests: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<FuzzResult> {
  const { base, requests } = options;
  const log = options.log ?? (() => {});
  const startedAt = Date.now();
  const db = new Database(options.databasePath, { readonly: true, fileMustExist: true });
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const params = {
    centreId: one<{ id: string }>(
      "select c.id from centres c join users u on u.id = c.lead_steward_id where u.email = 'steward@demo.local' order by c.name_en limit 1",
    ).id,
    requestId: one<{ id: string }>(
      "select r.id from support_requests r join users u on u.centre_id = r.centre_id where u.email = 'enterprise@demo.local' order by r.receipt_no limit 1",
    ).id,
    attachmentId: (
      one<{ id: string } | undefined>("select id from attachments limit 1") ?? { id: "01900000-0000-7000-8000-000000000000" }
    ).id,
    token: "not-a-real-token-0123456789",
    resultId: "0190a000-0000-7000-8000-000000000000",
    articleId: (
      one<{ id: string } | undefined>("select id from answer_articles where status = 'published' limit 1") ?? {
        id: "01900000-0000-7000-8000-000000000000",
      }
    ).id,
  };
  db.close();
  const routes = routePaths(options.routesDir, params);
  const sessions = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await signIn(base, r)] as const))) as Record<
    Role,
    Session
  >;

  // What each page's forms are made of, as each role sees it.
  const vocabulary = new Map<string, { names: string[]; values: string[] }>();
  for (const route of routes)
    for (const role of ROLES) {
      const res = await fetch(base + route.path, { redirect: "manual", headers: { cookie: sessions[role].cookie } });
      const type = res.headers.get("content-type") ?? "";
      vocabulary.set(
        `${role} ${route.path}`,
        type.includes("html") ? formVocabulary(await res.text()) : { names: [], values: [] },
      );
    }

  const value = fc.oneof(
    fc.constantFrom(...HOSTILE_VALUES),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
  );
  const bodyKind = fc.constantFrom(
    "urlencoded",
    "urlencoded",
    "urlencoded",
    "multipart",
    "json",
    "text",
    "empty",
    "brokenMultipart",
  );
  const originKind = fc.constantFrom("none", "none", "same", "same", "foreign", "null", "garbage");
  const request = fc.record({
    route: fc.integer({ min: 0, max: routes.length - 1 }),
    role: fc.constantFrom(...ROLES),
    method: fc.constantFrom("GET", "POST", "POST", "POST"),
    body: bodyKind,
    origin: originKind,
    withCsrf: fc.boolean(),
    pickedNames: fc.array(fc.nat(), { maxLength: 12 }),
    pickedValues: fc.array(fc.nat(), { maxLength: 12 }),
    extraFields: fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 12 })), value),
      { maxLength: 3 },
    ),
    values: fc.array(value, { minLength: 12, maxLength: 12 }),
    repeat: fc.constantFrom(0, 0, 0, 2, 150),
    query: fc.option(
      fc.tuple(
        fc.constantFrom(
          "q",
          "lng",
          "page",
          "asOf",
          "by",
          "sort",
          "stage",
          "status",
          "redirectTo",
          "upload",
          "all",
          "centres",
          "from",
          "to",
        ),
        value,
      ),
      { nil: undefined },
    ),
    oddHeader: fc.option(
      fc.constantFrom(
        ["accept-language", "xx;q=abc, *;q=-1"],
        ["x-forwarded-for", "not-an-ip, ::ffff:999.1.1.1"],
        ["x-forwarded-host", "evil.example"],
        ["accept", "*/*;q=0"],
        ["cookie", "lng=%E0%A4%A; __session=garbage"],
      ) as fc.Arbitrary<[string, string]>,
      { nil: undefined },
    ),
  });

  const byStatus: Record<string, number> = {};
  const serverErrors: string[] = [];
  let slowestHealthzMs = 0;
  const samples = fc.sample(request, { numRuns: requests, seed: options.seed ?? 20261130 });
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const route = routes[s.route]!;
    const session = sessions[s.role];
    const words = vocabulary.get(`${s.role} ${route.path}`) ?? { names: [], values: [] };
    const fields: [string, string][] = [];
    s.pickedNames.forEach((n, k) => {
      if (words.names.length === 0) return;
      const name = words.names[n % words.names.length]!;
      const v =
        k % 2 === 0 && words.values.length > 0 ? words.values[(s.pickedValues[k] ?? 0) % words.values.length]! : s.values[k]!;
      fields.push([name, v]);
    });
    fields.push(...s.extraFields);
    if (s.repeat > 0 && fields.length > 0) for (let r = 0; r < s.repeat; r++) fields.push([fields[0]![0], fields[0]![1]]);
    if (s.withCsrf) fields.unshift(["csrf", session.csrf]);

    const url = new URL(base + route.path);
    if (s.query) url.searchParams.set(s.query[0], s.query[1]);
    const headers = new Headers({ cookie: session.cookie });
    if (s.origin === "same") headers.set("origin", new URL(base).origin);
    if (s.origin === "foreign") headers.set("origin", "https://evil.example");
    if (s.origin === "null") headers.set("origin", "null");
    if (s.origin === "garbage") headers.set("origin", "::not a url::");
    if (s.oddHeader) {
      try {
        headers.set(s.oddHeader[0], s.oddHeader[0] === "cookie" ? `${session.cookie}; ${s.oddHeader[1]}` : s.oddHeader[1]);
      } catch {
        // a header value fetch itself refuses
      }
    }
    let body: BodyInit | undefined;
    if (s.method === "POST") {
      if (s.body === "urlencoded") body = new URLSearchParams(fields);
      else if (s.body === "multipart") {
        const form = new FormData();
        for (const [k, v] of fields) form.append(k, v);
        form.append("attachments", new File([Buffer.from("%PDF-1.4\n%%EOF\n")], "a.pdf"));
        // Serialised first, so the body has a stated length as a browser's has.
        const encoded = new Response(form);
        headers.set("content-type", encoded.headers.get("content-type")!);
        body = await encoded.arrayBuffer();
      } else if (s.body === "json") {
        headers.set("content-type", "application/json");
        body = JSON.stringify(Object.fromEntries(fields));
      } else if (s.body === "text") {
        headers.set("content-type", "text/plain");
        body = fields.map(([k, v]) => `${k}=${v}`).join("\n");
      } else if (s.body === "brokenMultipart") {
        headers.set("content-type", "multipart/form-data; boundary=zzz");
        body = `--zzz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${session.csrf}\r\n--zz`;
      }
    }
    let status: number;
    try {
      const res = await fetch(url, { method: s.method, headers, body, redirect: "manual" });
      status = res.status;
      await res.arrayBuffer();
    } catch (error) {
      status = 599;
      serverErrors.push(`${s.method} ${url.pathname}: ${String(error)} (${String((error as { cause?: unknown }).cause)})`);
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status >= 500)
      serverErrors.push(
        `${status} ${s.method} ${url.pathname}${url.search} as ${s.role}, ${s.body} body, fields ${JSON.stringify(fields).slice(0, 300)}`,
      );

    if (i % 25 === 0) {
      const t0 = performance.now();
      const health = await fetch(`${base}/healthz`);
      await health.arrayBuffer();
      const ms = performance.now() - t0;
      slowestHealthzMs = Math.max(slowestHealthzMs, ms);
      if (health.status !== 200) serverErrors.push(`/healthz answered ${health.status} after request ${i}`);
    }
    if ((i + 1) % 500 === 0)
      log(`${i + 1}/${samples.length} requests, ${serverErrors.length} 5xx, slowest /healthz ${slowestHealthzMs.toFixed(0)} ms`);
  }

  // Whole records: every request and centre created during the run has its first event and audit row.
  const after = new Database(options.databasePath, { readonly: true, fileMustExist: true });
  const since = startedAt - 1000; // created_at is in milliseconds
  const brokenRecords = [
    ...(after
      .prepare(
        `select 'request ' || r.id as what from support_requests r where r.created_at >= ? and (
           not exists (select 1 from request_events e where e.request_id = r.id and e.action = 'submit') or
           not exists (select 1 from audit_log a where a.entity_id = r.id))`,
      )
      .all(since) as { what: string }[]),
    ...(after
      .prepare(
        `select 'centre ' || c.id as what from centres c where c.created_at >= ? and not exists (select 1 from audit_log a where a.entity_id = c.id)`,
      )
      .all(since) as { what: string }[]),
  ].map((r) => r.what);
  const integrity = String(after.pragma("integrity_check", { simple: true }));
  const foreignKeyProblems = (after.pragma("foreign_key_check") as unknown[]).length;
  after.close();
  return { requests: samples.length, byStatus, serverErrors, slowestHealthzMs, brokenRecords, integrity, foreignKeyProblems };
}

export const ROUTES_DIR = path.resolve("app/routes");
