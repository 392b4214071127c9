import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, centreEvents, centres } from "../../db/schema";
import { insertCentre, makeUscc } from "../../db/factories";
import { loader as listLoader } from "~/routes/centres._index";
import { action as newAction } from "~/routes/centres.new";
import { action as editAction, loader as editLoader } from "~/routes/centres.$centreId_.edit";
import { action as pageAction, loader as pageLoader } from "~/routes/centres.$centreId";
import { referenceList } from "~/models/reference.server";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let uscc = 900_000;
const nextUscc = () => makeUscc(uscc++);

function form(overrides: Record<string, string> = {}) {
  return {
    name_zh: "测试生物（北京）研发中心",
    name_en: "Test Bio Beijing R&D Centre",
    uscc: nextUscc().toLowerCase(),
    parent_company: "Test Bio AG",
    country: "CH",
    district: "haidian",
    park: "zgc_haidian",
    industries: "health_pharma",
    type: "rd_innovation_centre",
    level: "regional",
    stage: "in_contact",
    rd_headcount: "120",
    rd_spend_cny: "50,000,000",
    website: "https://testbio.example",
    "contacts.0.name": "Anna Meier",
    "contacts.0.email": "anna@testbio.example",
    "contacts.0.language": "en",
    "contacts.1.name": "",
    "contacts.1.language": "zh-CN",
    ...overrides,
  };
}

async function create(userId: string, fields: Record<string, string>) {
  const request = await post("/centres/new", fields, { userId });
  return run(() => newAction({ request, params: {}, context }));
}

function idFrom(res: unknown) {
  return (res as Response).headers.get("Location")!.split("/").pop()!;
}

describe("creating a centre", () => {
  it("saves the record, its industries, contacts, first stage event and an audit row; the creating steward leads it", async () => {
    const steward = await makeUser("steward");
    const res = await create(steward.id, form());
    expect((res as Response).status).toBe(302);
    const id = idFrom(res);
    const row = db.select().from(centres).where(eq(centres.id, id)).get()!;
    expect(row.uscc).toMatch(/^[0-9A-Z]{18}$/);
    expect(row.rdSpendCny).toBe(50_000_000);
    expect(row.leadStewardId).toBe(steward.id);
    expect(row.stage).toBe("in_contact");
    const events = db.select().from(centreEvents).where(eq(centreEvents.centreId, id)).all();
    expect(events).toMatchObject([
      { kind: "stage_changed", toStage: "in_contact", effectiveOn: todayInBeijing(), actorId: steward.id },
    ]);
    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, id)).all();
    // The centre's row and its first checklist's (one row listing the items).
    expect(audit.map((a) => a.entity).sort()).toEqual(["centre", "centre_checklist"]);
    expect(audit.find((a) => a.entity === "centre")!.changes).toContainEqual({
      field: "contacts",
      before: null,
      after: ["Anna Meier · anna@testbio.example · en"],
    });
  });

  it("answers field errors in one go and keeps the input", async () => {
    const steward = await makeUser("steward");
    const { status, data } = payload<{ fieldErrors: Record<string, string>; values: Record<string, unknown> }>(
      await create(
        steward.id,
        form({
          name_zh: "",
          uscc: "91110000MA01ABCD1X",
          industries: "",
          rd_headcount: "-3",
          website: "ftp://x",
          "contacts.0.email": "nope",
        }),
      ),
    );
    expect(status).toBe(400);
    expect(data.fieldErrors).toMatchObject({
      name_zh: "validation.required",
      uscc: "validation.usccInvalid",
      industries: "validation.industryRequired",
      rd_headcount: "validation.wholeNumber",
      website: "validation.url",
      "contacts.0.email": "validation.email",
    });
    expect(data.values).toMatchObject({ name_en: "Test Bio Beijing R&D Centre", uscc: "91110000MA01ABCD1X" });
  });

  it("refuses unknown reference codes, a park outside the district, unknown stewards and a taken USCC", async () => {
    const steward = await makeUser("steward");
    const first = form();
    await create(steward.id, first);
    const { data } = payload<{ fieldErrors: Record<string, string> }>(
      await create(
        steward.id,
        form({
          uscc: first.uscc,
          country: "XX",
          park: "zgc_changping",
          industries: "ai;telepathy",
          lead_steward_email: "ghost@test.local",
        }),
      ),
    );
    expect(data.fieldErrors).toEqual({
      uscc: "validation.usccTaken",
      country: "validation.unknownCode",
      park: "validation.parkDistrict",
      industries: "validation.unknownCode",
      lead_steward_email: "validation.unknownSteward",
    });
  });

  it("takes stewards typed by name or email (the pickers without JavaScript), and keeps text naming several with its error", async () => {
    const steward = await makeUser("steward");
    const colleague = await makeUser("steward");
    const several = payload<{
      fieldErrors: Record<string, string>;
      stewards: { lead: { text?: string }; district: { chosen: { id: string } | null } };
    }>(
      await create(
        steward.id,
        // Every test steward's email ends in "@test.local".
        form({ lead_steward_text: "@test.local", district_steward_email: "", district_steward_text: colleague.email }),
      ),
    );
    expect(several.status).toBe(400);
    expect(several.data.fieldErrors).toEqual({ lead_steward_email: "validation.stewardSeveral" });
    expect(several.data.stewards.lead.text).toBe("@test.local");
    // The district steward's text was resolved: the form shows that steward again.
    expect(several.data.stewards.district.chosen?.id).toBe(colleague.email);

    const res = await create(
      steward.id,
      form({ lead_steward_email: "", lead_steward_text: ` ${colleague.email.toUpperCase()} `, district_steward_text: "" }),
    );
    const row = db
      .select()
      .from(centres)
      .where(eq(centres.id, idFrom(res)))
      .get()!;
    expect(row.leadStewardId).toBe(colleague.id);
    expect(row.districtStewardId).toBeNull();
  });

  it("is refused to officials and enterprise users", async () => {
    for (const role of ["official", "enterprise"] as const) {
      const user = await makeUser(role);
      expect(((await create(user.id, form())) as Response).status, role).toBe(403);
    }
  });
});

