/**
 * Counting rules for recognised centres (domain notes, "Counting rules"), applied to
 * centre events alone. The dashboard, exports and stats API all call this module.
 *
 * - A centre counts as recognised on D when its latest recognition effective on or
 *   before D is not followed by a withdrawal effective on or before D. A recognition
 *   after a withdrawal counts again.
 * - Its level on D is that of its latest level-bearing event (a recognition that gives
 *   a level, or a level change) effective on or before D.
 * - Batch and year are those of its first recognition (on or before D).
 * - Events are ordered by effective date (the document's date). Same-day events are
 *   ordered by `recordedAt` (events without one come after those with one), then by
 *   kind: recognised, level_changed, stage_changed, withdrawn — so a recognition and a
 *   withdrawal dated and recorded alike leave the centre withdrawn at the end of that
 *   day — then by input order.
 */
import { isUpgrade, LEVELS, type Level } from "./levels";

export type CentreEventKind = "recognised" | "level_changed" | "withdrawn" | "stage_changed";

export type CentreEvent = {
  centreId: string;
  kind: CentreEventKind;
  /** 'YYYY-MM-DD', the date on the document. */
  effectiveOn: string;
  /** ISO timestamp the record was typed in; only breaks same-day ties. */
  recordedAt?: string | null;
  /** Recognition batch number (recognised events). */
  batch?: number | null;
  /** recognised: the level given at recognition; level_changed: the new level. */
  level?: Level | null;
  /** level_changed: the previous level, when recorded. */
  fromLevel?: Level | null;
  /** stage_changed: the new stage code. */
  stage?: string | null;
};

export type CentreStatus = {
  centreId: string;
  recognised: boolean;
  /** Recognised at some point on or before D but withdrawn as of D. */
  withdrawn: boolean;
  level: Level | null;
  /** Batch and date of the first recognition on or before D. */
  batch: number | null;
  firstRecognisedOn: string | null;
  firstRecognisedYear: number | null;
  /** Latest onboarding stage on or before D. */
  stage: string | null;
};

const KIND_ORDER: Record<CentreEventKind, number> = {
  recognised: 0,
  level_changed: 1,
  stage_changed: 2,
  withdrawn: 3,
};

function recordedTime(e: CentreEvent): number | null {
  if (!e.recordedAt) return null;
  const t = Date.parse(e.recordedAt);
  return Number.isNaN(t) ? null : t;
}

/** Arrays made by `orderEvents`: frozen, so they are known to still be in order when passed back in. */
const ordered = new WeakSet<readonly CentreEvent[]>();

/**
 * Events in the order the counting rules apply them (stable). The result is frozen; passing it
 * to the functions below skips their sort, which is what a caller counting the same events on
 * many dates (the dashboard) does.
 */
export function orderEvents(events: readonly CentreEvent[]): readonly CentreEvent[] {
  if (ordered.has(events)) return events;
  const result = Object.freeze(
    events
      .map((event, index) => ({ event, index, recorded: recordedTime(event) }))
      .sort((a, b) => {
        if (a.event.effectiveOn !== b.event.effectiveOn) return a.event.effectiveOn < b.event.effectiveOn ? -1 : 1;
        if (a.recorded !== b.recorded) {
          if (a.recorded === null) return 1;
          if (b.recorded === null) return -1;
          return a.recorded - b.recorded;
        }
        const byKind = KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind];
        return byKind !== 0 ? byKind : a.index - b.index;
      })
      .map((x) => x.event),
  );
  ordered.add(result);
  return result;
}

function emptyStatus(centreId: string): CentreStatus {
  return {
    centreId,
    recognised: false,
    withdrawn: false,
    level: null,
    batch: null,
    firstRecognisedOn: null,
    firstRecognisedYear: null,
    stage: null,
  };
}

function applyEvent(s: CentreStatus, e: CentreEvent): void {
  switch (e.kind) {
    case "recognised":
      s.recognised = true;
      s.withdrawn = false;
      if (e.level) s.level = e.level;
      if (s.firstRecognisedOn === null) {
        s.firstRecognisedOn = e.effectiveOn;
        s.firstRecognisedYear = Number(e.effectiveOn.slice(0, 4));
        s.batch = e.batch ?? null;
      }
      break;
    case "withdrawn":
      if (s.recognised) {
        s.recognised = false;
        s.withdrawn = true;
      }
      break;
    case "level_changed":
      if (e.level) s.level = e.level;
      break;
    case "stage_changed":
      if (e.stage) s.stage = e.stage;
      break;
  }
}

/**
 * Status of every centre that appears in `events` as of `date` ('YYYY-MM-DD'),
 * in order of first appearance. Events effective after `date` are ignored, but their
 * centres are still listed (not recognised).
 */
export function recognisedOn(events: readonly CentreEvent[], date: string): CentreStatus[] {
  return statusesAt(events, orderEvents(events), date);
}

