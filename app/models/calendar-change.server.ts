import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { changeCounters, checklistItems, checklistTemplates, supportRequests } from "../../db/schema";
import { storedDeadlines } from "~/domain/request-clock";
import type { WorkingCalendar } from "~/domain/working-days";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import type { Tx } from "./write-types.server";
import { requestDueDates } from "./support-request-due-dates.server";

export type CalendarChangeEffect = { requests: number; checklistItems: number };

/**
 * After the working calendar changed (an override entered or removed, a year marked complete),
 * inside the same transaction: the due dates of every open request are recomputed by the request
 * clock, and every open checklist item still on the due date its template gave it (applied day +
 * the template's working days, by the old calendar) moves to the date the new calendar gives; a
 * due date someone set by hand is left alone. Each moved date is audited as a system change
 * (no actor, action `calendar_recompute`).
 */
export function applyCalendarChange(
  tx: Tx,
  before: WorkingCalendar,
  after: WorkingCalendar,
  today = todayInBeijing(),
): CalendarChangeEffect {
  let requests = 0;
  const open = tx
    .select({
      id: supportRequests.id,
      status: supportRequests.status,
      submittedOn: supportRequests.submittedOn,
      categoryCode: supportRequests.categoryCode,
      acceptedAt: supportRequests.acceptedAt,
      firstContactAt: supportRequests.firstContactAt,
      answeredAt: supportRequests.answeredAt,
      acceptDueOn: supportRequests.acceptDueOn,
      firstContactDueOn: supportRequests.firstContactDueOn,
      answerDueOn: supportRequests.answerDueOn,
    })
    .from(supportRequests)
    .where(notInArray(supportRequests.status, ["closed", "rejected"]))
    .all();
  for (const r of open) {
    const due = requestDueDates(tx, r, after, today);
    const changes = (
      [
        ["acceptDueOn", r.acceptDueOn, due.acceptDueOn],
        ["firstContactDueOn", r.firstContactDueOn, due.firstContactDueOn],
        ["answerDueOn", r.answerDueOn, due.answerDueOn],
      ] as const
    ).filter(([, was, now]) => was !== now);
    if (changes.length === 0) continue;
    tx.update(supportRequests)
      .set({
        ...storedDeadlines(r.status, due),
        version: sql`${supportRequests.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(supportRequests.id, r.id))
      .run();
    recordAudit(tx, {
      actorId: null,
      entity: "support_request",
      entityId: r.id,
      action: "calendar_recompute",
      changes: changes.map(([field, was, now]) => ({ field, before: was, after: now })),
    });
    requests++;
  }

  let items = 0;
  const itemRows = tx
    .select({
      id: checklistItems.id,
      dueOn: checklistItems.dueOn,
      createdAt: checklistItems.createdAt,
      period: checklistTemplates.duePeriodWorkingDays,
    })
    .from(checklistItems)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistItems.templateId))
    .where(
      and(
        isNotNull(checklistItems.dueOn),
        isNull(checklistItems.completedAt),
        notInArray(checklistItems.status, ["done", "not_applicable"]),
      ),
    )
    .all();
  const moved: { id: string; was: string; now: string }[] = [];
  for (const item of itemRows) {
    if (item.period === null || item.period === undefined) continue;
    const appliedOn = todayInBeijing(item.createdAt);
    if (before.addWorkingDays(appliedOn, item.period).date !== item.dueOn) continue; // set by hand: keep
    const now = after.addWorkingDays(appliedOn, item.period).date;
    if (now !== item.dueOn) moved.push({ id: item.id, was: item.dueOn!, now });
  }
  for (const m of moved) {
    tx.update(checklistItems)
      .set({ dueOn: m.now, version: sql`${checklistItems.version} + 1`, updatedAt: new Date() })
      .where(eq(checklistItems.id, m.id))
      .run();
    recordAudit(tx, {
      actorId: null,
      entity: "checklist_item",
      entityId: m.id,
      action: "calendar_recompute",
      changes: [{ field: "dueOn", before: m.was, after: m.now }],
    });
    items++;
  }
  return { requests, checklistItems: items };
}

/** Marks the service figures stale (their working-day counts depend on which years are known). */
export function touchServiceFigures(tx: Tx) {
  tx.update(changeCounters)
    .set({ version: sql`${changeCounters.version} + 1` })
    .where(inArray(changeCounters.name, ["requests"]))
    .run();
}
