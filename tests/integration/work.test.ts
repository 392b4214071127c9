import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { checklistItems, settings, users } from "../../db/schema";
import { insertCentre, makeUscc } from "../../db/factories";
import { seedChecklistTemplates } from "../../db/seed-checklists";
import { applyTemplates, updateChecklistItem } from "~/models/checklist.server";
import { addFollowUp, completeFollowUp } from "~/models/follow-up.server";
import { logInteraction } from "~/models/interaction.server";
import { stewardWork } from "~/models/work.server";
import { SHOW_ALL_LIMIT, loader as workLoader } from "~/routes/work";
import { db } from "~/utils/db.server";
import { context, get, makeUser, run } from "../helpers/requests";

/** A Monday. Five working days ahead is Monday 7 September 2026. */
const TODAY = "2026-08-31";

let n = 0;
function centre(
  name: string,
  options: { lead?: string | null; district?: string | null; level?: "regional" | "greater_regional" | "global"; stage?: string },
) {
  n += 1;
  return insertCentre(db, {
    nameZh: `${name}中心`,
    nameEn: `${name} Centre`,
    parentCompany: name,
    countryCode: "US",
    uscc: makeUscc(630_000 + n),
    districtCode: "haidian",
    level: options.level ?? "regional",
    leadStewardId: options.lead ?? null,
    districtStewardId: options.district ?? null,
    events: [{ kind: "stage_changed", effectiveOn: "2026-01-05", toStage: options.stage ?? "landed" }],
  });
}

type Key =
  | "global"
  | "regional"
  | "never"
  | "exited"
  | "district"
  | "others"
  | "overdueItem"
  | "soonItem"
  | "laterItem"
  | "doneItem"
  | "othersItem"
  | "unownedItem"
  | "overdueFollowUp"
  | "soonFollowUp"
  | "undatedFollowUp"
  | "doneFollowUp"
  | "othersFollowUp";
const ids = {} as Record<Key, string>;
let steward: { id: string; role: "steward" };
let other: { id: string; role: "steward" };

beforeAll(async () => {
  seedChecklistTemplates(db);
  steward = { id: (await makeUser("steward")).id, role: "steward" };
  other = { id: (await makeUser("steward")).id, role: "steward" };
  ids.global = centre("Work Global", { lead: steward.id, level: "global" });
  ids.regional = centre("Work Regional", { lead: steward.id, level: "regional" });
  ids.never = centre("Work Never", { lead: steward.id, level: "greater_regional" });
  ids.exited = centre("Work Exited", { lead: steward.id, stage: "exited" });
  ids.district = centre("Work District", { lead: other.id, district: steward.id });
  ids.others = centre("Work Others", { lead: other.id });
  const visit = (centreId: string, on: string) =>
    logInteraction(steward, centreId, {
      kind: "visit",
      occurredOn: on,
      occurredTime: "10:00",
      summary: "Visit",
      contactIds: [],
      userIds: [],
      checklistItemIds: [],
      followUps: [],
    });
  // 61 days before TODAY: past the 60-day cadence of a global centre, within the 90 days of a regional one.
  expect(visit(ids.global, "2026-07-01").ok).toBe(true);
  expect(visit(ids.regional, "2026-07-01").ok).toBe(true);
  expect(visit(ids.exited, "2025-01-01").ok).toBe(true);

  db.transaction((tx) => applyTemplates(tx, { id: ids.regional }, { today: TODAY }));
  const items = db.select().from(checklistItems).where(eq(checklistItems.centreId, ids.regional)).all();
  const set = (index: number, patch: Parameters<typeof updateChecklistItem>[3], key: Key) => {
    expect(updateChecklistItem(steward, ids.regional, items[index]!.id, patch, 1).ok).toBe(true);
    ids[key] = items[index]!.id;
  };
  set(0, { dueOn: "2026-08-28" }, "overdueItem");
  set(1, { dueOn: "2026-09-03", status: "in_progress" }, "soonItem");
  set(2, { dueOn: "2026-09-30" }, "laterItem");
  set(3, { dueOn: "2026-08-20", status: "done" }, "doneItem");
  set(4, { dueOn: "2026-08-20", ownerId: other.id }, "othersItem");
  set(5, { dueOn: "2026-08-27", ownerId: null }, "unownedItem");

  const follow = (key: Key, centreId: string, ownerId: string, dueOn: string | null) => {
    const actor = centreId === ids.others ? other : steward;
    const result = addFollowUp(actor, centreId, { description: key, ownerId, dueOn, visibleToEnterprise: false });
    expect(result.ok).toBe(true);
    if (result.ok) ids[key] = result.id;
  };
  follow("overdueFollowUp", ids.global, steward.id, "2026-08-28");
  follow("soonFollowUp", ids.district, steward.id, "2026-09-02");
  follow("undatedFollowUp", ids.global, steward.id, null);
  follow("doneFollowUp", ids.global, steward.id, "2026-08-01");
  follow("othersFollowUp", ids.others, other.id, "2026-08-01");
  expect(completeFollowUp(steward, ids.global, ids.doneFollowUp).ok).toBe(true);
});

