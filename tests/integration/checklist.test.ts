import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  calendarOverrides,
  checklistItems,
  checklistTemplates,
  referenceItems,
  settings,
  users,
} from "../../db/schema";
import { insertCentre, makeUscc } from "../../db/factories";
import { CHECKLIST_TEMPLATE_SEEDS, seedChecklistTemplates } from "../../db/seed-checklists";
import { createWorkingCalendar } from "~/domain/working-days";
import { workingCalendar } from "~/models/calendar.server";
import {
  applyTemplates,
  checklistProgressOf,
  listChecklist,
  portalChecklist,
  updateChecklistItem,
} from "~/models/checklist.server";
import { action as adminAction, loader as adminLoader } from "~/routes/admin.checklists";
import { action as checklistAction, loader as checklistLoader } from "~/routes/centres.$centreId_.checklist";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let n = 0;
function centre(
  options: {
    lead?: string | null;
    district?: string | null;
    stage?: string;
    type?: "rd_innovation_centre" | "open_innovation_platform";
  } = {},
) {
  n += 1;
  return insertCentre(db, {
    nameZh: `清单测试${n}中心`,
    nameEn: `Checklist Test ${n} Centre`,
    parentCompany: `Checklist ${n}`,
    countryCode: "DE",
    uscc: makeUscc(610_000 + n),
    districtCode: "haidian",
    type: options.type ?? "rd_innovation_centre",
    leadStewardId: options.lead ?? null,
    districtStewardId: options.district ?? null,
    events: [{ kind: "stage_changed", effectiveOn: "2026-01-05", toStage: options.stage ?? "lead" }],
  });
}

const itemsOf = (centreId: string) => db.select().from(checklistItems).where(eq(checklistItems.centreId, centreId)).all();
const seedByTitle = (titleEn: string) =>
  db.select().from(checklistTemplates).where(eq(checklistTemplates.titleEn, titleEn)).get()!;
const cal = createWorkingCalendar();

beforeAll(() => {
  seedChecklistTemplates(db);
});

describe("seeding the templates", () => {
  it("adds the 20 items of the domain notes once, each owned by a known department", () => {
    expect(seedChecklistTemplates(db)).toBe(0);
    const templates = db.select().from(checklistTemplates).all();
    for (const seed of CHECKLIST_TEMPLATE_SEEDS) expect(templates.filter((t) => t.titleEn === seed.titleEn)).toHaveLength(1);
    expect(CHECKLIST_TEMPLATE_SEEDS).toHaveLength(20);
    const departments = new Set(
      db
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(eq(referenceItems.kind, "department"))
        .all()
        .map((r) => r.code),
    );
    const stages = new Set(
      db
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(eq(referenceItems.kind, "stage"))
        .all()
        .map((r) => r.code),
    );
    for (const seed of CHECKLIST_TEMPLATE_SEEDS) {
      expect(departments.has(seed.departmentCode), seed.titleEn).toBe(true);
      if (seed.appliesAtStage) expect(stages.has(seed.appliesAtStage), seed.titleEn).toBe(true);
    }
  });
});

