/// <reference types="vite/client" />
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { answerArticles, attachments, supportRequests } from "../../db/schema";
import { createArticle } from "~/models/answers.server";
import { db } from "~/utils/db.server";
import { context, makeUser, post, run, sessionCookieFor, statusOf } from "../helpers/requests";

/**
 * Every route × method × role, for the own centre and another: a route added without an entry
 * here fails the first test. "allow" = answered (2xx/3xx/400/409), "deny" = 403,
 * "login" = sent to sign in (or 401 for the API), "nf" = 404 (scoping hides the record).
 */
type Expect = "allow" | "deny" | "login" | "nf";
const ACTORS = ["anon", "admin", "steward", "stewardOther", "official", "enterprise", "enterpriseOther"] as const;
type Actor = (typeof ACTORS)[number];
type Row = Record<Actor, Expect>;

const row = (
  anon: Expect,
  admin: Expect,
  steward: Expect,
  stewardOther: Expect,
  official: Expect,
  enterprise: Expect,
  enterpriseOther: Expect,
): Row => ({
  anon,
  admin,
  steward,
  stewardOther,
  official,
  enterprise,
  enterpriseOther,
});
const ADMIN_ONLY = row("login", "allow", "deny", "deny", "deny", "deny", "deny");
const STAFF_READ = row("login", "allow", "allow", "allow", "allow", "deny", "deny");
const ASSIGNED_WRITE = row("login", "allow", "allow", "deny", "deny", "deny", "deny");
const STEWARDS = row("login", "allow", "allow", "allow", "deny", "deny", "deny");
const DASHBOARD = row("login", "allow", "allow", "allow", "allow", "deny", "deny");
const PORTAL = row("login", "deny", "deny", "deny", "deny", "allow", "allow");
const PORTAL_OWN = row("login", "deny", "deny", "deny", "deny", "allow", "nf");
const SIGNED_IN = row("login", "allow", "allow", "allow", "allow", "allow", "allow");
const PUBLIC = row("allow", "allow", "allow", "allow", "allow", "allow", "allow");
const NOT_FOUND = row("nf", "nf", "nf", "nf", "nf", "nf", "nf");
const NOTIFIED = row("login", "allow", "allow", "allow", "deny", "allow", "allow");

type Entry = { url: string; get: Row; post?: Row; postFields?: Record<string, string> };
let ids: { centreId: string; requestId: string; attachmentId: string; articleId: string };