describe("stewardWork on a fixed date", () => {
  it("lists the centres due for contact by the cadence of their level; never-contacted first, exited ones never", () => {
    const work = stewardWork(steward, steward, { today: TODAY });
    expect(work.centres.map((c) => c.id).sort()).toEqual([ids.global, ids.regional, ids.never, ids.exited, ids.district].sort());
    // Never contacted first (both every 90 days, then by name), then the global centre one day late.
    expect(work.dueForContact.map((c) => c.id)).toEqual([ids.district, ids.never, ids.global]);
    const global = work.centres.find((c) => c.id === ids.global)!;
    expect(global).toMatchObject({
      lastInteractionOn: "2026-07-01",
      cadenceDays: 60,
      contact: { due: true, nextDueOn: "2026-08-30", daysOverdue: 1 },
    });
    expect(work.centres.find((c) => c.id === ids.regional)).toMatchObject({
      cadenceDays: 90,
      contact: { due: false, nextDueOn: "2026-09-29" },
    });
    expect(work.centres.find((c) => c.id === ids.exited)!.contact).toBeNull();
    // The day before the global centre's cadence ran out, it was not due yet.
    expect(stewardWork(steward, steward, { today: "2026-08-29" }).dueForContact.map((c) => c.id)).not.toContain(ids.global);
  });

  it("follows the configured cadence per level", () => {
    const before = db.select().from(settings).where(eq(settings.key, "contactCadenceDays")).get()!.value;
    db.update(settings)
      .set({ value: { regional: 60, greater_regional: 90, global: 60 } })
      .where(eq(settings.key, "contactCadenceDays"))
      .run();
    try {
      expect(stewardWork(steward, steward, { today: TODAY }).dueForContact.map((c) => c.id)).toContain(ids.regional);
    } finally {
      db.update(settings).set({ value: before }).where(eq(settings.key, "contactCadenceDays")).run();
    }
    expect(stewardWork(steward, steward, { today: TODAY }).dueForContact.map((c) => c.id)).not.toContain(ids.regional);
  });

  it("lists my overdue and nearly-due (5 working days) checklist items: owned by me, or unowned on a centre I lead", () => {
    const work = stewardWork(steward, steward, { today: TODAY });
    const flags = Object.fromEntries(work.checklist.map((i) => [i.id, i.dueFlag]));
    expect(flags).toEqual({ [ids.overdueItem]: "overdue", [ids.unownedItem]: "overdue", [ids.soonItem]: "due_soon" });
    expect(work.checklist.every((i) => i.canAct)).toBe(true);
    // The other steward owns an item on a centre they are not assigned to: listed, but not actionable.
    const theirs = stewardWork(other, other, { today: TODAY }).checklist;
    expect(theirs.map((i) => i.id)).toEqual([ids.othersItem]);
    expect(theirs[0]!.canAct).toBe(false);
  });

  it("reads only the first due checklist items when asked, owned and led ones in due order, the counts over all", () => {
    const full = stewardWork(steward, steward, { today: TODAY });
    for (const rows of [0, 1, 2, 3, 10]) {
      const some = stewardWork(steward, steward, { today: TODAY, checklistRows: rows });
      expect(some.checklist).toEqual(full.checklist.slice(0, rows));
      expect([some.checklistTotal, some.counts]).toEqual([3, full.counts]);
    }
    expect(full.checklistTotal).toBe(full.checklist.length);
  });

  it("lists my overdue and nearly-due open follow-ups, and counts everything at the top", () => {
    const work = stewardWork(steward, steward, { today: TODAY });
    expect(Object.fromEntries(work.followUps.map((f) => [f.description, f.dueFlag]))).toEqual({
      overdueFollowUp: "overdue",
      soonFollowUp: "due_soon",
    });
    expect(work.counts).toEqual({ centres: 5, dueForContact: 3, overdue: 3, dueSoon: 2 });
    // A week later the "soon" ones are overdue too.
    expect(stewardWork(steward, steward, { today: "2026-09-07" }).counts.overdue).toBe(5);
  });
});