describe("applying templates", () => {
  it("applies at creation only the templates without a stage, and more as the centre reaches later stages, never twice", () => {
    const id = centre({ stage: "lead" });
    db.transaction((tx) => applyTemplates(tx, { id }, { today: "2026-09-30" }));
    const atCreation = CHECKLIST_TEMPLATE_SEEDS.filter((s) => s.appliesAtStage === null).map((s) => s.titleEn);
    expect(
      itemsOf(id)
        .map((i) => i.titleEn)
        .sort(),
    ).toEqual([...atCreation].sort());

    db.transaction((tx) => applyTemplates(tx, { id }, { stage: "landed", today: "2026-09-30" }));
    const upToLanded = CHECKLIST_TEMPLATE_SEEDS.filter(
      (s) => s.appliesAtStage === null || ["in_contact", "registering", "landed"].includes(s.appliesAtStage),
    );
    expect(itemsOf(id)).toHaveLength(upToLanded.length);
    expect(itemsOf(id).some((i) => i.titleEn === "Foreign R&D incentive plan (no application needed)")).toBe(false);

    // Applying again (on demand, or the same stage twice) adds nothing.
    expect(db.transaction((tx) => applyTemplates(tx, { id }, { stage: "landed", today: "2026-09-30" }))).toEqual([]);
    expect(itemsOf(id)).toHaveLength(upToLanded.length);
  });

  it("sets due dates in working days of the official calendar: 10 working days from 30 Sep 2026 skip National Day", () => {
    const id = centre({ stage: "lead" });
    db.transaction((tx) => applyTemplates(tx, { id }, { today: "2026-09-30" }));
    const space = itemsOf(id).find((i) => i.titleEn === "Office and lab space")!;
    expect(seedByTitle("Office and lab space").duePeriodWorkingDays).toBe(10);
    // Oct 1-7 are holidays and Sat 10 Oct 2026 is an adjusted working day (调休):
    // 8, 9, 10, 12, 13, 14, 15, 16, 19, 20 October.
    expect(space.dueOn).toBe("2026-10-20");
    expect(space.dueOn).toBe(cal.addWorkingDays("2026-09-30", 10).date);
  });

  it("applies a type's template only to that type; 3 working days from 30 Sep 2026 is Saturday 10 Oct (an adjusted working day)", async () => {
    const admin = await makeUser("admin");
    const res = await run(async () =>
      adminAction({
        request: await post(
          "/admin/checklists",
          {
            intent: "create",
            title_zh: "开放平台专项",
            title_en: "Open platform special",
            department: "st_commission",
            due_period: "3",
            applies_to_type: "open_innovation_platform",
            applies_at_stage: "",
          },
          { userId: admin.id },
        ),
        params: {},
        context,
      }),
    );
    expect((res as Response).status).toBe(302);
    const platform = centre({ type: "open_innovation_platform" });
    const rdCentre = centre({ type: "rd_innovation_centre" });
    for (const id of [platform, rdCentre]) db.transaction((tx) => applyTemplates(tx, { id }, { today: "2026-09-30" }));
    expect(itemsOf(platform).find((i) => i.titleEn === "Open platform special")?.dueOn).toBe("2026-10-10");
    expect(itemsOf(rdCentre).find((i) => i.titleEn === "Open platform special")).toBeUndefined();
    // Deactivated, it applies to no new centre.
    const template = seedByTitle("Open platform special");
    await run(async () =>
      adminAction({
        request: await post("/admin/checklists", { intent: "setActive", id: template.id, active: "false" }, { userId: admin.id }),
        params: {},
        context,
      }),
    );
    const later = centre({ type: "open_innovation_platform" });
    db.transaction((tx) => applyTemplates(tx, { id: later }, { today: "2026-09-30" }));
    expect(itemsOf(later).find((i) => i.titleEn === "Open platform special")).toBeUndefined();
  });

  it("applies nothing to a centre that has exited, and owns new items by the lead steward", async () => {
    const lead = await makeUser("steward");
    const exited = centre({ stage: "exited", lead: lead.id });
    expect(db.transaction((tx) => applyTemplates(tx, { id: exited }))).toEqual([]);
    const active = centre({ stage: "registering", lead: lead.id });
    db.transaction((tx) => applyTemplates(tx, { id: active }, { actorId: lead.id }));
    expect(itemsOf(active).length).toBeGreaterThan(0);
    expect(itemsOf(active).every((i) => i.ownerId === lead.id && i.status === "not_started" && i.version === 1)).toBe(true);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "checklist_item"), eq(auditLog.entityId, itemsOf(active)[0]!.id)))
      .all();
    expect(audit).toMatchObject([{ action: "create", actorId: lead.id }]);
  });

  it("flags due dates beyond the known calendar, until an admin enters the next year's schedule", () => {
    const id = centre();
    db.transaction((tx) => applyTemplates(tx, { id }, { today: "2026-12-28", calendar: workingCalendar() }));
    const item = listChecklist(id, { today: "2026-12-28", calendar: workingCalendar() }).find(
      (i) => i.titleEn === "Office and lab space",
    )!;
    expect(item.dueOn! > "2026-12-31").toBe(true);
    expect(item.dueBeyondKnownCalendar).toBe(true);

    db.insert(calendarOverrides).values({ date: "2027-01-01", kind: "holiday", note: "New Year" }).run();
    try {
      // One entered holiday: honoured, but 2027 is not known until an admin marks its schedule complete.
      const partial = workingCalendar();
      expect(partial.isWorkingDay("2027-01-01")).toBe(false);
      expect(
        listChecklist(id, { today: "2026-12-28", calendar: partial }).find((i) => i.id === item.id)!.dueBeyondKnownCalendar,
      ).toBe(true);
      db.insert(settings)
        .values({ key: "calendarCompleteYears", value: [2027] })
        .onConflictDoUpdate({ target: settings.key, set: { value: [2027] } })
        .run();
      expect(
        listChecklist(id, { today: "2026-12-28", calendar: workingCalendar() }).find((i) => i.id === item.id)!
          .dueBeyondKnownCalendar,
      ).toBe(false);
    } finally {
      db.delete(calendarOverrides).where(eq(calendarOverrides.date, "2027-01-01")).run();
      db.delete(settings).where(eq(settings.key, "calendarCompleteYears")).run();
    }
  });
});

