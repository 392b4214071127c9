import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { insertCentre, makeUscc, type SeedEvent } from "../../db/factories";
import { auditLog, centreEvents, centres } from "../../db/schema";
import { calendarDaysBetween, addCalendarDays } from "~/domain/working-days";
import { listPipeline, type PipelineColumn } from "~/models/pipeline.server";
import { action, loader } from "~/routes/pipeline";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let n = 0;
function centre(
  name: string,
  options: {
    stage?: string;
    since?: string;
    lead?: string | null;
    district?: string | null;
    districtCode?: string;
    level?: "regional" | "greater_regional" | "global";
  } = {},
) {
  n += 1;
  const events: SeedEvent[] = [
    { kind: "stage_changed", effectiveOn: options.since ?? "2026-01-05", toStage: options.stage ?? "lead" },
  ];
  return insertCentre(db, {
    nameZh: `${name}研发中心`,
    nameEn: `${name} R&D Centre`,
    parentCompany: name,
    countryCode: "DE",
    uscc: makeUscc(710_000 + n * 13),
    districtCode: options.districtCode ?? "haidian",
    level: options.level ?? "regional",
    leadStewardId: options.lead ?? null,
    districtStewardId: options.district ?? null,
    events,
  });
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
async function board(userId: string, search = "") {
  const result = await run(async () => loader({ request: await get(`/pipeline${search}`, userId), params: {}, context }));
  if (result instanceof Response) throw new Error(`loader answered ${result.status}`);
  return result as LoaderData;
}
const column = (columns: PipelineColumn[], code: string) => columns.find((c) => c.code === code)!;
const cardOf = (columns: PipelineColumn[], id: string) =>
  columns.flatMap((c) => c.cards.map((card) => ({ ...card, stage: c.code }))).find((c) => c.id === id);

async function move(userId: string, fields: Record<string, string>, search = "") {
  const request = await post(`/pipeline${search}`, { intent: "stage", note: "", ...fields }, { userId });
  return run(() => action({ request, params: {}, context }));
}
const stateOf = (id: string) =>
  db.select({ stage: centres.stage, stageSince: centres.stageSince }).from(centres).where(eq(centres.id, id)).get()!;
const stageEvents = (id: string) =>
  db
    .select()
    .from(centreEvents)
    .where(and(eq(centreEvents.centreId, id), eq(centreEvents.kind, "stage_changed")))
    .all();
const auditRows = (id: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "centre"), eq(auditLog.entityId, id)))
    .all();

