import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, calendarOverrides, settings } from "../../db/schema";
import { workingCalendar } from "~/models/calendar.server";
import { getSetting } from "~/models/reference.server";
import { action, loader } from "~/routes/admin.settings";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

async function act(userId: string, fields: Record<string, string>) {
  const request = await post("/admin/settings", fields, { userId });
  return run(() => action({ request, params: {}, context }));
}

/** The settings form as the page renders it: current values, category rows blank unless stored. */
function currentForm(): Record<string, string> {
  const target = getSetting("target");
  const limits = getSetting("requestTimeLimits");
  const cadence = getSetting("contactCadenceDays");
  const fields: Record<string, string> = {
    intent: "saveSettings",
    "target.count": String(target.count),
    "target.date": target.date,
    reopenWindowWorkingDays: String(getSetting("reopenWindowWorkingDays")),
    dueSoonWorkingDays: String(getSetting("dueSoonWorkingDays")),
    "contactCadenceDays.regional": String(cadence.regional),
    "contactCadenceDays.greater_regional": String(cadence.greater_regional),
    "contactCadenceDays.global": String(cadence.global),
  };
  for (const [code, l] of Object.entries(limits))
    for (const [f, v] of Object.entries(l)) fields[`requestTimeLimits.${code}.${f}`] = String(v);
  return fields;
}

const auditOf = (entity: string, entityId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .all();

describe("/admin/settings", () => {
  it("shows the settings and calendar to an admin", async () => {
    const admin = await makeUser("admin");
    const page = payload<{ categories: { code: string }[]; coverage: { throughYear: number } }>(
      await run(async () => loader({ request: await get("/admin/settings?year=2027", admin.id), params: {}, context })),
    );
    expect(page.data.categories.map((c) => c.code)).toContain("tax");
    expect(page.data.coverage.throughYear).toBeGreaterThanOrEqual(2024);
  });

  it("saves a category's time limits, stored and audited", async () => {
    const admin = await makeUser("admin");
    const fields = {
      ...currentForm(),
      "requestTimeLimits.tax.accept": "2",
      "requestTimeLimits.tax.firstContact": "3",
      "requestTimeLimits.tax.answer": "10",
      "requestTimeLimits.tax.satisfactionFollowUp": "4",
      dueSoonWorkingDays: "2",
    };
    const res = (await act(admin.id, fields)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/settings");
    const limits = getSetting("requestTimeLimits");
    expect(limits.tax).toEqual({ accept: 2, firstContact: 3, answer: 10, satisfactionFollowUp: 4 });
    expect(limits.default).toEqual({ accept: 1, firstContact: 2, answer: 5, satisfactionFollowUp: 3 });
    expect(getSetting("dueSoonWorkingDays")).toBe(2);
    const audit = auditOf("setting", "requestTimeLimits");
    expect(audit.at(-1)!.actorId).toBe(admin.id);
    expect(audit.at(-1)!.changes[0]).toMatchObject({ field: "requestTimeLimits", after: { tax: { answer: 10 } } });
    // Unchanged keys are not rewritten nor audited.
    expect(auditOf("setting", "target")).toHaveLength(0);
  });

  it("answers field errors for bad values and stores nothing", async () => {
    const admin = await makeUser("admin");
    const rowsBefore = db.select().from(settings).all();
    const auditBefore = db.select().from(auditLog).all().length;
    const res = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, {
        ...currentForm(),
        "target.count": "0",
        "target.date": "2027-02-30",
        reopenWindowWorkingDays: "61",
        "contactCadenceDays.global": "400",
        "requestTimeLimits.default.answer": "abc",
        "requestTimeLimits.ip.accept": "2",
      }),
    );
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toMatchObject({
      "target.count": "settings.errors.countRange",
      "target.date": "validation.date",
      reopenWindowWorkingDays: "settings.errors.range",
      "contactCadenceDays.global": "settings.errors.cadenceRange",
      "requestTimeLimits.default.answer": "settings.errors.range",
      "requestTimeLimits.ip.firstContact": "settings.errors.rowIncomplete",
    });
    expect(db.select().from(settings).all()).toEqual(rowsBefore);
    expect(db.select().from(auditLog).all().length).toBe(auditBefore);
  });

  it("refuses non-admins", async () => {
    for (const role of ["steward", "official", "enterprise"] as const) {
      const user = await makeUser(role);
      const res = await act(user.id, { ...currentForm(), dueSoonWorkingDays: "5" });
      expect((res as Response).status, role).toBe(403);
      const add = await act(user.id, { intent: "addOverride", date: "2027-03-11", kind: "holiday", note: "" });
      expect((add as Response).status, role).toBe(403);
    }
    expect(db.select().from(calendarOverrides).where(eq(calendarOverrides.date, "2027-03-11")).get()).toBeUndefined();
  });

  it("adds a 2027 holiday the working calendar honours, and deletes it", async () => {
    const admin = await makeUser("admin");
    expect(workingCalendar().isWorkingDay("2027-03-10")).toBe(true); // a Wednesday
    const added = (await act(admin.id, {
      intent: "addOverride",
      date: "2027-03-10",
      kind: "holiday",
      note: "Test holiday",
    })) as Response;
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe("/admin/settings?year=2027");
    const calendar = workingCalendar();
    expect(calendar.isWorkingDay("2027-03-10")).toBe(false);
    // One entered holiday does not make 2027 known.
    expect(calendar.knownYears).not.toContain(2027);
    expect(calendar.isKnownDate("2027-06-01")).toBe(false);
    expect(auditOf("calendar_override", "2027-03-10")).toHaveLength(1);

    const page = payload<{
      overrides: { date: string; kind: string }[];
      years: { year: number; known: boolean; hasOverrides: boolean }[];
    }>(await run(async () => loader({ request: await get("/admin/settings?year=2027", admin.id), params: {}, context })));
    expect(page.data.overrides).toEqual([{ date: "2027-03-10", kind: "holiday", note: "Test holiday" }]);
    expect(page.data.years.find((y) => y.year === 2027)).toMatchObject({ known: false, hasOverrides: true });

    const dup = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, { intent: "addOverride", date: "2027-03-10", kind: "workday", note: "" }),
    );
    expect(dup.status).toBe(400);
    expect(dup.data.fieldErrors).toEqual({ date: "settings.errors.overrideExists" });
    const bad = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, { intent: "addOverride", date: "2027-13-01", kind: "party", note: "" }),
    );
    expect(bad.data.fieldErrors).toMatchObject({ date: "validation.date", kind: "validation.invalidChoice" });

    const removed = (await act(admin.id, { intent: "removeOverride", date: "2027-03-10" })) as Response;
    expect(removed.status).toBe(302);
    expect(db.select().from(calendarOverrides).where(eq(calendarOverrides.date, "2027-03-10")).get()).toBeUndefined();
    expect(workingCalendar().isWorkingDay("2027-03-10")).toBe(true);
    expect(auditOf("calendar_override", "2027-03-10").map((a) => a.action)).toEqual(["create", "delete"]);
    const again = await act(admin.id, { intent: "removeOverride", date: "2027-03-10" });
    expect((again as Response).status).toBe(404);
  });
});