describe("the /work page", () => {
  const load = async (path: string, userId: string) =>
    run(async () => workLoader({ request: await get(path, userId), params: {}, context }));

  it("shows a steward their own work and refuses another steward's (403)", async () => {
    const data = (await load("/work", steward.id)) as {
      steward: { id: string };
      viewingOther: boolean;
      centres: { rows: { id: string }[]; total: number };
      leadCount: number;
      stewardPicker: unknown;
    };
    expect(data.steward.id).toBe(steward.id);
    expect(data.viewingOther).toBe(false);
    expect(data.stewardPicker).toBeNull();
    expect(data.centres.rows).toHaveLength(5);
    expect(data.centres.total).toBe(5);
    expect(data.leadCount).toBe(4);
    expect(((await load(`/work?steward=${other.id}`, steward.id)) as Response).status).toBe(403);
  });

  it("lets an admin open any steward's page, with a picker; unknown stewards answer 404", async () => {
    const admin = await makeUser("admin");
    type Page = {
      steward: { id: string };
      viewingOther: boolean;
      centres: { rows: { id: string }[] };
      stewardPicker: { chosen: { id: string } | null; problem: { kind: string } | null };
    };
    const data = (await load(`/work?steward=${steward.id}`, admin.id)) as Page;
    expect(data.viewingOther).toBe(true);
    expect(data.centres.rows.map((c) => c.id)).toContain(ids.global);
    expect(data.stewardPicker).toEqual({ chosen: { id: steward.id, name: expect.any(String) }, problem: null });
    // Typed without JavaScript: an email names the steward; text naming several shows the admin's own work and why.
    const stewardEmail = db.select({ email: users.email }).from(users).where(eq(users.id, steward.id)).get()!.email;
    expect(((await load(`/work?steward_text=${encodeURIComponent(stewardEmail)}`, admin.id)) as Page).steward.id).toBe(
      steward.id,
    );
    const several = (await load("/work?steward_text=%40test.local", admin.id)) as Page;
    expect(several.steward.id).toBe(admin.id);
    expect(several.stewardPicker.problem?.kind).toBe("several");
    const enterprise = await makeUser("enterprise", { centreId: ids.global });
    expect(((await load(`/work?steward=${enterprise.id}`, admin.id)) as Response).status).toBe(404);
    expect(((await load("/work", (await makeUser("official")).id)) as Response).status).toBe(403);
  });

  it("sends the first 25 due checklist items and follow-ups with their totals; ?checklist=all sends every item", async () => {
    const busy = await makeUser("steward");
    const centreId = centre("Work Busy", { lead: busy.id });
    db.insert(checklistItems)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          centreId,
          titleZh: `事项 ${i}`,
          titleEn: `Item ${i}`,
          departmentCode: "commerce",
          dueOn: `2026-06-${String(i + 1).padStart(2, "0")}`,
        })),
      )
      .run();
    type Page = { checklist: { rows: { titleEn: string }[]; total: number; all: boolean }; counts: { overdue: number } };
    const first = (await load("/work", busy.id)) as Page;
    expect(first.checklist.total).toBe(30);
    expect(first.checklist.all).toBe(false);
    expect(first.checklist.rows.map((r) => r.titleEn)).toEqual(Array.from({ length: 25 }, (_, i) => `Item ${i}`));
    expect(first.counts.overdue).toBe(30);
    const all = (await load("/work?checklist=all", busy.id)) as Page;
    expect(all.checklist.rows).toHaveLength(30);
    expect(all.checklist.all).toBe(true);
  });

  it("lists the first 20 of a steward's centres, the counts over all of them; ?centres=all lists every one", async () => {
    const many = await makeUser("steward");
    for (let i = 0; i < 55; i++) centre(`Work Many ${i}`, { lead: many.id });
    type Page = { centres: { rows: unknown[]; total: number }; counts: { centres: number }; leadCount: number };
    const first = (await load("/work", many.id)) as Page;
    expect(first.centres.rows).toHaveLength(20);
    expect(first.centres.total).toBe(55);
    expect(first.counts.centres).toBe(55);
    expect(first.leadCount).toBe(55);
    expect(((await load("/work?centres=all", many.id)) as Page).centres.rows).toHaveLength(55);
  });

  it("shows at most SHOW_ALL_LIMIT rows of a list asked for in full; the counts still cover every centre", async () => {
    const registry = await makeUser("steward");
    const count = SHOW_ALL_LIMIT + 5;
    for (let i = 0; i < count; i++) centre(`Work Registry ${i}`, { lead: registry.id });
    type List = { rows: unknown[]; total: number; all: boolean };
    type Page = { centres: List; dueForContact: List; counts: { centres: number; dueForContact: number } };
    const all = (await load("/work?centres=all&contact=all", registry.id)) as Page;
    expect(all.centres).toMatchObject({ total: count, all: true });
    expect(all.centres.rows).toHaveLength(SHOW_ALL_LIMIT);
    // Never contacted: every one is due for contact.
    expect(all.dueForContact).toMatchObject({ total: count, all: true });
    expect(all.dueForContact.rows).toHaveLength(SHOW_ALL_LIMIT);
    expect(all.counts).toMatchObject({ centres: count, dueForContact: count });
  });
});

describe("a steward with very many centres", () => {
  it("reads contacts and checklist progress for 40,000 centres without exceeding SQLite's bound-variable limit", async () => {
    const { lastInteractionOnByCentre } = await import("~/models/interaction.server");
    const { checklistProgressOf } = await import("~/models/checklist.server");
    const ids = Array.from({ length: 40_000 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`);
    expect(lastInteractionOnByCentre(ids).size).toBe(0);
    const progress = checklistProgressOf(ids);
    expect(progress.size).toBe(40_000);
    expect(progress.get(ids[39_999]!)).toEqual({ done: 0, applicable: 0, overdue: 0, total: 0 });
  });
});