describe("/pipeline board", () => {
  it("groups centres by stage, in the stages' order with exited last, longest in stage first, with days in stage", async () => {
    const steward = await makeUser("steward");
    const today = todayInBeijing();
    const older = centre("Older", { stage: "in_contact", since: "2025-12-01", lead: steward.id });
    const newer = centre("Newer", { stage: "in_contact", since: addCalendarDays(today, -3), lead: steward.id });
    const landed = centre("Landed", { stage: "landed", since: "2026-02-01", lead: steward.id });
    const exited = centre("Exited", { stage: "exited", since: "2026-03-01", district: steward.id });
    centre("Someone else's", { stage: "in_contact" });

    const { columns, filters } = await board(steward.id);
    expect(filters.mine).toBe(true); // on by default for stewards
    expect(columns.map((c) => c.code)).toEqual([
      "lead",
      "in_contact",
      "registering",
      "landed",
      "recognition_applied",
      "recognised",
      "upgrading",
      "exited",
    ]);
    expect(column(columns, "in_contact").count).toBe(2);
    expect(column(columns, "in_contact").cards.map((c) => c.id)).toEqual([older, newer]);
    expect(column(columns, "landed").cards.map((c) => c.id)).toEqual([landed]);
    expect(column(columns, "exited").cards.map((c) => c.id)).toEqual([exited]);
    expect(column(columns, "lead").count).toBe(0);

    const olderCard = cardOf(columns, older)!;
    expect(olderCard.daysInStage).toBe(calendarDaysBetween("2025-12-01", today));
    expect(cardOf(columns, newer)!.daysInStage).toBe(3);
    expect(olderCard).toMatchObject({
      nameEn: "Older R&D Centre",
      nameZh: "Older研发中心",
      level: "regional",
      leadStewardName: expect.stringMatching(/^steward/),
      canEdit: true,
    });
    // Only the columns the card needs: no steward ids or other centre fields reach the browser.
    expect(Object.keys(olderCard).sort()).toEqual([
      "canEdit",
      "daysInStage",
      "id",
      "leadStewardName",
      "level",
      "nameEn",
      "nameZh",
      "stage",
      "stageSince",
    ]);
  });

  it("filters by mine, district and level from the URL", async () => {
    const steward = await makeUser("steward");
    const mineHaidian = centre("Mine Haidian", {
      stage: "registering",
      lead: steward.id,
      districtCode: "haidian",
      level: "global",
    });
    const mineChaoyang = centre("Mine Chaoyang", { stage: "registering", district: steward.id, districtCode: "chaoyang" });
    const other = centre("Other Chaoyang", { stage: "registering", districtCode: "chaoyang" });

    const all = await board(steward.id, "?mine=0");
    expect(all.filters.mine).toBe(false);
    const allCards = column(all.columns, "registering").cards;
    expect(allCards.map((c) => c.id)).toEqual(expect.arrayContaining([mineHaidian, mineChaoyang, other]));
    expect(allCards.find((c) => c.id === other)!.canEdit).toBe(false);
    expect(allCards.find((c) => c.id === mineChaoyang)!.canEdit).toBe(true); // district steward

    const chaoyangMine = await board(steward.id, "?mine=1&district=chaoyang");
    expect(column(chaoyangMine.columns, "registering").cards.map((c) => c.id)).toEqual([mineChaoyang]);
    const global = await board(steward.id, "?level=global");
    expect(column(global.columns, "registering").cards.map((c) => c.id)).toEqual([mineHaidian]);
    const bogusLevel = await board(steward.id, "?level=galactic");
    expect(bogusLevel.filters.level).toBeUndefined();
  });

  it("shows admins and officials every centre; only admins may move them; officials never see the mine filter", async () => {
    const admin = await makeUser("admin");
    const official = await makeUser("official");
    const id = centre("Everyone's", { stage: "recognition_applied" });
    const forAdmin = await board(admin.id);
    expect(forAdmin.filters.mine).toBe(false);
    expect(cardOf(forAdmin.columns, id)?.canEdit).toBe(true);
    const forOfficial = await board(official.id, "?mine=1");
    expect(forOfficial.filters).toMatchObject({ mayFilterMine: false, mine: false });
    expect(cardOf(forOfficial.columns, id)?.canEdit).toBe(false);
  });

  it("shows the first cards of a column and the full count", async () => {
    const admin = await makeUser("admin");
    for (let i = 0; i < 4; i++) centre(`Many ${i}`, { stage: "upgrading", districtCode: "miyun", since: `2026-0${i + 1}-01` });
    const columns = listPipeline(admin, { district: "miyun" }, { today: todayInBeijing(), perColumn: 3 });
    const upgrading = column(columns, "upgrading");
    expect(upgrading.count).toBe(4);
    expect(upgrading.cards.map((c) => c.nameEn)).toEqual(["Many 0 R&D Centre", "Many 1 R&D Centre", "Many 2 R&D Centre"]);
  });

  it("keeps a board between views and shows a renamed centre, a handover and a move at once", async () => {
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const other = await makeUser("steward");
    const id = centre("Cached", { stage: "upgrading", districtCode: "pinggu", lead: steward.id });
    const card = () => cardOf(listPipeline(steward, { district: "pinggu" }, { today: todayInBeijing() }), id);
    expect(card()).toMatchObject({ nameEn: "Cached R&D Centre", canEdit: true, stage: "upgrading" });
    // Written straight to the file, as another process or tool would: the triggers move the counters.
    db.$client.prepare("update centres set name_en = 'Renamed R&D Centre', name_zh = '改名研发中心' where id = ?").run(id);
    expect(card()).toMatchObject({ nameEn: "Renamed R&D Centre", nameZh: "改名研发中心" });
    db.$client.prepare("update centres set lead_steward_id = ? where id = ?").run(other.id, id);
    expect(card()?.canEdit).toBe(false);
    db.$client.prepare("update users set name = 'Renamed Steward' where id = ?").run(other.id);
    expect(card()?.leadStewardName).toBe("Renamed Steward");
    db.$client
      .prepare("update centres set level = 'global', stage = 'recognised', stage_since = '2026-03-02' where id = ?")
      .run(id);
    expect(card()).toMatchObject({ level: "global", stage: "recognised", stageSince: "2026-03-02" });
    // Another user's view of the same board: their own rights on each card.
    expect(cardOf(listPipeline(admin, { district: "pinggu" }, { today: todayInBeijing() }), id)?.canEdit).toBe(true);
  });

  it("refuses anonymous visitors and enterprise users", async () => {
    const anonymous = (await run(async () => loader({ request: await get("/pipeline"), params: {}, context }))) as Response;
    expect(anonymous.status).toBe(302);
    const enterprise = await makeUser("enterprise", { centreId: centre("Portal") });
    const res = (await run(async () =>
      loader({ request: await get("/pipeline", enterprise.id), params: {}, context }),
    )) as Response;
    expect(res.status).toBe(403);
  });
});

