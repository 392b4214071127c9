/**
 * Pure rules of a steward's daily work: which checklist templates apply to a centre, when an
 * item or follow-up is overdue or nearly due, when a centre is due for contact, and Beijing
 * wall-clock times of interactions. No database, no clock: callers pass `today`.
 */
import { isDueForContact, nextContactDueOn } from "./cadence";
import { isOverdue, type ChecklistStatus } from "./checklist";
import { calendarDaysBetween, type WorkingCalendar } from "./working-days";

/** Kept here (not imported from db/schema) so forms in the browser bundle can use them. */
export const INTERACTION_KINDS = ["visit", "call", "meeting", "email", "event"] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const FOLLOW_UP_STATUSES = ["open", "done", "cancelled"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** The onboarding stage a centre leaves the pipeline by; no checklist item applies to it. */
export const EXIT_STAGE = "exited";

/** Checklist items and follow-ups this many working days (or fewer) from their due date are "nearly due". */
export const NEARLY_DUE_WORKING_DAYS = 5;

export type TemplateScope = { active: boolean; appliesToType: string | null; appliesAtStage: string | null };

/**
 * Does a template apply to a centre of `centre.type` that has reached `centre.stage`?
 *
 * - inactive templates never apply, nor does anything to a centre that has exited;
 * - a template for one centre type applies to that type only;
 * - a template without a stage applies from the centre's creation; one with a stage applies once
 *   the centre has reached that stage, i.e. when the centre's stage comes at or after it in
 *   `stageOrder` (the admin-ordered onboarding stages). A stage missing from the order (retired,
 *   unknown) only matches itself.
 */
export function templateApplies(
  template: TemplateScope,
  centre: { type: string; stage: string },
  stageOrder: readonly string[],
): boolean {
  if (!template.active || centre.stage === EXIT_STAGE) return false;
  if (template.appliesToType !== null && template.appliesToType !== centre.type) return false;
  if (template.appliesAtStage === null) return true;
  const at = stageOrder.indexOf(template.appliesAtStage);
  const reached = stageOrder.indexOf(centre.stage);
  if (at < 0 || reached < 0) return template.appliesAtStage === centre.stage;
  return at <= reached;
}

export type DueFlag = "overdue" | "due_soon";

/**
 * "overdue" when the item is still open and its due date is before `today`; "due_soon" when at
 * most `soonWithin` working days remain (due today counts as 0 remaining); otherwise null. Items
 * without a due date, done or not applicable, are never flagged.
 */
export function checklistDueFlag(
  item: { status: ChecklistStatus; dueOn: string | null },
  today: string,
  calendar: Pick<WorkingCalendar, "dueStatus">,
  soonWithin = NEARLY_DUE_WORKING_DAYS,
): DueFlag | null {
  if (item.dueOn === null || item.status === "done" || item.status === "not_applicable") return null;
  if (isOverdue(item, today)) return "overdue";
  return calendar.dueStatus(item.dueOn, today, soonWithin) === "due_soon" ? "due_soon" : null;
}

/** The same flags for a follow-up: only open follow-ups are ever flagged. */
export function followUpDueFlag(
  followUp: { status: FollowUpStatus; dueOn: string | null },
  today: string,
  calendar: Pick<WorkingCalendar, "dueStatus">,
  soonWithin = NEARLY_DUE_WORKING_DAYS,
): DueFlag | null {
  if (followUp.status !== "open") return null;
  return checklistDueFlag({ status: "not_started", dueOn: followUp.dueOn }, today, calendar, soonWithin);
}

export type ContactStatus = {
  due: boolean;
  /** Date the next contact is due; null when never contacted (due now). */
  nextDueOn: string | null;
  /** Calendar days since the last interaction; null when never contacted. */
  daysSinceLast: number | null;
  /** Calendar days past the date the next contact was due (0 on that day); null when not due or never contacted. */
  daysOverdue: number | null;
};

/** Where a centre stands against its contact cadence (calendar days, per level). */
export function contactStatus(lastInteractionOn: string | null, cadenceDays: number, today: string): ContactStatus {
  const due = isDueForContact(lastInteractionOn, cadenceDays, today);
  const nextDueOn = nextContactDueOn(lastInteractionOn, cadenceDays);
  return {
    due,
    nextDueOn,
    daysSinceLast: lastInteractionOn === null ? null : calendarDaysBetween(lastInteractionOn, today),
    daysOverdue: due && nextDueOn !== null ? calendarDaysBetween(nextDueOn, today) : null,
  };
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a 24-hour wall-clock time written "HH:MM". */
export function isClockTime(value: string): boolean {
  return TIME.test(value);
}

/** The instant of a Beijing wall-clock date and time (UTC+8 all year; China has no daylight saving). */
export function beijingInstant(date: string, time: string): Date {
  if (!TIME.test(time)) throw new RangeError(`Not a HH:MM time: ${JSON.stringify(time)}`);
  const instant = new Date(`${date}T${time}:00+08:00`);
  if (Number.isNaN(instant.getTime()) || beijingDate(instant) !== date)
    throw new RangeError(`Not a valid date: ${JSON.stringify(date)}`);
  return instant;
}

/** The Beijing calendar date ('YYYY-MM-DD') of an instant. */
export function beijingDate(instant: Date | number): string {
  return new Date(new Date(instant).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing wall-clock time ('HH:MM') of an instant. */
export function beijingTime(instant: Date | number): string {
  return new Date(new Date(instant).getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * Closed follow-ups a list shows (issue 14: a centre's follow-ups grow for as long as it is
 * stewarded): the newest `first`, and at most `most` after "Show all". Open ones are all shown.
 */
export const CLOSED_FOLLOW_UPS = { first: 20, most: 200 } as const;