describe("the checklist page", () => {
  it("lets the assigned steward apply templates on demand and refuses others (403)", async () => {
    const lead = await makeUser("steward");
    const other = await makeUser("steward");
    const official = await makeUser("official");
    const id = centre({ lead: lead.id, stage: "landed" });
    for (const user of [other, official]) {
      const res = await run(async () =>
        checklistAction({
          request: await post(`/centres/${id}/checklist`, { intent: "apply" }, { userId: user.id }),
          params: { centreId: id },
          context,
        }),
      );
      expect((res as Response).status, user.role).toBe(403);
    }
    expect(itemsOf(id)).toHaveLength(0);
    const res = await run(async () =>
      checklistAction({
        request: await post(`/centres/${id}/checklist`, { intent: "apply" }, { userId: lead.id }),
        params: { centreId: id },
        context,
      }),
    );
    expect((res as Response).status).toBe(302);
    expect(itemsOf(id).length).toBeGreaterThan(1);
  });

  it("shows officials the checklist read-only and refuses enterprise users", async () => {
    const official = await makeUser("official");
    const id = centre({ stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }));
    const data = (await checklistLoader({
      request: await get(`/centres/${id}/checklist`, official.id),
      params: { centreId: id },
      context,
    })) as { canWork: boolean; items: unknown[] };
    expect(data.canWork).toBe(false);
    expect(data.items.length).toBe(itemsOf(id).length);
    const enterprise = await makeUser("enterprise", { centreId: id });
    const res = await run(async () =>
      checklistLoader({ request: await get(`/centres/${id}/checklist`, enterprise.id), params: { centreId: id }, context }),
    );
    expect((res as Response).status).toBe(403);
  });

  it("ticks an item done with its version, audits the change and refuses a stale version (409)", async () => {
    const lead = await makeUser("steward");
    const id = centre({ lead: lead.id, stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }));
    const item = itemsOf(id)[0]!;
    const tick = async (version: string) =>
      run(async () =>
        checklistAction({
          request: await post(
            `/centres/${id}/checklist`,
            { intent: "status", item_id: item.id, version, status: "done" },
            { userId: lead.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
    const res = (await tick("1")) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/centres/${id}/checklist#item-${item.id}`);
    const after = db.select().from(checklistItems).where(eq(checklistItems.id, item.id)).get()!;
    expect(after).toMatchObject({ status: "done", version: 2 });
    expect(after.completedAt).toBeInstanceOf(Date);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, item.id), eq(auditLog.action, "update")))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: lead.id, changes: [{ field: "status", before: "not_started", after: "done" }] });

    const stale = payload<{ fieldErrors: Record<string, string> }>(await tick("1"));
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors._form).toBe("checklist.errors.stale");
  });

  it("takes an owner typed by name or email (the picker without JavaScript); refuses text naming nobody or several, keeping it", async () => {
    const lead = await makeUser("steward");
    const colleague = await makeUser("steward");
    const id = centre({ lead: lead.id, stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }));
    const item = itemsOf(id)[0]!;
    const version = () => String(db.select().from(checklistItems).where(eq(checklistItems.id, item.id)).get()!.version);
    const save = async (fields: Record<string, string>) =>
      run(async () =>
        checklistAction({
          request: await post(
            `/centres/${id}/checklist`,
            { intent: "update", item_id: item.id, version: version(), status: "in_progress", owner_id: lead.id, ...fields },
            { userId: lead.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
    const owner = () => db.select().from(checklistItems).where(eq(checklistItems.id, item.id)).get()!.ownerId;

    // Every test steward's email ends in "@test.local".
    const several = payload<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(
      await save({ owner_text: "@test.local" }),
    );
    expect(several.status).toBe(400);
    expect(several.data.fieldErrors.owner_id).toBe("validation.stewardSeveral");
    expect(several.data.values.owner_text).toBe("@test.local");
    const nobody = payload<{ fieldErrors: Record<string, string> }>(await save({ owner_text: "no such person" }));
    expect(nobody.data.fieldErrors.owner_id).toBe("validation.stewardUnknown");
    expect(owner()).toBe(item.ownerId);

    // The colleague's email typed; the stale id sent beside it does not win.
    expect(((await save({ owner_text: ` ${colleague.email.toUpperCase()} ` })) as Response).status).toBe(302);
    expect(owner()).toBe(colleague.id);
    // The picked steward's name as rendered keeps that steward; emptied text leaves the item unowned.
    const colleagueName = db.select({ name: users.name }).from(users).where(eq(users.id, colleague.id)).get()!.name;
    expect(((await save({ owner_id: colleague.id, owner_text: colleagueName })) as Response).status).toBe(302);
    expect(owner()).toBe(colleague.id);
    expect(((await save({ owner_text: "" })) as Response).status).toBe(302);
    expect(owner()).toBeNull();
  });

  it("edits owner, due date, notes and visibility in one save; refuses an unknown owner", async () => {
    const lead = await makeUser("steward");
    const colleague = await makeUser("steward");
    const id = centre({ lead: lead.id, stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }));
    const item = itemsOf(id)[0]!;
    const save = async (fields: Record<string, string>) =>
      run(async () =>
        checklistAction({
          request: await post(
            `/centres/${id}/checklist`,
            {
              intent: "update",
              item_id: item.id,
              version: "1",
              status: "in_progress",
              due_on: "2026-10-09",
              notes: "Waiting for the lease",
              ...fields,
            },
            { userId: lead.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
    const bad = payload<{ fieldErrors: Record<string, string> }>(await save({ owner_id: "not-a-user" }));
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.owner_id).toBe("validation.invalidChoice");
    expect(payload(await save({ owner_id: colleague.id, due_on: "2026-02-30" })).data).toMatchObject({
      fieldErrors: { due_on: "validation.date" },
    });

    expect(((await save({ owner_id: colleague.id })) as Response).status).toBe(302);
    const after = db.select().from(checklistItems).where(eq(checklistItems.id, item.id)).get()!;
    // The visibility checkbox was left unticked: the item is now internal.
    expect(after).toMatchObject({
      status: "in_progress",
      ownerId: colleague.id,
      dueOn: "2026-10-09",
      notes: "Waiting for the lease",
      visibleToEnterprise: false,
      version: 2,
    });
    const changes = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, item.id), eq(auditLog.action, "update")))
      .get()!.changes;
    expect(changes.map((c) => c.field).sort()).toEqual(["dueOn", "notes", "ownerId", "status", "visibleToEnterprise"]);
  });

  it("adds a steward's own item (no template): validated field by field, typed values kept, audited, shown after the template items", async () => {
    const lead = await makeUser("steward");
    const colleague = await makeUser("steward");
    const id = centre({ lead: lead.id, stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }));
    const add = async (fields: Record<string, string>, userId = lead.id) =>
      run(async () =>
        checklistAction({
          request: await post(`/centres/${id}/checklist`, { intent: "add", department: "commerce", ...fields }, { userId }),
          params: { centreId: id },
          context,
        }),
      );
    const before = itemsOf(id).length;

    const untitled = payload<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(
      await add({ title_zh: " ", notes: "keep me", due_on: "2026-02-30" }),
    );
    expect(untitled.status).toBe(400);
    expect(untitled.data.fieldErrors).toMatchObject({ title_zh: "checklist.errors.titleNeeded", due_on: "validation.date" });
    expect(untitled.data.values.notes).toBe("keep me");
    const badChoices = payload<{ fieldErrors: Record<string, string> }>(
      await add({ title_en: "Book the site visit", department: "no-such-department", owner_id: "not-a-user" }),
    );
    expect(badChoices.data.fieldErrors).toEqual({ department: "validation.invalidChoice", owner_id: "validation.invalidChoice" });
    expect(((await add({ title_en: "Book the site visit" }, colleague.id)) as Response).status).toBe(403);
    expect(itemsOf(id)).toHaveLength(before);

    const saved = await add({
      title_en: "Book the site visit",
      owner_id: lead.id,
      due_on: "2026-12-04",
      notes: "With the park office",
      visible: "on",
    });
    expect((saved as Response).status).toBe(302);
    const item = itemsOf(id).find((i) => i.templateId === null)!;
    expect((saved as Response).headers.get("location")).toBe(`/centres/${id}/checklist#item-${item.id}`);
    // One language is enough: the other shows the same title.
    expect(item).toMatchObject({
      titleEn: "Book the site visit",
      titleZh: "Book the site visit",
      departmentCode: "commerce",
      ownerId: lead.id,
      dueOn: "2026-12-04",
      status: "not_started",
      visibleToEnterprise: true,
    });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, item.id), eq(auditLog.action, "create")))
      .get()!;
    expect(audit.actorId).toBe(lead.id);
    expect(audit.changes.find((c) => c.field === "titleEn")?.after).toBe("Book the site visit");
    expect(listChecklist(id, { calendar: cal }).at(-1)!.id).toBe(item.id);
    // "No owner" stays unowned: the lead steward's to do, like an unowned template item.
    expect(((await add({ title_zh: "准备园区消防检查", owner_id: "" })) as Response).status).toBe(302);
    const unowned = itemsOf(id).find((i) => i.titleZh === "准备园区消防检查")!;
    expect(unowned.ownerId).toBeNull();
    expect(listChecklist(id, { calendar: cal }).at(-1)!.id).toBe(unowned.id);
  });

  it("computes overdue flags and progress (done of applicable) for fixed dates", async () => {
    const lead = await makeUser("steward");
    const id = centre({ lead: lead.id, stage: "landed" });
    db.transaction((tx) => applyTemplates(tx, { id }, { today: "2026-09-30" }));
    const [a, b, c] = itemsOf(id);
    const actor = { id: lead.id, role: "steward" as const };
    expect(updateChecklistItem(actor, id, a!.id, { dueOn: "2026-10-09" }, 1).ok).toBe(true);
    expect(updateChecklistItem(actor, id, b!.id, { status: "done", dueOn: "2026-10-09" }, 1).ok).toBe(true);
    expect(updateChecklistItem(actor, id, c!.id, { status: "not_applicable", dueOn: "2026-10-01" }, 1).ok).toBe(true);

    const on = (today: string) => Object.fromEntries(listChecklist(id, { today, calendar: cal }).map((i) => [i.id, i.dueFlag]));
    expect(on("2026-10-09")[a!.id]).toBe("due_soon");
    expect(on("2026-10-10")[a!.id]).toBe("overdue");
    expect(on("2026-10-10")[b!.id]).toBeNull();
    expect(on("2026-10-10")[c!.id]).toBeNull();

    const total = itemsOf(id).length;
    expect(checklistProgressOf([id], "2026-10-10").get(id)).toEqual({ done: 1, applicable: total - 1, overdue: 1, total });
  });
});