describe("moving a centre", () => {
  afterEach(() => {
    db.$client.exec("drop trigger if exists fail_audit");
  });

  it("lets the lead steward move it, back-dated: event, cached stage and audit row, then back to the same board", async () => {
    const steward = await makeUser("steward");
    const id = centre("Mover", { stage: "lead", since: "2026-01-05", lead: steward.id });
    const backDated = "2026-02-14";
    const res = (await move(
      steward.id,
      { centreId: id, stage: "in_contact", effective_on: backDated, note: "First meeting held" },
      // Posted from the card's form opened without JavaScript (`move`): the board comes back without it.
      `?mine=1&level=regional&move=${id}`,
    )) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/pipeline?mine=1&level=regional");
    expect(res.headers.get("Set-Cookie")).toContain("__session");

    expect(stateOf(id)).toEqual({ stage: "in_contact", stageSince: backDated });
    const event = stageEvents(id).find((e) => e.toStage === "in_contact")!;
    expect(event).toMatchObject({ fromStage: "lead", effectiveOn: backDated, note: "First meeting held", actorId: steward.id });
    const audit = auditRows(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: steward.id, action: "stage_changed" });
    expect(audit[0]!.changes).toContainEqual({ field: "toStage", before: null, after: "in_contact" });
    expect(audit[0]!.changes).toContainEqual({ field: "effectiveOn", before: null, after: backDated });

    const { columns } = await board(steward.id);
    expect(cardOf(columns, id)).toMatchObject({
      stage: "in_contact",
      daysInStage: calendarDaysBetween(backDated, todayInBeijing()),
    });
  });

  it("lets admins and district stewards move it, effective today", async () => {
    const admin = await makeUser("admin");
    const districtSteward = await makeUser("steward");
    const id = centre("Shared", { stage: "registering", district: districtSteward.id });
    const today = todayInBeijing();
    expect(((await move(districtSteward.id, { centreId: id, stage: "landed", effective_on: today })) as Response).status).toBe(
      302,
    );
    expect(((await move(admin.id, { centreId: id, stage: "recognition_applied", effective_on: today })) as Response).status).toBe(
      302,
    );
    expect(stateOf(id)).toEqual({ stage: "recognition_applied", stageSince: today });
    expect(stageEvents(id).map((e) => e.actorId)).toEqual([null, districtSteward.id, admin.id]);
    expect(
      (await board(admin.id)).columns.find((c) => c.code === "recognition_applied")!.cards.find((c) => c.id === id)?.daysInStage,
    ).toBe(0);
  });

  it("answers 403 to an unassigned steward and to an official, writing nothing", async () => {
    const lead = await makeUser("steward");
    const stranger = await makeUser("steward");
    const official = await makeUser("official");
    const id = centre("Guarded", { stage: "lead", lead: lead.id });
    for (const user of [stranger, official]) {
      const res = await move(user.id, { centreId: id, stage: "in_contact", effective_on: todayInBeijing() });
      expect((res as Response).status, user.role).toBe(403);
    }
    expect(stateOf(id).stage).toBe("lead");
    expect(stageEvents(id)).toHaveLength(1);
    expect(auditRows(id)).toHaveLength(0);
  });

  it("refuses a future date, the current stage, a date before the current stage began, and an unknown stage", async () => {
    const steward = await makeUser("steward");
    const id = centre("Careful", { stage: "landed", since: "2026-03-10", lead: steward.id });
    const tomorrow = addCalendarDays(todayInBeijing(), 1);
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ stage: "recognition_applied", effective_on: tomorrow }, { effective_on: "validation.futureDate" }],
      [{ stage: "landed", effective_on: "2026-03-11" }, { stage: "pipeline.errors.sameStage" }],
      [
        { stage: "recognition_applied", effective_on: "2026-03-09" },
        { effective_on: "pipeline.errors.beforeStageSince:2026-03-10" },
      ],
      [{ stage: "no_such_stage", effective_on: "2026-03-11" }, { stage: "validation.stageUnknown" }],
      [{ stage: "recognition_applied", effective_on: "2026-02-30" }, { effective_on: "validation.date" }],
      [
        { stage: "", effective_on: "" },
        { stage: "validation.required", effective_on: "validation.date" },
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = payload<{ centreId: string; fieldErrors: Record<string, string>; values: Record<string, string> }>(
        await move(steward.id, { centreId: id, ...fields }),
      );
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.data.fieldErrors, JSON.stringify(fields)).toMatchObject(errors);
      expect(res.data.centreId).toBe(id);
      expect(res.data.values).toMatchObject(fields); // the form shows what was typed
      expect(res.data.values).not.toHaveProperty("csrf");
    }
    expect(stateOf(id)).toEqual({ stage: "landed", stageSince: "2026-03-10" });
    expect(stageEvents(id)).toHaveLength(1);
    expect(auditRows(id)).toHaveLength(0);
  });

  it("answers 404 for an unknown centre and 403 without a CSRF token", async () => {
    const admin = await makeUser("admin");
    const missing = (await move(admin.id, {
      centreId: "0190c0de-0000-7000-8000-000000000000",
      stage: "lead",
      effective_on: todayInBeijing(),
    })) as Response;
    expect(missing.status).toBe(404);
    const id = centre("Forged", { stage: "lead" });
    const request = await post(
      "/pipeline",
      { intent: "stage", centreId: id, stage: "in_contact", effective_on: todayInBeijing() },
      { userId: admin.id, csrfToken: false },
    );
    expect(((await run(() => action({ request, params: {}, context }))) as Response).status).toBe(403);
    expect(stateOf(id).stage).toBe("lead");
  });

  it("writes the event, the cached stage and the audit row in one transaction", async () => {
    const admin = await makeUser("admin");
    const id = centre("Atomic", { stage: "lead", since: "2026-01-05" });
    db.$client.exec(
      "create temp trigger fail_audit before insert on audit_log begin select raise(abort, 'audit unavailable'); end",
    );
    await expect(move(admin.id, { centreId: id, stage: "in_contact", effective_on: todayInBeijing() })).rejects.toThrow(
      /audit unavailable/,
    );
    expect(stateOf(id)).toEqual({ stage: "lead", stageSince: "2026-01-05" });
    expect(stageEvents(id)).toHaveLength(1);
  });
});
