/**
 * Service-checklist items: each has a status and an optional due date.
 * Items marked not_applicable are left out of progress and never overdue.
 */
export const CHECKLIST_STATUSES = ["not_started", "in_progress", "waiting_on_department", "done", "not_applicable"] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

export function isChecklistStatus(value: unknown): value is ChecklistStatus {
  return typeof value === "string" && (CHECKLIST_STATUSES as readonly string[]).includes(value);
}

/** Done items out of applicable (all but not_applicable) items. */
export function progress(items: readonly { status: ChecklistStatus }[]): { done: number; applicable: number } {
  let done = 0;
  let applicable = 0;
  for (const item of items) {
    if (item.status === "not_applicable") continue;
    applicable++;
    if (item.status === "done") done++;
  }
  return { done, applicable };
}

/**
 * True when the item is still to do (not done, not not_applicable) and its due date
 * ('YYYY-MM-DD') is before `today`. An item due today is not overdue yet; one without
 * a due date never is.
 */
export function isOverdue(item: { status: ChecklistStatus; dueOn?: string | null }, today: string): boolean {
  if (item.status === "done" || item.status === "not_applicable") return false;
  return item.dueOn != null && item.dueOn < today;
}