describe("what the enterprise sees", () => {
  it("portalChecklist returns only its own centre's visible items, without notes or owners", async () => {
    const lead = await makeUser("steward");
    const own = centre({ lead: lead.id, stage: "landed" });
    const other = centre({ lead: lead.id, stage: "landed" });
    for (const id of [own, other]) db.transaction((tx) => applyTemplates(tx, { id }));
    const [hidden, noted] = itemsOf(own);
    const actor = { id: lead.id, role: "steward" as const };
    updateChecklistItem(actor, own, hidden!.id, { visibleToEnterprise: false }, 1);
    updateChecklistItem(actor, own, noted!.id, { notes: "internal: pushy contact" }, 1);

    const enterprise = await makeUser("enterprise", { centreId: own });
    const rows = portalChecklist({ centreId: own });
    expect(rows).toHaveLength(itemsOf(own).length - 1);
    expect(rows.map((r) => r.id)).not.toContain(hidden!.id);
    const otherIds = new Set(itemsOf(other).map((i) => i.id));
    expect(rows.some((r) => otherIds.has(r.id))).toBe(false);
    for (const row of rows) {
      expect(row).not.toHaveProperty("notes");
      expect(row).not.toHaveProperty("ownerId");
      expect(row).not.toHaveProperty("visibleToEnterprise");
    }
    expect(JSON.stringify(rows)).not.toContain("pushy");
    expect(enterprise.role).toBe("enterprise");
  });
});

