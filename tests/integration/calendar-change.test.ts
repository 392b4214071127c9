import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, checklistItems, checklistTemplates, supportRequests } from "../../db/schema";
import { workingCalendar } from "~/models/calendar.server";
import { action as settingsAction } from "~/routes/admin.settings";
import { action as newAction } from "~/routes/portal.requests.new";
import { loader as staffLoader } from "~/routes/requests.$requestId";
import { db } from "~/utils/db.server";
import { context, get, makeUser, post, run } from "../helpers/requests";

afterEach(() => vi.useRealTimers());

const settings = async (userId: string, fields: Record<string, string>) =>
  (await run(async () =>
    settingsAction({ request: await post("/admin/settings", fields, { userId }), params: {}, context }),
  )) as Response;

describe("a calendar override moves the due dates it affects at once", () => {
  it("a 2027 holiday entered while a request is open moves its answer date and a template item's due date; 2027 stays flagged until marked complete", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-28T02:00:00Z")); // Mon 28 Dec 2026, 10:00 Beijing
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "日历中心",
      nameEn: "Calendar Centre",
      parentCompany: "K",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(3_900_001),
      leadStewardId: steward.id,
    });
    const enterprise = await makeUser("enterprise", { centreId });
    const submitted = await run(async () =>
      newAction({
        request: await post(
          "/portal/requests/new",
          {
            category: "talent_entry_exit",
            title: "Year end",
            description: "Due in 2027",
            urgency: "normal",
            idempotency_key: `k-${Math.random()}`,
          },
          { userId: enterprise.id },
        ),
        params: {},
        context,
      }),
    );
    const id = (submitted as Response).headers.get("Location")!.split("/").pop()!;
    const request = () => db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!;
    // 29, 30, 31 Dec, Fri 1 Jan 2027 (unknown to the package: a weekday), Mon 4 Jan.
    expect(request().answerDueOn).toBe("2027-01-04");

    const newTemplate = () =>
      db
        .insert(checklistTemplates)
        .values({ titleZh: "测试", titleEn: "Test", departmentCode: "commerce", duePeriodWorkingDays: 5 })
        .returning({ id: checklistTemplates.id })
        .get().id;
    const createdAt = new Date("2026-12-28T02:00:00Z");
    const fromTemplate = db
      .insert(checklistItems)
      .values({
        centreId,
        templateId: newTemplate(),
        titleZh: "a",
        titleEn: "a",
        departmentCode: "commerce",
        dueOn: "2027-01-04",
        createdAt,
      })
      .returning({ id: checklistItems.id })
      .get().id;
    const byHand = db
      .insert(checklistItems)
      .values({
        centreId,
        templateId: newTemplate(),
        titleZh: "b",
        titleEn: "b",
        departmentCode: "commerce",
        dueOn: "2027-01-06",
        createdAt,
      })
      .returning({ id: checklistItems.id })
      .get().id;
    const dueOf = (itemId: string) =>
      db.select({ dueOn: checklistItems.dueOn }).from(checklistItems).where(eq(checklistItems.id, itemId)).get()!.dueOn;

    const added = await settings(admin.id, { intent: "addOverride", date: "2027-01-01", kind: "holiday", note: "New Year 2027" });
    expect(added.status).toBe(302);
    expect(request()).toMatchObject({ acceptDueOn: "2026-12-29", answerDueOn: "2027-01-05" });
    expect(dueOf(fromTemplate)).toBe("2027-01-05");
    expect(dueOf(byHand)).toBe("2027-01-06"); // set by hand: kept
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "calendar_recompute")))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: null,
      changes: [{ field: "answerDueOn", before: "2027-01-04", after: "2027-01-05" }],
    });

    type Milestones = { milestones: { key: string; beyondKnownCalendar: boolean; dueOn: string }[] };
    const answerMilestone = async () =>
      (
        (await staffLoader({
          request: await get(`/requests/${id}`, steward.id),
          params: { requestId: id },
          context,
        })) as unknown as Milestones
      ).milestones.find((m) => m.key === "answer")!;
    // One entered holiday does not make 2027 known: the date moved, the flag stays.
    expect(await answerMilestone()).toMatchObject({ dueOn: "2027-01-05", beyondKnownCalendar: true });
    expect(workingCalendar().isKnownDate("2027-06-01")).toBe(false);

    expect((await settings(admin.id, { intent: "calendarYear", year: "2027", complete: "1" })).status).toBe(302);
    expect(await answerMilestone()).toMatchObject({ dueOn: "2027-01-05", beyondKnownCalendar: false });

    expect((await settings(admin.id, { intent: "calendarYear", year: "2027", complete: "0" })).status).toBe(302);
    expect((await settings(admin.id, { intent: "removeOverride", date: "2027-01-01" })).status).toBe(302);
    expect(request().answerDueOn).toBe("2027-01-04");
    expect(dueOf(fromTemplate)).toBe("2027-01-04");
  });
});
