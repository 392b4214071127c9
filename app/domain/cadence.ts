/**
 * Steward contact cadence: a centre should be contacted at least every `cadenceDays`
 * calendar days (configurable per level). A centre never contacted is due now.
 */
import { addCalendarDays, calendarDaysBetween } from "./working-days";

/** Date the next contact is due ('YYYY-MM-DD'), or null when it is due now (never contacted). */
export function nextContactDueOn(lastInteractionOn: string | null, cadenceDays: number): string | null {
  if (lastInteractionOn === null) return null;
  return addCalendarDays(lastInteractionOn, cadenceDays);
}

/**
 * True when the centre has never been contacted, or when at least `cadenceDays` calendar
 * days have passed since the last interaction (so with 90 days, a centre last seen on
 * 1 January is due again on 1 April).
 */
export function isDueForContact(lastInteractionOn: string | null, cadenceDays: number, today: string): boolean {
  if (!Number.isInteger(cadenceDays) || cadenceDays < 0) {
    throw new RangeError(`cadenceDays must be a non-negative integer, got ${cadenceDays}`);
  }
  if (lastInteractionOn === null) return true;
  return calendarDaysBetween(lastInteractionOn, today) >= cadenceDays;
}
