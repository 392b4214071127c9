import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, referenceItems, type ReferenceKind } from "../../db/schema";
import { listPipeline } from "~/models/pipeline.server";
import { referenceList } from "~/models/reference.server";
import { action, loader } from "~/routes/admin.reference";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

type Errors = { fieldErrors: Record<string, string>; intent: string | null; itemId: string | null };

async function act(userId: string, fields: Record<string, string>) {
  const request = await post("/admin/reference", fields, { userId });
  return run(() => action({ request, params: {}, context }));
}
async function load(userId: string, search = "") {
  return run(async () => loader({ request: await get(`/admin/reference${search}`, userId), params: {}, context }));
}
const item = (kind: ReferenceKind, code: string) =>
  db
    .select()
    .from(referenceItems)
    .where(and(eq(referenceItems.kind, kind), eq(referenceItems.code, code)))
    .get();
const auditOf = (id: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "reference_item"), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.id))
    .all();

describe("/admin/reference", () => {
  it("lists a kind's items, active and inactive, with usage; stages by default; 404 for an unknown kind", async () => {
    const admin = await makeUser("admin");
    const stages = (await load(admin.id)) as Exclude<Awaited<ReturnType<typeof loader>>, Response>;
    expect(stages.kind).toBe("stage");
    expect(stages.items.map((i) => i.code)).toEqual([
      "lead",
      "in_contact",
      "registering",
      "landed",
      "recognition_applied",
      "recognised",
      "upgrading",
      "exited",
    ]);
    expect(stages.usage).not.toBeNull();
    expect(stages.counts.district).toBe(17);

    const parks = (await load(admin.id, "?kind=park")) as Exclude<Awaited<ReturnType<typeof loader>>, Response>;
    expect(parks.items[0]).toMatchObject({ code: "zgc_haidian", parentCode: "haidian", active: true });
    expect(parks.districts.length).toBe(17);
    const departments = (await load(admin.id, "?kind=department")) as Exclude<Awaited<ReturnType<typeof loader>>, Response>;
    expect(departments.usage).toBeNull();

    expect(((await load(admin.id, "?kind=users")) as Response).status).toBe(404);
  });

  it("adds an item at the end of its list, active, with an audit row", async () => {
    const admin = await makeUser("admin");
    const lastOrder = Math.max(
      ...db
        .select({ o: referenceItems.sortOrder })
        .from(referenceItems)
        .where(eq(referenceItems.kind, "industry"))
        .all()
        .map((r) => r.o),
    );
    const res = (await act(admin.id, {
      intent: "create",
      kind: "industry",
      code: "biomanufacturing",
      label_zh: " 生物制造 ",
      label_en: "Biomanufacturing",
      sort_order: "",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/reference?kind=industry");
    const row = item("industry", "biomanufacturing")!;
    expect(row).toMatchObject({
      labelZh: "生物制造",
      labelEn: "Biomanufacturing",
      sortOrder: lastOrder + 10,
      active: true,
      parentCode: null,
    });
    expect(referenceList("industry").at(-1)?.code).toBe("biomanufacturing");
    const [audit] = auditOf(row.id);
    expect(audit).toMatchObject({ actorId: admin.id, action: "create" });
    expect(audit!.changes).toEqual(
      expect.arrayContaining([
        { field: "kind", before: null, after: "industry" },
        { field: "code", before: null, after: "biomanufacturing" },
        { field: "labelEn", before: null, after: "Biomanufacturing" },
      ]),
    );
  });

  it("refuses a duplicate code in the same list (any case) with a field error, but allows it in another list", async () => {
    const admin = await makeUser("admin");
    const before = db.select().from(referenceItems).all().length;
    for (const code of ["haidian", "HAIDIAN"]) {
      const res = payload<Errors & { values: Record<string, string> }>(
        await act(admin.id, { intent: "create", kind: "district", code, label_zh: "海淀", label_en: "Haidian again" }),
      );
      expect(res.status).toBe(400);
      expect(res.data.fieldErrors).toEqual({ code: "reference.errors.codeTaken" });
      expect(res.data.values).toMatchObject({ code, label_en: "Haidian again" });
    }
    expect(db.select().from(referenceItems).all().length).toBe(before);
    const other = (await act(admin.id, {
      intent: "create",
      kind: "department",
      code: "haidian",
      label_zh: "海淀区政府",
      label_en: "Haidian district government",
    })) as Response;
    expect(other.status).toBe(302);
  });

  it("checks the form: code format, required labels, order, and a park's district", async () => {
    const admin = await makeUser("admin");
    const bad = payload<Errors>(
      await act(admin.id, {
        intent: "create",
        kind: "country",
        code: "new zealand!",
        label_zh: "",
        label_en: "New Zealand",
        sort_order: "-5",
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toEqual({
      code: "reference.errors.codeFormat",
      label_zh: "validation.required",
      sort_order: "validation.wholeNumber",
    });
    const noDistrict = payload<Errors>(
      await act(admin.id, { intent: "create", kind: "park", code: "zgc_new", label_zh: "新园", label_en: "New Park" }),
    );
    expect(noDistrict.data.fieldErrors).toEqual({ parent_code: "validation.required" });
    const unknownDistrict = payload<Errors>(
      await act(admin.id, {
        intent: "create",
        kind: "park",
        code: "zgc_new",
        label_zh: "新园",
        label_en: "New Park",
        parent_code: "atlantis",
      }),
    );
    expect(unknownDistrict.data.fieldErrors).toEqual({ parent_code: "validation.unknownCode" });
    const badKind = payload<Errors>(
      await act(admin.id, { intent: "create", kind: "planet", code: "mars", label_zh: "火星", label_en: "Mars" }),
    );
    expect(badKind.data.fieldErrors).toEqual({ kind: "validation.invalidChoice" });
    expect(item("park", "zgc_new")).toBeUndefined();

    const ok = (await act(admin.id, {
      intent: "create",
      kind: "park",
      code: "zgc_new",
      label_zh: "新园",
      label_en: "New Park",
      parent_code: "tongzhou",
      sort_order: "5",
    })) as Response;
    expect(ok.status).toBe(302);
    expect(item("park", "zgc_new")).toMatchObject({ parentCode: "tongzhou", sortOrder: 5 });
  });

  it("edits labels and order inline; the code never changes; the audit row has before and after", async () => {
    const admin = await makeUser("admin");
    const landed = item("stage", "landed")!;
    const res = (await act(admin.id, {
      intent: "update",
      id: landed.id,
      code: "moved_in",
      label_zh: "已落地",
      label_en: "Landed in Beijing",
      sort_order: String(landed.sortOrder),
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/reference?kind=stage");
    expect(item("stage", "moved_in")).toBeUndefined();
    expect(item("stage", "landed")).toMatchObject({
      id: landed.id,
      labelZh: "已落地",
      labelEn: "Landed in Beijing",
      active: true,
    });
    const [audit] = auditOf(landed.id);
    expect(audit).toMatchObject({ actorId: admin.id, action: "update" });
    expect(audit!.changes).toEqual([
      { field: "labelZh", before: "落地", after: "已落地" },
      { field: "labelEn", before: "Landed", after: "Landed in Beijing" },
    ]);

    // Saving unchanged values writes no audit row.
    await act(admin.id, {
      intent: "update",
      id: landed.id,
      label_zh: "已落地",
      label_en: "Landed in Beijing",
      sort_order: String(landed.sortOrder),
    });
    expect(auditOf(landed.id)).toHaveLength(1);

    const invalid = payload<Errors>(
      await act(admin.id, { intent: "update", id: landed.id, label_zh: "落地", label_en: "", sort_order: "" }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({
      intent: "update",
      itemId: landed.id,
      fieldErrors: { label_en: "validation.required", sort_order: "validation.required" },
    });

    const missing = (await act(admin.id, {
      intent: "update",
      id: "0190c0de-0000-7000-8000-000000000000",
      label_zh: "x",
      label_en: "x",
      sort_order: "1",
    })) as Response;
    expect(missing.status).toBe(404);
  });

  it("moves a park to another district", async () => {
    const admin = await makeUser("admin");
    const park = item("park", "zgc_miyun")!;
    await act(admin.id, {
      intent: "update",
      id: park.id,
      label_zh: park.labelZh,
      label_en: park.labelEn,
      sort_order: String(park.sortOrder),
      parent_code: "huairou",
    });
    expect(item("park", "zgc_miyun")!.parentCode).toBe("huairou");
    const bad = payload<Errors>(
      await act(admin.id, {
        intent: "update",
        id: park.id,
        label_zh: park.labelZh,
        label_en: park.labelEn,
        sort_order: "1",
        parent_code: "nowhere",
      }),
    );
    expect(bad.data.fieldErrors).toEqual({ parent_code: "validation.unknownCode" });
  });

  it("deactivates an item in use without breaking history, and reactivates it", async () => {
    const admin = await makeUser("admin");
    await act(admin.id, {
      intent: "create",
      kind: "stage",
      code: "pre_landing",
      label_zh: "预落地",
      label_en: "Pre-landing",
      sort_order: "35",
    });
    const stage = item("stage", "pre_landing")!;
    const centreId = insertCentre(db, {
      nameZh: "预落地中心",
      nameEn: "Pre-landing Centre",
      parentCompany: "Pre",
      countryCode: "JP",
      uscc: makeUscc(880_001),
      districtCode: "yanqing",
      events: [{ kind: "stage_changed", effectiveOn: "2026-04-01", toStage: "pre_landing" }],
    });

    const res = (await act(admin.id, { intent: "setActive", id: stage.id, active: "false" })) as Response;
    expect(res.status).toBe(302);
    expect(item("stage", "pre_landing")!.active).toBe(false);
    expect(auditOf(stage.id)[0]).toMatchObject({
      action: "deactivate",
      changes: [{ field: "active", before: true, after: false }],
    });
    // No longer offered, still known: the list of choices drops it, the centre keeps it and still shows.
    expect(referenceList("stage").map((s) => s.code)).not.toContain("pre_landing");
    expect(referenceList("stage", { includeInactive: true }).map((s) => s.code)).toContain("pre_landing");
    const columns = listPipeline(admin, { district: "yanqing" }, { today: todayInBeijing() });
    expect(columns.find((c) => c.code === "pre_landing")).toMatchObject({
      active: false,
      count: 1,
      cards: [expect.objectContaining({ id: centreId })],
    });
    expect(columns.at(-1)?.code).toBe("exited");

    await act(admin.id, { intent: "setActive", id: stage.id, active: "true" });
    expect(item("stage", "pre_landing")!.active).toBe(true);
    expect(auditOf(stage.id)[0]).toMatchObject({ action: "activate" });
    expect(db.select().from(referenceItems).where(eq(referenceItems.id, stage.id)).all()).toHaveLength(1); // never deleted
  });

  it("answers 403 to everyone but admins, for the page and every write", async () => {
    const landed = item("stage", "recognised")!;
    for (const role of ["steward", "official", "enterprise"] as const) {
      const user = await makeUser(role);
      expect(((await load(user.id)) as Response).status, role).toBe(403);
      const writes: Record<string, string>[] = [
        { intent: "create", kind: "industry", code: `x_${role}`, label_zh: "x", label_en: "x" },
        { intent: "update", id: landed.id, label_zh: "黑客", label_en: "Hacked", sort_order: "1" },
        { intent: "setActive", id: landed.id, active: "false" },
      ];
      for (const fields of writes)
        expect(((await act(user.id, fields)) as Response).status, `${role} ${fields.intent}`).toBe(403);
    }
    expect(item("stage", "recognised")).toMatchObject({ labelEn: "Recognised", active: true });
    expect(item("industry", "x_steward")).toBeUndefined();
  });

  it("refuses a POST without a CSRF token", async () => {
    const admin = await makeUser("admin");
    const request = await post(
      "/admin/reference",
      { intent: "create", kind: "industry", code: "forged", label_zh: "x", label_en: "x" },
      { userId: admin.id, csrfToken: false },
    );
    expect(((await run(() => action({ request, params: {}, context }))) as Response).status).toBe(403);
    expect(item("industry", "forged")).toBeUndefined();
  });
});