describe("the templates admin", () => {
  it("is for admins only", async () => {
    for (const role of ["steward", "official", "enterprise"] as const) {
      const user = await makeUser(role);
      const res = await run(async () => adminLoader({ request: await get("/admin/checklists", user.id), params: {}, context }));
      expect((res as Response).status, role).toBe(403);
      const write = await run(async () =>
        adminAction({
          request: await post("/admin/checklists", { intent: "delete", id: "x" }, { userId: user.id }),
          params: {},
          context,
        }),
      );
      expect((write as Response).status, role).toBe(403);
    }
  });

  it("validates, creates, edits and deletes an unused template with audit rows; a used one cannot be deleted", async () => {
    const admin = await makeUser("admin");
    const act = async (fields: Record<string, string>) =>
      run(async () =>
        adminAction({ request: await post("/admin/checklists", fields, { userId: admin.id }), params: {}, context }),
      );
    const base = {
      intent: "create",
      title_zh: "测试事项",
      title_en: "Test item",
      department: "tax",
      due_period: "5",
      applies_at_stage: "landed",
      applies_to_type: "",
    };

    const invalid = payload<{ fieldErrors: Record<string, string> }>(
      await act({ ...base, title_en: "", department: "nowhere", due_period: "-1" }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data.fieldErrors).toMatchObject({ title_en: "validation.required", due_period: "validation.wholeNumber" });
    const unknown = payload<{ fieldErrors: Record<string, string> }>(
      await act({ ...base, department: "nowhere", applies_at_stage: "moon" }),
    );
    expect(unknown.data.fieldErrors).toEqual({
      department: "validation.unknownCode",
      applies_at_stage: "validation.stageUnknown",
    });

    expect(((await act(base)) as Response).status).toBe(302);
    const created = seedByTitle("Test item");
    expect(created).toMatchObject({
      departmentCode: "tax",
      duePeriodWorkingDays: 5,
      appliesAtStage: "landed",
      appliesToType: null,
      active: true,
    });

    expect(
      ((await act({ ...base, intent: "update", id: created.id, title_en: "Test item renamed", due_period: "7" })) as Response)
        .status,
    ).toBe(302);
    const renamed = db.select().from(checklistTemplates).where(eq(checklistTemplates.id, created.id)).get()!;
    expect(renamed).toMatchObject({ titleEn: "Test item renamed", duePeriodWorkingDays: 7 });

    const data = (await adminLoader({ request: await get("/admin/checklists", admin.id), params: {}, context })) as {
      templates: { id: string; usage: number }[];
    };
    expect(data.templates.find((t) => t.id === created.id)?.usage).toBe(0);
    const office = seedByTitle("Office and lab space").id;
    expect(data.templates.find((t) => t.id === office)?.usage).toBe(
      db.select().from(checklistItems).where(eq(checklistItems.templateId, office)).all().length,
    );
    expect(data.templates.find((t) => t.id === office)?.usage).toBeGreaterThan(1);
    expect(((await act({ intent: "delete", id: created.id })) as Response).status).toBe(302);
    expect(db.select().from(checklistTemplates).where(eq(checklistTemplates.id, created.id)).get()).toBeUndefined();
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "checklist_template"), eq(auditLog.entityId, created.id)))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["create", "update", "delete"]);

    const used = seedByTitle("Office and lab space");
    const refused = payload<{ fieldErrors: Record<string, string> }>(await act({ intent: "delete", id: used.id }));
    expect(refused.status).toBe(409);
    expect(refused.data.fieldErrors._form).toBe("checklist.templates.inUse");
  });
});