const MATRIX: Record<string, () => Entry> = {
  "_index.tsx": () => ({ url: "/", get: row("login", "allow", "allow", "allow", "allow", "allow", "allow") }),
  "healthz.ts": () => ({ url: "/healthz", get: PUBLIC }),
  // The bench's yardstick page (issue 14): one SQLite read, open to everyone like /healthz.
  "bench.trivial.tsx": () => ({ url: "/bench/trivial", get: PUBLIC }),
  // The bench's event-loop probe (issue 14): only with BENCH=1, else not found for everyone.
  "bench.event-loop.ts": () => ({ url: "/bench/event-loop", get: NOT_FOUND }),
  "language.tsx": () => ({ url: "/language", get: PUBLIC, post: PUBLIC, postFields: { lng: "en", redirectTo: "/" } }),
  "login.tsx": () => ({ url: "/login", get: PUBLIC, post: PUBLIC }),
  // Without a pending second step (password just checked) the step sends everyone back to /login.
  "login_.two-factor.tsx": () => ({
    url: "/login/two-factor",
    get: row("login", "allow", "allow", "allow", "allow", "allow", "allow"),
    post: PUBLIC,
  }),
  "account.security.tsx": () => ({ url: "/account/security", get: SIGNED_IN, post: SIGNED_IN }),
  "logout.tsx": () => ({ url: "/logout", get: PUBLIC, post: { ...PUBLIC, anon: "login" } }),
  // An unknown invitation token is a 404 page for everyone; posting to it is answered with the same clear refusal.
  "invite.$token.tsx": () => ({
    url: "/invite/not-a-real-token",
    get: row("nf", "nf", "nf", "nf", "nf", "nf", "nf"),
    post: PUBLIC,
  }),
  // Signed-in users are sent home; asking for a link is answered the same for everyone.
  "forgot-password.tsx": () => ({ url: "/forgot-password", get: PUBLIC, post: PUBLIC }),
  // An unknown reset token is a 404 page for everyone; posting to it is answered with a clear refusal.
  "reset-password.$token.tsx": () => ({
    url: "/reset-password/not-a-real-token",
    get: row("nf", "nf", "nf", "nf", "nf", "nf", "nf"),
    post: PUBLIC,
  }),
  "notifications.tsx": () => ({ url: "/notifications", get: STEWARDS, post: STEWARDS }),
  "settings.notifications.tsx": () => ({ url: "/settings/notifications", get: NOTIFIED, post: NOTIFIED }),
  "admin._index.tsx": () => ({ url: "/admin", get: ADMIN_ONLY }),
  "admin.users.tsx": () => ({ url: "/admin/users", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "admin.reference.tsx": () => ({ url: "/admin/reference", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "admin.checklists.tsx": () => ({ url: "/admin/checklists", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "admin.outbox.tsx": () => ({ url: "/admin/outbox", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "admin.api-tokens.tsx": () => ({ url: "/admin/api-tokens", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "admin.settings.tsx": () => ({ url: "/admin/settings", get: ADMIN_ONLY, post: ADMIN_ONLY }),
  "api.v1.stats.centres.ts": () => ({
    url: "/api/v1/stats/centres?by=level",
    get: row("login", "allow", "deny", "deny", "allow", "deny", "deny"),
  }),
  "attachments.$attachmentId.tsx": () => ({
    url: `/attachments/${ids.attachmentId}`,
    get: row("login", "allow", "allow", "allow", "allow", "allow", "nf"),
  }),
  "centres._index.tsx": () => ({ url: "/centres", get: STAFF_READ }),
  // The steward picker's suggestions: whoever reads the centre list may read its stewards' names.
  "stewards.options.ts": () => ({ url: "/stewards/options?q=li", get: STAFF_READ }),
  "centres.new.tsx": () => ({ url: "/centres/new", get: STEWARDS, post: STEWARDS }),
  "centres.import.tsx": () => ({ url: "/centres/import", get: STEWARDS, post: STEWARDS }),
  "centres.export[.]csv.ts": () => ({ url: "/centres/export.csv", get: STAFF_READ }),
  "centres.export[.]xlsx.ts": () => ({ url: "/centres/export.xlsx", get: STAFF_READ }),
  "centres.$centreId.tsx": () => ({
    url: `/centres/${ids.centreId}`,
    get: STAFF_READ,
    post: ASSIGNED_WRITE,
    postFields: { intent: "stage" },
  }),
  "centres.$centreId_.edit.tsx": () => ({ url: `/centres/${ids.centreId}/edit`, get: ASSIGNED_WRITE, post: ASSIGNED_WRITE }),
  "centres.$centreId_.checklist.tsx": () => ({
    url: `/centres/${ids.centreId}/checklist`,
    get: STAFF_READ,
    post: ASSIGNED_WRITE,
  }),
  "centres.$centreId_.follow-ups.tsx": () => ({
    url: `/centres/${ids.centreId}/follow-ups`,
    get: STAFF_READ,
    post: ASSIGNED_WRITE,
  }),
  "centres.$centreId_.handover.tsx": () => ({ url: `/centres/${ids.centreId}/handover`, get: STAFF_READ }),
  "centres.$centreId_.interactions.new.tsx": () => ({
    url: `/centres/${ids.centreId}/interactions/new`,
    get: ASSIGNED_WRITE,
    post: ASSIGNED_WRITE,
  }),
  "centres.$centreId_.invite.tsx": () => ({ url: `/centres/${ids.centreId}/invite`, get: ASSIGNED_WRITE, post: ASSIGNED_WRITE }),
  "pipeline.tsx": () => ({
    url: "/pipeline",
    get: STAFF_READ,
    post: row("login", "allow", "allow", "allow", "deny", "deny", "deny"),
  }),
  "work.tsx": () => ({ url: "/work", get: STEWARDS }),
  "dashboard._index.tsx": () => ({ url: "/dashboard", get: DASHBOARD }),
  "dashboard.centres.tsx": () => ({ url: "/dashboard/centres?by=level&key=regional", get: DASHBOARD }),
  "dashboard.requests.tsx": () => ({ url: "/dashboard/requests", get: DASHBOARD }),
  "dashboard.print.tsx": () => ({ url: "/dashboard/print", get: DASHBOARD }),
  "dashboard.export[.]csv.ts": () => ({ url: "/dashboard/export.csv?table=level", get: DASHBOARD }),
  "dashboard.export[.]xlsx.ts": () => ({ url: "/dashboard/export.xlsx?table=level", get: DASHBOARD }),
  "portal._index.tsx": () => ({ url: "/portal", get: PORTAL }),
  "portal.requests.new.tsx": () => ({ url: "/portal/requests/new", get: PORTAL, post: PORTAL }),
  "portal.requests.$requestId.tsx": () => ({
    url: `/portal/requests/${ids.requestId}`,
    get: PORTAL_OWN,
    post: PORTAL_OWN,
    postFields: { intent: "reply", body: "hello" },
  }),
  "requests._index.tsx": () => ({ url: "/requests?q=matrix", get: STAFF_READ }),
  // Enterprise users are sent on to their portal search (a redirect, so "allow").
  "search.tsx": () => ({ url: "/search?q=matrix", get: row("login", "allow", "allow", "allow", "allow", "allow", "allow") }),
  "portal.search.tsx": () => ({ url: "/portal/search?q=matrix", get: PORTAL }),
  "saved-views.tsx": () => ({ url: "/saved-views", get: PUBLIC, post: STAFF_READ }),
  // Officials may export a selection; each assignment is then authorised per centre (refusals listed on the result page).
  "centres.bulk.tsx": () => ({ url: "/centres/bulk", get: PUBLIC, post: STAFF_READ }),
  // A result is only its actor's: an unknown (or another user's) id is not found.
  "centres.bulk_.$resultId.tsx": () => ({
    url: "/centres/bulk/0190a000-0000-7000-8000-000000000000",
    get: row("login", "nf", "nf", "nf", "nf", "deny", "deny"),
  }),
  "requests.new.tsx": () => ({ url: "/requests/new", get: STEWARDS, post: STEWARDS }),
  // The policy library (issue 15): staff read, stewards and admins write; enterprises read published articles in the portal.
  "answers._index.tsx": () => ({ url: "/answers", get: STAFF_READ }),
  "answers.new.tsx": () => ({ url: "/answers/new", get: STEWARDS, post: STEWARDS }),
  "answers.$articleId.tsx": () => ({ url: `/answers/${ids.articleId}`, get: STAFF_READ, post: STEWARDS }),
  "answers.$articleId_.edit.tsx": () => ({ url: `/answers/${ids.articleId}/edit`, get: STEWARDS, post: STEWARDS }),
  "answers.import.tsx": () => ({ url: "/answers/import", get: STEWARDS, post: STEWARDS }),
  "answers.export[.]csv.ts": () => ({ url: "/answers/export.csv", get: STAFF_READ }),
  "portal.answers._index.tsx": () => ({ url: "/portal/answers?q=matrix", get: PORTAL }),
  "portal.answers.$articleId.tsx": () => ({ url: `/portal/answers/${ids.articleId}`, get: PORTAL }),
  "portal.answers.suggest.ts": () => ({ url: "/portal/answers/suggest?text=matrix", get: PORTAL }),
  "requests.$requestId.tsx": () => ({
    url: `/requests/${ids.requestId}`,
    get: STAFF_READ,
    post: ASSIGNED_WRITE,
    postFields: { intent: "reply", body: "hello" },
  }),
};

const ROUTES_DIR = path.resolve("app/routes");
// Files Remix does not take for routes (remix.config.js ignoredRouteFiles: a route's private `__*` modules) need no entry.
const routeFiles = fs.readdirSync(ROUTES_DIR).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.startsWith("__"));
type RouteModule = { loader?: (a: unknown) => Promise<unknown>; action?: (a: unknown) => Promise<unknown> };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");

function paramsFor(file: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (file.includes("$centreId")) params.centreId = ids.centreId;
  if (file.includes("$requestId")) params.requestId = ids.requestId;
  if (file.includes("$attachmentId")) params.attachmentId = ids.attachmentId;
  if (file.includes("$token")) params.token = "not-a-real-token";
  if (file.includes("$resultId")) params.resultId = "0190a000-0000-7000-8000-000000000000";
  if (file.includes("$articleId")) params.articleId = ids.articleId;
  return params;
}

function classify(result: unknown, actor: Actor): Expect {
  const status = statusOf(result);
  if (status === 403) return "deny";
  if (status === 404) return "nf";
  if (status === 401) return "login";
  if (
    result instanceof Response &&
    status >= 300 &&
    status < 400 &&
    (result.headers.get("Location") ?? "").startsWith("/login") &&
    actor === "anon"
  )
    return "login";
  if (status >= 500) throw new Error(`answered ${status}`);
  return "allow";
}

let users: Record<Exclude<Actor, "anon">, string>;

beforeAll(async () => {
  const steward = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: "矩阵中心",
    nameEn: "Matrix Centre",
    parentCompany: "M",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(9_300_001),
    leadStewardId: steward.id,
  });
  const otherCentre = insertCentre(db, {
    nameZh: "矩阵他中心",
    nameEn: "Matrix Other",
    parentCompany: "M",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(9_300_002),
  });
  const enterprise = await makeUser("enterprise", { centreId });
  users = {
    admin: (await makeUser("admin")).id,
    steward: steward.id,
    stewardOther: (await makeUser("steward")).id,
    official: (await makeUser("official")).id,
    enterprise: enterprise.id,
    enterpriseOther: (await makeUser("enterprise", { centreId: otherCentre })).id,
  };
  const { action } = await import("~/routes/portal.requests.new");
  const form = new FormData();
  const submit = await post(
    "/portal/requests/new",
    { category: "tax", title: "Matrix", description: "d", idempotency_key: "matrix-key-1" },
    { userId: enterprise.id },
  );
  for (const [k, v] of (await submit.formData()).entries()) form.append(k, v);
  form.append("attachments", new File([Buffer.from("%PDF-1.4\n%%EOF\n")], "m.pdf"));
  const created = (await run(() =>
    action({
      request: new Request(submit.url, { method: "POST", body: form, headers: { Cookie: submit.headers.get("Cookie")! } }),
      params: {},
      context,
    }),
  )) as Response;
  const requestId = created.headers.get("Location")!.split("/").pop()!;
  const attachmentId = db.select({ id: attachments.id }).from(attachments).where(eq(attachments.requestId, requestId)).get()!.id;
  expect(db.select().from(supportRequests).where(eq(supportRequests.id, requestId)).get()).toBeDefined();
  const article = createArticle(
    { id: users.steward, role: "steward" },
    {
      snapshot: {
        titleZh: "矩阵问答",
        titleEn: "Matrix answer",
        bodyZh: "正文",
        bodyEn: "Body",
        categoryCode: "tax",
        departmentCodes: [],
        templateIds: [],
        sources: [],
        validFrom: null,
        reviewBy: "2099-12-31",
      },
      note: "",
    },
  );
  if (!article.ok) throw new Error("matrix article not created");
  db.update(answerArticles).set({ status: "published" }).where(eq(answerArticles.id, article.id)).run();
  ids = { centreId, requestId, attachmentId, articleId: article.id };
});

describe("permission matrix", { timeout: 120_000 }, () => {
  it("has an entry for every route file", () => {
    expect(routeFiles.filter((f) => !MATRIX[f])).toEqual([]);
    expect(Object.keys(MATRIX).filter((f) => !routeFiles.includes(f))).toEqual([]);
  });

  it("answers every route × method × role as expected", async () => {
    const mismatches: string[] = [];
    let cases = 0;
    for (const file of routeFiles) {
      const entry = MATRIX[file]?.();
      if (!entry) continue;
      const mod = await modules[`../../app/routes/${file}`]!();
      for (const method of ["GET", "POST"] as const) {
        const expected = method === "GET" ? entry.get : entry.post;
        const fn = method === "GET" ? mod.loader : mod.action;
        if (!fn || !expected) {
          if (method === "POST" && Boolean(mod.action) !== Boolean(entry.post))
            mismatches.push(`${file} POST: action ${mod.action ? "exists without" : "missing for"} an entry`);
          continue;
        }
        for (const actor of ACTORS) {
          const userId = actor === "anon" ? undefined : users[actor];
          const request =
            method === "GET"
              ? new Request(`http://localhost${entry.url}`, { headers: userId ? { Cookie: await sessionCookieFor(userId) } : {} })
              : await post(entry.url, entry.postFields ?? { intent: "__matrix__" }, { userId });
          let got: Expect;
          try {
            got = classify(await run(() => fn({ request, params: paramsFor(file), context })), actor);
          } catch (error) {
            mismatches.push(`${file} ${method} ${actor}: threw ${String(error).slice(0, 120)}`);
            continue;
          }
          cases++;
          if (got !== expected[actor]) mismatches.push(`${file} ${method} ${actor}: expected ${expected[actor]}, got ${got}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cases).toBeGreaterThan(300);
  }, 120_000);
});
