/**
 * What a centre page's timeline shows, and how its lists are paged (issue 14, goal 3: no page
 * renders an unbounded list; "older" links reach every entry).
 */
export const TIMELINE_KINDS = [
  "stage_changed",
  "recognised",
  "level_changed",
  "withdrawn",
  "interaction",
  "checklist",
  "follow_up",
  "request",
  "update",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(value: unknown): value is TimelineKind {
  return typeof value === "string" && (TIMELINE_KINDS as readonly string[]).includes(value);
}

/** A page number from the URL (0 = the newest): a whole number, anything else 0. */
export function pageParam(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, 100_000) : 0;
}
