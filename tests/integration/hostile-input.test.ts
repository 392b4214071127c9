import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { action as loginAction } from "~/routes/login";
import { action as usersAction } from "~/routes/admin.users";
import { action as newCentreAction } from "~/routes/centres.new";
import { action as centrePageAction } from "~/routes/centres.$centreId";
import { action as newRequestAction } from "~/routes/portal.requests.new";
import { action as requestAction } from "~/routes/requests.$requestId";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as inboxAction } from "~/routes/notifications";
import { action as resetAction } from "~/routes/reset-password.$token";
import { action as settingsAction } from "~/routes/settings.notifications";
import { loader as queueLoader } from "~/routes/requests._index";
import { loader as portalSearchLoader } from "~/routes/portal.search";
import { loader as searchLoader } from "~/routes/search";
import { action as bulkAction } from "~/routes/centres.bulk";
import { action as savedViewsAction } from "~/routes/saved-views";
import { loader as centresLoader } from "~/routes/centres._index";
import { loader as stewardOptionsLoader } from "~/routes/stewards.options";
import { loader as answersLoader } from "~/routes/answers._index";
import { loader as portalAnswersLoader } from "~/routes/portal.answers._index";
import { loader as answerSuggestLoader } from "~/routes/portal.answers.suggest";
import { action as interactionAction } from "~/routes/centres.$centreId_.interactions.new";
import { db } from "~/utils/db.server";
import { context, get, makeUser, post, run, statusOf } from "../helpers/requests";

/** Strings an attacker or a careless paste might send. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ minLength: 5000, maxLength: 12000 }),
  fc.constantFrom(
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE centres; --",
    "1 OR 1=1",
    "%00\u0000nul",
    "\u202Eevil\u202C",
    "𠜎𠜱𠝹𠱓𠱸𠲖",
    "ＡＢＣ１２３",
    "../../etc/passwd",
    "{{constructor.constructor('x')()}}",
    // Names every object inherits: a lookup table keyed by user input must not find them.
    "valueOf",
    "__proto__",
    "constructor",
    "null",
    "undefined",
    "-1",
    "9".repeat(400),
    "NaN",
    "2026-02-30",
    "javascript:alert(1)",
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

/** A form of random fields: the expected names with hostile values, missing ones and extra ones. */
function hostileForm(fields: string[]) {
  return fc
    .record(
      Object.fromEntries(fields.map((f) => [f, fc.option(hostileString, { nil: undefined })])) as Record<
        string,
        fc.Arbitrary<string | undefined>
      >,
      { requiredKeys: [] },
    )
    .chain((base) =>
      fc
        .dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileString, { maxKeys: 3 })
        .map((extra) => ({ ...extra, ...base })),
    )
    .map((obj) => Object.fromEntries(Object.entries(obj).filter((e): e is [string, string] => typeof e[1] === "string")));
}

const counts = () =>
  db.get<{ c: number; e: number; a: number; u: number; r: number; m: number }>(sql`select
  (select count(*) from centres) as c, (select count(*) from centre_events) as e, (select count(*) from audit_log) as a,
  (select count(*) from users) as u, (select count(*) from support_requests) as r, (select count(*) from request_messages) as m`);

type Action = (args: { request: Request; params: Record<string, string>; context: typeof context }) => Promise<unknown>;

