import { pausesFromEvents, type RequestStatus, type RequestStatusEvent } from "./request-lifecycle";
import { addCalendarDays, type DueStatus, type Pause, type WorkingCalendar } from "./working-days";

/**
 * A support request's clock. Three milestones, each with a time limit in working days counted
 * from the day of submission (that day itself is not counted): accept, first contact (the
 * first public word from staff) and answer.
 *
 * - A referral pauses the clock from the day it is referred until the department's answer is
 *   recorded (that day the clock runs again). Only days after the submission day count as
 *   paused, so a pause that begins on the submission day adds no day for that day.
 * - A pause moves only the milestones not yet met: a milestone met on day M counts only the
 *   paused working days before M. An acceptance that was late stays late; an answer given
 *   before a referral keeps its date.
 * - A met milestone shows as met, with its date and whether that was on time (on or before the
 *   due date) or late; it never warns "due soon" again. A finished request (closed or rejected)
 *   has no pending deadline: a milestone it never reached shows as not applicable.
 */
export type TimeLimits = { accept: number; firstContact: number; answer: number };

export type MilestoneKey = "accept" | "firstContact" | "answer";
export const MILESTONES: readonly MilestoneKey[] = ["accept", "firstContact", "answer"];

/** Beijing dates ('YYYY-MM-DD') on which milestones were met, when they were. */
export type MetDates = { acceptedOn?: string | null; firstContactOn?: string | null; answeredOn?: string | null };

const MET_FIELD: Record<MilestoneKey, keyof MetDates> = {
  accept: "acceptedOn",
  firstContact: "firstContactOn",
  answer: "answeredOn",
};

export type RequestDueDates = {
  acceptDueOn: string;
  firstContactDueOn: string;
  answerDueOn: string;
  /** Working days the answer milestone was paused (the one a referral can still move). */
  pausedWorkingDays: number;
  /** A due date lies beyond the years the calendar knows: the app says so rather than pretend. */
  beyondKnownCalendar: boolean;
};

/** Pauses as the clock counts them: never before the day after submission. */
function countedPauses(pauses: readonly Pause[], submittedOn: string): Pause[] {
  const firstCounted = addCalendarDays(submittedOn, 1);
  return pauses.map((p) => ({ from: p.from < firstCounted ? firstCounted : p.from, to: p.to }));
}

export function dueDates(
  calendar: WorkingCalendar,
  submittedOn: string,
  limits: TimeLimits,
  statusEvents: readonly RequestStatusEvent[],
  today: string,
  met: MetDates = {},
): RequestDueDates {
  const pauses = countedPauses(pausesFromEvents(statusEvents), submittedOn);
  const pausedFor = (key: MilestoneKey) => {
    const metOn = met[MET_FIELD[key]];
    // Met on M: only the paused days before M moved it.
    const until = metOn ? addCalendarDays(metOn, -1) : today;
    return calendar.pausedWorkingDays(pauses, until < today ? until : today);
  };
  const due = (key: MilestoneKey) => calendar.addWorkingDays(submittedOn, limits[key] + pausedFor(key));
  const accept = due("accept");
  const firstContact = due("firstContact");
  const answer = due("answer");
  return {
    acceptDueOn: accept.date,
    firstContactDueOn: firstContact.date,
    answerDueOn: answer.date,
    pausedWorkingDays: pausedFor("answer"),
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

/**
 * The deadline columns a request row stores: its due dates and, beside them, the current
 * deadline (`currentDeadline`), which the queue sorts and filters by through an index. Every
 * write that changes a request's status or due dates stores this, in the same transaction.
 */
export function storedDeadlines(
  status: string,
  due: { acceptDueOn: string | null; firstContactDueOn: string | null; answerDueOn: string | null },
) {
  return {
    acceptDueOn: due.acceptDueOn,
    firstContactDueOn: due.firstContactDueOn,
    answerDueOn: due.answerDueOn,
    currentDeadlineOn: currentDeadline(status, due),
  };
}

export function deadlineStatus(
  calendar: WorkingCalendar,
  deadline: string | null,
  today: string,
  soonWithin: number,
): DueStatus | null {
  return deadline ? calendar.dueStatus(deadline, today, soonWithin) : null;
}

export type Milestone = {
  key: MilestoneKey;
  dueOn: string | null;
  /** "met": reached on `metOn`, on time or late; "pending": still running (state says how near);
   * "paused": running but stopped by a referral; "not_applicable": the request finished without it. */
  kind: "met" | "pending" | "paused" | "not_applicable";
  metOn: string | null;
  late: boolean;
  state: DueStatus | null;
  /** The due date lies in a year whose official calendar is not known yet. */
  beyondKnownCalendar: boolean;
};

export function requestMilestones(
  calendar: WorkingCalendar,
  request: {
    status: RequestStatus | string;
    acceptDueOn: string | null;
    firstContactDueOn: string | null;
    answerDueOn: string | null;
  } & MetDates,
  today: string,
  soonWithin: number,
): Milestone[] {
  const finished = request.status === "closed" || request.status === "rejected";
  const dueOf: Record<MilestoneKey, string | null> = {
    accept: request.acceptDueOn,
    firstContact: request.firstContactDueOn,
    answer: request.answerDueOn,
  };
  return MILESTONES.map((key) => {
    const dueOn = dueOf[key];
    const metOn = request[MET_FIELD[key]] ?? null;
    const beyondKnownCalendar = dueOn ? !calendar.isKnownDate(dueOn) : false;
    if (metOn) return { key, dueOn, kind: "met", metOn, late: dueOn !== null && metOn > dueOn, state: null, beyondKnownCalendar };
    if (finished || !dueOn)
      return { key, dueOn, kind: "not_applicable", metOn: null, late: false, state: null, beyondKnownCalendar: false };
    if (request.status === "referred" && key === "answer")
      return { key, dueOn, kind: "paused", metOn: null, late: false, state: null, beyondKnownCalendar };
    return {
      key,
      dueOn,
      kind: "pending",
      metOn: null,
      late: false,
      state: calendar.dueStatus(dueOn, today, soonWithin),
      beyondKnownCalendar,
    };
  });
}

/**
 * What the enterprise is promised: the date by which the answer is due, whatever the state
 * ("we will answer by …"); while referred the date is a lower bound that moves; once answered,
 * the answer date; a request finished without an answer (rejected, closed) promises nothing.
 */
export type AnswerCommitment =
  | { kind: "answer_by"; date: string; state: DueStatus | null }
  | { kind: "answer_by_paused"; date: string }
  | { kind: "answered"; date: string; late: boolean }
  | { kind: "none" };

export function answerCommitment(milestones: readonly Milestone[]): AnswerCommitment {
  const answer = milestones.find((m) => m.key === "answer");
  if (!answer || !answer.dueOn) return { kind: "none" };
  if (answer.kind === "met") return { kind: "answered", date: answer.metOn!, late: answer.late };
  if (answer.kind === "paused") return { kind: "answer_by_paused", date: answer.dueOn };
  if (answer.kind === "pending") return { kind: "answer_by", date: answer.dueOn, state: answer.state };
  return { kind: "none" };
}

/** Receipt numbers like RQ-2026-000123: shown to people, never used for access. */
export function formatReceiptNo(year: number, sequence: number): string {
  return `RQ-${year}-${String(sequence).padStart(6, "0")}`;
}
