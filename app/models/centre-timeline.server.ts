import { auditTrailOf } from "./audit.server";
import { requestsByIds, requestTimesOfCentre } from "./support-request.server";
import { centreTimelineExtras, TIMELINE_EXTRA_KINDS, type TimelineExtraKind } from "./timeline.server";
import type { TimelineKind } from "~/domain/centre-timeline";
import { beijingDate } from "~/domain/steward-work";
import type { Locale } from "~/i18n";

/**
 * A centre page's timeline and audit trail, one page at a time (issue 14, goal 3: a centre with
 * 10,000 requests must not render them all). The timeline merges the centre's stage and level
 * events, its record's create/update audit rows, the steward's work (interactions, checklist,
 * follow-ups) and its requests, newest first; page k shows entries k·size … (k+1)·size − 1. Each
 * source is asked only for its newest (k+1)·size entries (the merged top (k+1)·size lie among
 * them), so the first page costs the same for a centre with ten requests or ten thousand, and
 * "older" links reach every entry.
 */
export const TIMELINE_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 25;

type Entry = { source: "event" | "audit" | "extra" | "request"; id: string; sortAt: string };

export function centreTimelinePage<E extends { id: string; kind: string; effectiveOn: string }>(
  centreId: string,
  options: { events: readonly E[]; page: number; show: TimelineKind | null; locale: Locale; size?: number },
) {
  const size = options.size ?? TIMELINE_PAGE_SIZE;
  const { page, show } = options;
  const want = (page + 1) * size + 1;
  const wants = (kind: string) => !show || show === kind || (show === "update" && kind === "create");

  // Centre events keep the counting rules' order within a day (events come in that order), never the typing order.
  const events = options.events
    .map((e, index) => ({ e, sortAt: `${e.effectiveOn}T00:00:00.${String(index % 1000).padStart(3, "0")}Z` }))
    .filter(({ e }) => wants(e.kind));
  const audit =
    !show || show === "update"
      ? auditTrailOf("centre", centreId, want, { actions: ["create", "update"] }).map((a) => ({
          ...a,
          sortAt: new Date(a.at).toISOString(),
          date: beijingDate(a.at),
        }))
      : [];
  const extraKinds = TIMELINE_EXTRA_KINDS.filter((k) => wants(k));
  const extras =
    extraKinds.length > 0
      ? centreTimelineExtras(centreId, { locale: options.locale, limit: want }).filter((x) =>
          extraKinds.includes(x.kind as TimelineExtraKind),
        )
      : [];
  // Requests can number thousands: their times first, then only the shown ones whole.
  const requestTimes = wants("request")
    ? requestTimesOfCentre(centreId, want).map((r) => ({ id: r.id, sortAt: new Date(r.createdAt).toISOString() }))
    : [];

  const entries: Entry[] = [
    ...events.map(({ e, sortAt }) => ({ source: "event" as const, id: e.id, sortAt })),
    ...audit.map((a) => ({ source: "audit" as const, id: String(a.id), sortAt: a.sortAt })),
    ...extras.map((x) => ({ source: "extra" as const, id: x.key, sortAt: x.sortAt })),
    ...requestTimes.map((r) => ({ source: "request" as const, id: r.id, sortAt: r.sortAt })),
  ].sort((a, b) => newestFirst(a.sortAt, b.sortAt) || newestFirst(a.id, b.id));
  const shown = entries.slice(page * size, (page + 1) * size);
  const keep = (source: Entry["source"]) => new Set(shown.filter((x) => x.source === source).map((x) => x.id));
  const [eventIds, auditIds, extraIds, requestIds] = [keep("event"), keep("audit"), keep("extra"), keep("request")];
  return {
    page,
    show,
    hasOlder: entries.length > (page + 1) * size,
    events: events.filter(({ e }) => eventIds.has(e.id)).map(({ e, sortAt }) => ({ ...e, sortAt })),
    audit: audit.filter((a) => auditIds.has(String(a.id))),
    extras: extras.filter((x) => extraIds.has(x.key)),
    requests: requestsByIds(centreId, [...requestIds])
      .map((r) => ({ ...r, sortAt: new Date(r.createdAt).toISOString(), date: beijingDate(r.createdAt) }))
      .sort((a, b) => newestFirst(a.sortAt, b.sortAt) || newestFirst(a.id, b.id)),
  };
}

/** Descending order of ISO times and ids (plain code-unit order: both are ASCII, and faster than localeCompare). */
const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** One page of a centre's audit trail, newest first. */
export function centreAuditPage(centreId: string, page: number, size = AUDIT_PAGE_SIZE) {
  const rows = auditTrailOf("centre", centreId, size + 1, { offset: page * size });
  return { page, rows: rows.slice(0, size), hasOlder: rows.length > size };
}