describe("editing a centre", () => {
  it("saves with the current version, bumps it and audits field-level changes", async () => {
    const steward = await makeUser("steward");
    const id = idFrom(await create(steward.id, form()));
    const loaded = (await editLoader({
      request: await get(`/centres/${id}/edit`, steward.id),
      params: { centreId: id },
      context,
    })) as {
      version: number;
      values: { uscc: string };
    };
    const request = await post(
      `/centres/${id}/edit`,
      {
        ...form({ uscc: loaded.values.uscc!, name_en: "Renamed Centre", lead_steward_email: steward.email }),
        version: String(loaded.version),
      },
      { userId: steward.id },
    );
    const res = await run(() => editAction({ request, params: { centreId: id }, context }));
    expect((res as Response).status).toBe(302);
    const row = db.select().from(centres).where(eq(centres.id, id)).get()!;
    expect(row.nameEn).toBe("Renamed Centre");
    expect(row.version).toBe(2);
    const update = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, id))
      .all()
      .find((a) => a.action === "update")!;
    expect(update.changes).toEqual([{ field: "nameEn", before: "Test Bio Beijing R&D Centre", after: "Renamed Centre" }]);
  });

  it("refuses to save over a newer change, keeping the user's input", async () => {
    const steward = await makeUser("steward");
    const id = idFrom(await create(steward.id, form()));
    const current = db.select().from(centres).where(eq(centres.id, id)).get()!;
    const save = async (name: string) =>
      run(async () =>
        editAction({
          request: await post(
            `/centres/${id}/edit`,
            { ...form({ uscc: current.uscc, name_en: name, lead_steward_email: steward.email }), version: "1" },
            { userId: steward.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
    expect(((await save("First")) as Response).status).toBe(302);
    const { status, data } = payload<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(
      await save("Second"),
    );
    expect(status).toBe(409);
    expect(data.fieldErrors._form).toBe("validation.staleVersion");
    expect(data.values.name_en).toBe("Second");
    expect(db.select().from(centres).where(eq(centres.id, id)).get()!.nameEn).toBe("First");
  });

  it("lets only the lead or district steward, or an admin, edit", async () => {
    const lead = await makeUser("steward");
    const other = await makeUser("steward");
    const admin = await makeUser("admin");
    const official = await makeUser("official");
    const id = idFrom(await create(lead.id, form()));
    for (const [user, expected] of [
      [other, 403],
      [official, 403],
      [admin, 200],
      [lead, 200],
    ] as const) {
      const res = await run(async () =>
        editLoader({ request: await get(`/centres/${id}/edit`, user.id), params: { centreId: id }, context }),
      );
      expect(res instanceof Response ? res.status : 200, user.role).toBe(expected);
    }
  });
});

describe("recognition and level events", () => {
  it("records recognition, upgrade and withdrawal as events, updating the cached level in the same transaction", async () => {
    const steward = await makeUser("steward");
    const id = idFrom(await create(steward.id, form()));
    const act = async (fields: Record<string, string>) =>
      run(async () =>
        pageAction({ request: await post(`/centres/${id}`, fields, { userId: steward.id }), params: { centreId: id }, context }),
      );

    expect(
      (
        (await act({
          intent: "recognised",
          batch: "5",
          level: "regional",
          effective_on: "2024-07-25",
          document_ref: "京商研认〔2024〕5号",
        })) as Response
      ).status,
    ).toBe(302);
    expect(
      ((await act({ intent: "level", level: "global", effective_on: "2025-03-01", document_ref: "提级批复" })) as Response)
        .status,
    ).toBe(302);
    expect(db.select().from(centres).where(eq(centres.id, id)).get()!.level).toBe("global");

    const page = (await pageLoader({ request: await get(`/centres/${id}`, steward.id), params: { centreId: id }, context })) as {
      status: { recognised: boolean; batch: number };
      lists: Record<"countries" | "districts" | "parks" | "industries" | "stages", { code: string }[]>;
    };
    expect(page.status).toMatchObject({ recognised: true, batch: 5 });
    // Of the reference lists, only the entries the page labels: the centre's own, and every stage.
    const codes = (list: { code: string }[]) => list.map((o) => o.code);
    expect(codes(page.lists.countries)).toEqual(["CH"]);
    expect(codes(page.lists.districts)).toEqual(["haidian"]);
    expect(codes(page.lists.parks)).toEqual(["zgc_haidian"]);
    expect(codes(page.lists.industries)).toEqual(["health_pharma"]);
    expect(codes(page.lists.stages)).toEqual(referenceList("stage", { includeInactive: true }).map((o) => o.code));

    expect(
      ((await act({ intent: "withdrawn", effective_on: "2025-11-20", note: "Failed annual review" })) as Response).status,
    ).toBe(302);
    const after = (await pageLoader({ request: await get(`/centres/${id}`, steward.id), params: { centreId: id }, context })) as {
      status: { recognised: boolean; withdrawn: boolean };
    };
    expect(after.status).toMatchObject({ recognised: false, withdrawn: true });

    const kinds = db
      .select({ kind: centreEvents.kind, fromLevel: centreEvents.fromLevel, toLevel: centreEvents.toLevel })
      .from(centreEvents)
      .where(eq(centreEvents.centreId, id))
      .all();
    expect(kinds).toContainEqual({ kind: "level_changed", fromLevel: "regional", toLevel: "global" });
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["recognised", "level_changed", "withdrawn"]));
  });

  it("refuses a future effective date, a missing document reference and an unknown stage", async () => {
    const steward = await makeUser("steward");
    const id = idFrom(await create(steward.id, form()));
    const act = async (fields: Record<string, string>) =>
      payload<{ fieldErrors: Record<string, string> }>(
        await run(async () =>
          pageAction({
            request: await post(`/centres/${id}`, fields, { userId: steward.id }),
            params: { centreId: id },
            context,
          }),
        ),
      );
    expect(
      (await act({ intent: "recognised", batch: "1", level: "regional", effective_on: "2099-01-01", document_ref: "x" })).data
        .fieldErrors,
    ).toEqual({ effective_on: "validation.futureDate" });
    expect(
      (await act({ intent: "recognised", batch: "1", level: "regional", effective_on: "9999-12-31", document_ref: "x" })).data
        .fieldErrors,
    ).toEqual({ effective_on: "validation.dateRange" });
    expect(
      (await act({ intent: "level", level: "global", effective_on: "2025-01-01", document_ref: "" })).data.fieldErrors,
    ).toEqual({ document_ref: "validation.required" });
    expect((await act({ intent: "stage", stage: "teleported", effective_on: "2025-01-01" })).data.fieldErrors).toEqual({
      stage: "validation.stageUnknown",
    });
    expect((await act({ intent: "stage", stage: "landed", effective_on: "2025-02-30" })).data.fieldErrors).toEqual({
      effective_on: "validation.date",
    });
  });

  it("back-dates a stage change and keeps the latest effective stage as the current one", async () => {
    const steward = await makeUser("steward");
    const id = idFrom(await create(steward.id, form({ stage: "landed" })));
    await run(async () =>
      pageAction({
        request: await post(
          `/centres/${id}`,
          { intent: "stage", stage: "registering", effective_on: "2020-01-01", note: "typed late" },
          { userId: steward.id },
        ),
        params: { centreId: id },
        context,
      }),
    );
    const row = db.select().from(centres).where(eq(centres.id, id)).get()!;
    expect(row.stage).toBe("landed");
  });

  it("refuses events from an unassigned steward and from officials", async () => {
    const lead = await makeUser("steward");
    const id = idFrom(await create(lead.id, form()));
    for (const role of ["steward", "official"] as const) {
      const user = await makeUser(role);
      const res = await run(async () =>
        pageAction({
          request: await post(
            `/centres/${id}`,
            { intent: "stage", stage: "landed", effective_on: "2025-01-01" },
            { userId: user.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
      expect((res as Response).status, role).toBe(403);
    }
  });
});

describe("the centre list", () => {
  const ids: Record<string, string> = {};
  beforeAll(() => {
    const base = { parentCompany: "List Co", countryCode: "JP", districtCode: "chaoyang" };
    ids.a = insertCentre(db, {
      ...base,
      nameZh: "列表甲中心",
      nameEn: "Listalpha Centre",
      uscc: nextUscc(),
      industries: ["ai"],
      events: [
        { kind: "stage_changed", effectiveOn: "2024-01-01", toStage: "recognised" },
        { kind: "recognised", effectiveOn: "2024-01-18", batch: 4, level: "global" },
      ],
    });
    ids.b = insertCentre(db, {
      ...base,
      nameZh: "列表乙中心",
      nameEn: "Listbeta Centre",
      uscc: nextUscc(),
      industries: ["ai", "health_pharma"],
      events: [{ kind: "stage_changed", effectiveOn: "2024-01-01", toStage: "lead" }],
    });
    ids.c = insertCentre(db, {
      ...base,
      nameZh: "列表丙中心",
      nameEn: "Listgamma Centre",
      uscc: nextUscc(),
      industries: ["clean_energy"],
      events: [
        { kind: "stage_changed", effectiveOn: "2023-01-12", toStage: "recognised" },
        { kind: "recognised", effectiveOn: "2023-01-12", batch: 2, level: "regional" },
        { kind: "withdrawn", effectiveOn: "2025-01-01" },
        { kind: "stage_changed", effectiveOn: "2025-01-01", toStage: "exited" },
      ],
    });
  });
  const list = async (query: string) => {
    const official = await makeUser("official");
    return (await listLoader({ request: await get(`/centres?${query}`, official.id), params: {}, context })) as {
      total: number;
      rows: { id: string }[];
    };
  };

  it("searches both names, the parent company and the USCC", async () => {
    expect((await list("q=listalpha")).rows.map((r) => r.id)).toEqual([ids.a]);
    expect((await list("q=列表乙")).rows.map((r) => r.id)).toEqual([ids.b]);
    expect((await list("q=List%20Co")).total).toBe(3);
    const code = db.select({ uscc: centres.uscc }).from(centres).where(eq(centres.id, ids.c!)).get()!.uscc;
    expect((await list(`q=${code.slice(-6).toLowerCase()}`)).rows.map((r) => r.id)).toEqual([ids.c]);
  });

  it("filters by recognised now, batch, industry, level and stage", async () => {
    expect((await list("q=List%20Co&recognised=yes")).rows.map((r) => r.id)).toEqual([ids.a]);
    expect((await list("q=List%20Co&recognised=no")).rows.map((r) => r.id).sort()).toEqual([ids.b, ids.c].sort());
    expect((await list("q=List%20Co&batch=2")).rows.map((r) => r.id)).toEqual([ids.c]);
    expect((await list("q=List%20Co&industry=ai")).total).toBe(2);
    expect((await list("q=List%20Co&level=global")).rows.map((r) => r.id)).toEqual([ids.a]);
    expect((await list("q=List%20Co&stage=lead")).rows.map((r) => r.id)).toEqual([ids.b]);
  });

  it("sorts and paginates, ignoring nonsense parameters", async () => {
    const sorted = await list("q=List%20Co&sort=-name");
    expect(sorted.rows.map((r) => r.id)).toEqual([ids.c, ids.b, ids.a]);
    const junk = await list("q=List%20Co&sort=drop%20table&page=-4&batch=abc");
    expect(junk.total).toBe(3);
  });

  it("treats % and _ in the search as plain characters", async () => {
    expect((await list("q=%25")).total).toBe(0);
    expect((await list("q=_")).total).toBe(0);
  });
});