/** Runs an action; it must answer (a Response or data), never throw anything but a Response. */
async function callAction(
  action: Action,
  path: string,
  fields: Record<string, string>,
  userId: string,
  params: Record<string, string> = {},
) {
  const request = await post(path, fields, { userId });
  const result = await run(() => action({ request, params, context }));
  const status = statusOf(result);
  expect(status, `${path} ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(500);
  return status;
}

const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);
let tried = 0;

describe("hostile input never causes a 500 or a partial write", { timeout: 120_000 }, () => {
  it("sign-in", async () => {
    const user = await makeUser("steward");
    await fc.assert(
      fc.asyncProperty(hostileForm(["email", "password", "redirectTo"]), async (fields) => {
        tried++;
        await callAction(loginAction as Action, "/login", fields, user.id);
      }),
      { numRuns: RUNS },
    );
  });

  it("creating a centre", async () => {
    const steward = await makeUser("steward");
    const fields = [
      "name_zh",
      "name_en",
      "uscc",
      "parent_company",
      "country",
      "district",
      "park",
      "industries",
      "type",
      "level",
      "stage",
      "rd_headcount",
      "rd_spend_cny",
      "website",
      "address",
      "lead_steward_email",
      "lead_steward_text",
      "district_steward_text",
      "notes",
      "contacts.0.name",
      "contacts.0.email",
      "contacts.99.phone",
    ];
    await fc.assert(
      fc.asyncProperty(hostileForm(fields), async (form) => {
        tried++;
        const before = counts();
        const status = await callAction(newCentreAction as Action, "/centres/new", form, steward.id);
        const after = counts();
        if (status !== 302) expect(after).toEqual(before);
        else expect(after.c).toBe(before.c + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it("centre events", async () => {
    const steward = await makeUser("steward");
    const id = insertCentre(db, {
      nameZh: "敌意",
      nameEn: "Hostile",
      parentCompany: "H",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(9_100_001),
      leadStewardId: steward.id,
    });
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["intent", "stage", "effective_on", "note", "batch", "level", "document_ref"]),
        fc.constantFrom("stage", "recognised", "level", "withdrawn", "bogus", "valueOf", "toString"),
        async (form, intent) => {
          tried++;
          const before = counts();
          const status = await callAction(centrePageAction as Action, `/centres/${id}`, { intent, ...form }, steward.id, {
            centreId: id,
          });
          if (status !== 302) expect(counts()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("admin users", async () => {
    const admin = await makeUser("admin");
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["intent", "email", "name", "role", "password", "locale", "centreId", "userId", "disabled"]),
        async (form) => {
          tried++;
          const before = counts();
          const status = await callAction(usersAction as Action, "/admin/users", form, admin.id);
          if (status !== 302) expect(counts()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("submitting and acting on support requests", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "敌意诉求",
      nameEn: "Hostile Requests",
      parentCompany: "H",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(9_100_002),
      leadStewardId: steward.id,
    });
    const enterprise = await makeUser("enterprise", { centreId });
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["category", "title", "description", "urgency", "idempotency_key", "centre_id"]),
        async (form) => {
          tried++;
          const before = counts();
          const status = await callAction(newRequestAction as Action, "/portal/requests/new", form, enterprise.id);
          if (status !== 302) expect(counts().r).toBe(before.r);
        },
      ),
      { numRuns: RUNS },
    );
    const request = await post(
      "/portal/requests/new",
      { category: "tax", title: "t", description: "d", idempotency_key: "hostile-key-0001" },
      { userId: enterprise.id },
    );
    const created = (await run(() => newRequestAction({ request, params: {}, context }))) as Response;
    const requestId = created.headers.get("Location")!.split("/").pop()!;
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["body", "reason", "department", "note", "rating", "comment", "escalated"]),
        fc.constantFrom(
          "accept",
          "reject",
          "refer",
          "record_department_answer",
          "answer",
          "close",
          "reopen",
          "reply",
          "internal_note",
          "rate",
          "escalate",
          "drop",
        ),
        async (form, intent) => {
          tried++;
          await callAction(requestAction as Action, `/requests/${requestId}`, { ...form, intent }, steward.id, { requestId });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("notification settings, the notification list and the password-reset forms", async () => {
    const enterprise = await makeUser("enterprise");
    const steward = await makeUser("steward");
    const modeOf = (id: string) => db.get<{ m: string }>(sql`select notification_mode as m from users where id = ${id}`).m;
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["mode", "intent", "id", "email", "password", "confirm"]),
        hostileString,
        async (form, token) => {
          tried++;
          const before = { mode: modeOf(enterprise.id), counts: counts() };
          const status = await callAction(settingsAction as Action, "/settings/notifications", form, enterprise.id);
          if (status !== 302) expect(modeOf(enterprise.id)).toBe(before.mode);
          await callAction(inboxAction as Action, "/notifications", form, steward.id);
          await callAction(forgotAction as Action, "/forgot-password", form, steward.id);
          await callAction(resetAction as Action, "/reset-password/x", form, steward.id, { token });
          expect(counts().u).toBe(before.counts.u);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("searching (the search page, the portal search, the request queue)", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "敌意搜索",
      nameEn: "Hostile Search",
      parentCompany: "H",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(9_100_003),
      leadStewardId: steward.id,
    });
    const enterprise = await makeUser("enterprise", { centreId });
    const searches: [Action, string, string][] = [
      [searchLoader as Action, "/search", steward.id],
      [portalSearchLoader as Action, "/portal/search", enterprise.id],
      [queueLoader as Action, "/requests", steward.id],
    ];
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.constantFrom(...searches),
        fc.option(hostileString, { nil: undefined }),
        async (q, [loader, path, userId], kind) => {
          tried++;
          const before = counts();
          const params = new URLSearchParams({ q, ...(kind === undefined ? {} : { kind }) });
          const result = await run(async () =>
            loader({ request: await get(`${path}?${params.toString()}`, userId), params: {}, context }),
          );
          const status = result instanceof Response ? result.status : 200;
          expect(status, `${path} ${q.slice(0, 100)}`).toBeLessThan(500);
          expect(counts()).toEqual(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("the steward pickers: suggestions, the lists' steward filters and every follow-up row of an interaction", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "敌意管家",
      nameEn: "Hostile Picker",
      parentCompany: "H",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(9_100_005),
      leadStewardId: steward.id,
    });
    const lists: [Action, string, string][] = [
      [stewardOptionsLoader as Action, "/stewards/options", "q"],
      [centresLoader as Action, "/centres", "steward_text"],
      [queueLoader as Action, "/requests", "steward_text"],
    ];
    await fc.assert(
      fc.asyncProperty(hostileString, fc.constantFrom(...lists), async (text, [loader, path, name]) => {
        tried++;
        const before = counts();
        const params = new URLSearchParams({ [name]: text, steward: text.slice(0, 64) });
        const result = await run(async () =>
          loader({ request: await get(`${path}?${params}`, steward.id), params: {}, context }),
        );
        expect(result instanceof Response ? result.status : 200, `${path} ${text.slice(0, 100)}`).toBeLessThan(500);
        expect(counts()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
    // Text past a search box's limit is no search, on every box that reads a query this way.
    const enterprise = await makeUser("enterprise", { centreId });
    const overLong: [Action, string, string][] = [
      [stewardOptionsLoader as Action, `/stewards/options?q=${"a".repeat(201)}`, steward.id],
      [answersLoader as Action, `/answers?q=${"a".repeat(201)}`, steward.id],
      [portalAnswersLoader as Action, `/portal/answers?q=${"a".repeat(201)}`, enterprise.id],
      [answerSuggestLoader as Action, `/portal/answers/suggest?text=${"a".repeat(6001)}`, enterprise.id],
    ];
    for (const [loader, path, userId] of overLong) {
      const result = await run(async () => loader({ request: await get(path, userId), params: {}, context }));
      expect(result instanceof Response ? result.status : 200, path.slice(0, 40)).toBe(200);
    }
    // The most follow-up rows a form can name (two-digit indexes), each with typed owner text: refused whole, nothing written.
    const rows: Record<string, string> = { kind: "call", occurred_on: "2026-10-08", occurred_time: "10:00", summary: "x" };
    for (let i = 0; i < 100; i++) {
      rows[`followUps.${i}.description`] = `row ${i}`;
      rows[`followUps.${i}.owner_text`] = "@";
    }
    const before = counts();
    expect(
      await callAction(interactionAction as Action, `/centres/${centreId}/interactions/new`, rows, steward.id, { centreId }),
    ).toBe(400);
    expect(counts()).toEqual(before);
    // A row name reaching a prototype is refused before any value is read.
    expect(
      await callAction(
        interactionAction as Action,
        `/centres/${centreId}/interactions/new`,
        { ...rows, "followUps.__proto__.owner_text": "x" },
        steward.id,
        { centreId },
      ),
    ).toBe(400);
  });

  it("bulk work on centres and saved views", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "敌意批量",
      nameEn: "Hostile Bulk",
      parentCompany: "H",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(9_100_004),
      leadStewardId: steward.id,
    });
    await fc.assert(
      fc.asyncProperty(
        hostileForm(["scope", "filters", "steward_id", "steward_text", "template_id", "ids", "name", "query", "id"]),
        fc.constantFrom("assign_lead", "assign_district", "apply_template", "export", "save", "delete", "valueOf", "__proto__"),
        fc.constantFrom("centres", "requests", "constructor"),
        fc.boolean(),
        async (form, intent, page, withCentre) => {
          tried++;
          const before = counts();
          const fields = { ...form, intent, page, ...(withCentre ? { ids: centreId } : {}) };
          const res = await run(async () =>
            (bulkAction as Action)({ request: await post("/centres/bulk", fields, { userId: steward.id }), params: {}, context }),
          );
          const status = res instanceof Response ? res.status : 200;
          expect(status).toBeLessThan(500);
          // Anything but a result page (an error sent back to the list, a CSV) wrote nothing.
          if (!(res instanceof Response && /^\/centres\/bulk\/[0-9a-f-]{36}$/.test(res.headers.get("Location") ?? "")))
            expect(counts()).toEqual(before);
          const afterBulk = counts();
          await callAction(savedViewsAction as Action, "/saved-views", fields, steward.id);
          // A saved view writes itself and its audit row, nothing else.
          expect({ ...counts(), a: 0 }).toEqual({ ...afterBulk, a: 0 });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("tried a meaningful number of hostile inputs", () => {
    expect(tried).toBeGreaterThanOrEqual(RUNS * 6);
  });
});
