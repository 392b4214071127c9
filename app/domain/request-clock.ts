import { pausesFromEvents, type RequestStatusEvent } from "./request-lifecycle";
import type { DueStatus, WorkingCalendar } from "./working-days";

/**
 * A support request's time limits in working days: accept, first contact and answer, each
 * counted from the day of submission. A referral pauses the clock from the day it is referred
 * until the department's answer is recorded; the due dates move by the paused working days.
 */
export type TimeLimits = { accept: number; firstContact: number; answer: number };

export type RequestDueDates = {
  acceptDueOn: string;
  firstContactDueOn: string;
  answerDueOn: string;
  pausedWorkingDays: number;
  /** A due date lies beyond the years the calendar knows: the app says so rather than pretend. */
  beyondKnownCalendar: boolean;
};

export function dueDates(
  calendar: WorkingCalendar,
  submittedOn: string,
  limits: TimeLimits,
  statusEvents: readonly RequestStatusEvent[],
  today: string,
): RequestDueDates {
  const paused = calendar.pausedWorkingDays(pausesFromEvents(statusEvents), today);
  const due = (n: number) => calendar.addWorkingDays(submittedOn, n + paused);
  const accept = due(limits.accept);
  const firstContact = due(limits.firstContact);
  const answer = due(limits.answer);
  return {
    acceptDueOn: accept.date,
    firstContactDueOn: firstContact.date,
    answerDueOn: answer.date,
    pausedWorkingDays: paused,
    beyondKnownCalendar: accept.beyondKnownCalendar || firstContact.beyondKnownCalendar || answer.beyondKnownCalendar,
  };
}

/** The deadline that matters now for a request in `status`, or null when none runs. */
export function currentDeadline(
  status: string,
  due: { acceptDueOn: string | null; firstContactDueOn: string | null; answerDueOn: string | null },
): string | null {
  if (status === "submitted") return due.acceptDueOn;
  if (status === "accepted" || status === "in_progress" || status === "reopened") return due.answerDueOn;
  return null; // referred (paused), answered, closed, rejected
}

export function deadlineStatus(calendar: WorkingCalendar, deadline: string | null, today: string, soonWithin: number): DueStatus | null {
  return deadline ? calendar.dueStatus(deadline, today, soonWithin) : null;
}

/** Receipt numbers like RQ-2026-000123: shown to people, never used for access. */
export function formatReceiptNo(year: number, sequence: number): string {
  return `RQ-${year}-${String(sequence).padStart(6, "0")}`;
}
