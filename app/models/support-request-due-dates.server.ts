import { asc, eq } from "drizzle-orm";
import { requestEvents } from "../../db/schema";
import { dueDates, type MetDates, type TimeLimits } from "~/domain/request-clock";
import type { WorkingCalendar } from "~/domain/working-days";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { getSetting } from "./reference.server";
import type { Tx } from "./write-types.server";

/**
 * A support request's due dates: the time limits of its category (settings), its status history
 * (referral pauses the clock) and the milestones it met, handed to the rule in domain/request-clock.
 */

/** The time limits (working days) of a request category, or the default ones. */
export function timeLimits(categoryCode: string): TimeLimits & { satisfactionFollowUp: number } {
  const all = getSetting("requestTimeLimits");
  return all[categoryCode] ?? all.default ?? { accept: 1, firstContact: 2, answer: 5, satisfactionFollowUp: 3 };
}

function statusEventsOf(tx: Tx | typeof db, requestId: string) {
  return tx
    .select({ from: requestEvents.fromStatus, to: requestEvents.toStatus, on: requestEvents.onDate })
    .from(requestEvents)
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(asc(requestEvents.at))
    .all();
}

/** Beijing dates on which a request's milestones were met. */
export function metDatesOf(r: { acceptedAt?: Date | null; firstContactAt?: Date | null; answeredAt?: Date | null }): MetDates {
  const day = (d: Date | null | undefined) => (d ? todayInBeijing(d) : null);
  return { acceptedOn: day(r.acceptedAt), firstContactOn: day(r.firstContactAt), answeredOn: day(r.answeredAt) };
}

/** A request's due dates from its submission day, time limits, status history (pauses) and met milestones. */
export function requestDueDates(
  tx: Tx | typeof db,
  request: {
    id: string;
    submittedOn: string;
    categoryCode: string;
    acceptedAt?: Date | null;
    firstContactAt?: Date | null;
    answeredAt?: Date | null;
  },
  calendar: WorkingCalendar,
  today: string,
) {
  const events = statusEventsOf(tx, request.id).map((e) => ({
    from: e.from,
    to: e.to,
    on: e.on,
  }));
  return dueDates(calendar, request.submittedOn, timeLimits(request.categoryCode), events, today, metDatesOf(request));
}