function statusesAt(events: readonly CentreEvent[], ordered: readonly CentreEvent[], date: string): CentreStatus[] {
  const byCentre = new Map<string, CentreStatus>();
  for (const e of events) if (!byCentre.has(e.centreId)) byCentre.set(e.centreId, emptyStatus(e.centreId));
  for (const e of ordered) {
    if (e.effectiveOn > date) break;
    const status = byCentre.get(e.centreId);
    if (status) applyEvent(status, e);
  }
  return [...byCentre.values()];
}

/** Number of centres recognised (and not withdrawn) on `date`. */
export function countRecognised(events: readonly CentreEvent[], date: string): number {
  return recognisedOn(events, date).filter((s) => s.recognised).length;
}

export type GroupKey = string | number;

export type GroupCount = {
  /** Groups by descending count, then key. */
  groups: { key: string; count: number }[];
  /** Centres considered (recognised ones unless includeNotRecognised). */
  total: number;
  /** Considered centres for which keyFn gave no key. */
  unassigned: number;
  /** True when some centre counts in more than one group, so groups add up to more than total. */
  overlapping: boolean;
};

/**
 * Counts centres per group. Only recognised statuses count unless `includeNotRecognised`.
 * `keyFn` may return several keys (e.g. industry fields): the centre counts once in each
 * distinct key, and `overlapping` tells the view to say that groups do not sum to the total.
 * Return null/undefined/[] to leave a centre unassigned.
 */
export function groupCount<S extends CentreStatus>(
  statuses: readonly S[],
  keyFn: (status: S) => GroupKey | readonly GroupKey[] | null | undefined,
  options: { includeNotRecognised?: boolean } = {},
): GroupCount {
  const counts = new Map<string, number>();
  let total = 0;
  let unassigned = 0;
  let overlapping = false;
  for (const s of statuses) {
    if (!s.recognised && !options.includeNotRecognised) continue;
    total++;
    const raw = keyFn(s);
    const keys = new Set((raw == null ? [] : Array.isArray(raw) ? raw : [raw]).map(String));
    if (keys.size === 0) unassigned++;
    if (keys.size > 1) overlapping = true;
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const groups = [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { groups, total, unassigned, overlapping };
}

export type Upgrade = { centreId: string; effectiveOn: string; from: Level; to: Level };

/**
 * Level changes to a higher level effective from `from` to `to` inclusive. The previous
 * level is the event's `fromLevel` when recorded, otherwise the centre's level just before
 * the event. A first level assignment or a move down is not an upgrade.
 */
export function upgradesBetween(events: readonly CentreEvent[], from: string, to: string): Upgrade[] {
  const levelNow = new Map<string, Level>();
  const out: Upgrade[] = [];
  for (const e of orderEvents(events)) {
    if (e.effectiveOn > to) break;
    if (!e.level || (e.kind !== "recognised" && e.kind !== "level_changed")) continue;
    const previous = e.kind === "level_changed" ? (e.fromLevel ?? levelNow.get(e.centreId)) : undefined;
    if (e.kind === "level_changed" && e.effectiveOn >= from && previous && isUpgrade(previous, e.level)) {
      out.push({ centreId: e.centreId, effectiveOn: e.effectiveOn, from: previous, to: e.level });
    }
    levelNow.set(e.centreId, e.level);
  }
  return out;
}

export type SeriesPoint = { date: string; count: number; byLevel: Record<Level, number>; unknownLevel: number };

/**
 * Recognised count at each date (for charts), with the split by level on that date. One pass
 * over the ordered events whatever the number of dates: each event takes its centre's old
 * contribution out of the running totals and puts the new one in.
 */
export function cumulativeSeries(events: readonly CentreEvent[], dates: readonly string[]): SeriesPoint[] {
  const sequence = orderEvents(events);
  const statuses = new Map<string, CentreStatus>();
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  let count = 0;
  let unknownLevel = 0;
  const contribute = (s: CentreStatus, sign: 1 | -1) => {
    if (!s.recognised) return;
    count += sign;
    if (s.level) byLevel[s.level] += sign;
    else unknownLevel += sign;
  };
  const points = new Map<string, SeriesPoint>();
  let next = 0;
  for (const date of [...new Set(dates)].sort()) {
    for (; next < sequence.length && sequence[next]!.effectiveOn <= date; next++) {
      const e = sequence[next]!;
      let status = statuses.get(e.centreId);
      if (!status) statuses.set(e.centreId, (status = emptyStatus(e.centreId)));
      contribute(status, -1);
      applyEvent(status, e);
      contribute(status, 1);
    }
    points.set(date, { date, count, byLevel: { ...byLevel }, unknownLevel });
  }
  return dates.map((date) => ({ ...points.get(date)!, byLevel: { ...points.get(date)!.byLevel } }));
}
