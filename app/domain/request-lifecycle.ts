/**
 * Support-request (诉求) lifecycle, from design.md "Request lifecycle".
 *
 *   (new) → submitted                       enterprise, or a steward on its behalf
 *   submitted → accepted | rejected         steward            (reject needs a reason)
 *   accepted, in_progress → referred        steward            (needs a department)
 *   referred → in_progress                  steward            (department's answer recorded)
 *   accepted, in_progress → answered        steward
 *   answered → closed                       steward, or the enterprise confirming
 *   answered, closed → in_progress          enterprise         (reopen, within the window)
 *
 * Admins may do everything staff or enterprise may do; officials only read.
 * `reopened` is kept as a status for history and legacy rows; a reopen goes straight
 * to in_progress, and a request found in `reopened` is handled like in_progress.
 * Roles only: whether a steward is assigned to the centre, or the enterprise user
 * belongs to it, is checked by the caller.
 */
import type { Role } from "./permissions";
import type { WorkingCalendar } from "./working-days";

export const REQUEST_STATUSES = [
  "submitted",
  "accepted",
  "rejected",
  "referred",
  "in_progress",
  "answered",
  "closed",
  "reopened",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The request's other vocabularies: urgency, who may read a message, the satisfaction rating. */
export const REQUEST_URGENCIES = ["normal", "urgent"] as const;
export type RequestUrgency = (typeof REQUEST_URGENCIES)[number];
export const MESSAGE_VISIBILITIES = ["public", "internal"] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];
export const SATISFACTION_RATINGS = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

export const REQUEST_ACTIONS = ["accept", "reject", "refer", "record_department_answer", "answer", "close", "reopen"] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export type ActorRole = Role;

export type TransitionResult = { ok: true; to: RequestStatus } | { ok: false; reason: "illegal_transition" | "forbidden" };

type Rule = { from: readonly RequestStatus[]; to: RequestStatus; roles: readonly ActorRole[] };

const STAFF: readonly ActorRole[] = ["admin", "steward"];

const RULES: Record<RequestAction, Rule> = {
  accept: { from: ["submitted"], to: "accepted", roles: STAFF },
  reject: { from: ["submitted"], to: "rejected", roles: STAFF },
  refer: { from: ["accepted", "in_progress", "reopened"], to: "referred", roles: STAFF },
  record_department_answer: { from: ["referred"], to: "in_progress", roles: STAFF },
  answer: { from: ["accepted", "in_progress", "reopened"], to: "answered", roles: STAFF },
  close: { from: ["answered"], to: "closed", roles: ["admin", "steward", "enterprise"] },
  reopen: { from: ["answered", "closed"], to: "in_progress", roles: ["admin", "enterprise"] },
};

export const INITIAL_REQUEST_STATUS: RequestStatus = "submitted";

export function isRequestStatus(value: unknown): value is RequestStatus {
  return typeof value === "string" && (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** Who may create a request: an enterprise user, or staff on its behalf. */
export function canSubmit(role: ActorRole): boolean {
  return role !== "official";
}

/**
 * The status `action` leads to, or why it is refused: "illegal_transition" when the action
 * makes no sense from `status` (checked first), "forbidden" when the role may not take it.
 */
export function transition(status: RequestStatus, action: RequestAction, actorRole: ActorRole): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(status)) return { ok: false, reason: "illegal_transition" };
  if (!rule.roles.includes(actorRole)) return { ok: false, reason: "forbidden" };
  return { ok: true, to: rule.to };
}

/** Actions `role` may take on a request in `status`, in REQUEST_ACTIONS order. */
export function allowedActions(status: RequestStatus, role: ActorRole): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => transition(status, a, role).ok);
}

/** Rejected and closed requests are finished; every other status is open. */
export function isOpen(status: RequestStatus): boolean {
  return status !== "rejected" && status !== "closed";
}

/** Public replies and internal notes can be added in any open state. */
export function canAddMessage(status: RequestStatus): boolean {
  return isOpen(status);
}

/** Rejecting needs a reason; referring needs the department. */
export function requiredFields(action: RequestAction): ("reason" | "department")[] {
  if (action === "reject") return ["reason"];
  if (action === "refer") return ["department"];
  return [];
}

/** A status change as stored in request events; `on` is its 'YYYY-MM-DD' date. */
export type RequestStatusEvent = { from: RequestStatus | null; to: RequestStatus; on: string };

/**
 * Clock pauses derived from status events: each entry into `referred` opens a pause
 * and the next move out of it closes the pause on that day; a still-referred request
 * leaves the last pause open (to: null). Events must be in the order they happened.
 */
export function pausesFromEvents(events: readonly RequestStatusEvent[]): { from: string; to: string | null }[] {
  const pauses: { from: string; to: string | null }[] = [];
  let open: { from: string; to: string | null } | null = null;
  for (const e of events) {
    if (e.to === "referred" && !open) {
      open = { from: e.on, to: null };
      pauses.push(open);
    } else if (e.to !== "referred" && open) {
      open.to = e.on;
      open = null;
    }
  }
  return pauses;
}

/**
 * The enterprise may reopen an answered or closed request within `windowWorkingDays`
 * working days after `since` (the day it was answered or closed): reopening on the
 * last day of the window is still allowed.
 */
export function isWithinReopenWindow(
  since: string,
  today: string,
  windowWorkingDays: number,
  calendar: Pick<WorkingCalendar, "workingDaysBetween">,
): boolean {
  const elapsed = calendar.workingDaysBetween(since, today);
  return elapsed >= 0 && elapsed <= windowWorkingDays;
}
