/**
 * Counting rules for recognised centres (domain notes, "Counting rules"), applied to
 * centre events alone. The dashboard, exports, stats API and the centre's cached stage and
 * level (app/models/centre-events.server.ts) all call this module.
 *
 * - A centre counts as recognised on D when its latest recognition effective on or
 *   before D is not followed by a withdrawal effective on or before D. A recognition
 *   after a withdrawal counts again.
 * - Its level on D is that of its latest level-bearing event (a recognition that gives
 *   a level, or a level change) effective on or before D.
 * - Batch and year are those of its first recognition (on or before D).
 * - An upgrade is a level change to a wider level than the centre's level on the day before
 *   it took effect, as derived from the events (never from what was typed as "from").
 * - Events are ordered by effective date (the document's date). Events of one centre on the
 *   same day are ordered by what they mean, never by when they were typed: recognition, then
 *   level change, then stage change, then withdrawal — so a recognition and an upgrade dated
 *   alike leave the centre at the upgraded level, and a recognition and a withdrawal dated
 *   alike leave it withdrawn at the end of that day. Two events of the same kind on one day
 *   (which the write refuses for recognitions, level changes and withdrawals, see
 *   `historyConflicts`) are ordered by their content: recognitions by batch, level changes
 *   from narrow to wide. Only several stage moves of one centre on one day keep the order
 *   they were made in (`recordedAt`), because each move starts from the stage the previous
 *   one left.
 */
import { isUpgrade, LEVELS, levelRank, type Level } from "./levels";

export const CENTRE_EVENT_KINDS = ["stage_changed", "recognised", "level_changed", "withdrawn"] as const;
export type CentreEventKind = (typeof CENTRE_EVENT_KINDS)[number];

export type CentreEvent = {
  /** The stored event's id, when it has one (lets a caller map results back to rows). */
  id?: string;
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
  /** level_changed: the previous level as stored; ignored by the rules, which derive it. */
  fromLevel?: Level | null;
  /** stage_changed: the new stage code. */
  stage?: string | null;
  /** stage_changed: the previous stage as stored; ignored by the rules, which derive it. */
  fromStage?: string | null;
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

function recordedTime(e: CentreEvent): number {
  if (!e.recordedAt) return Number.POSITIVE_INFINITY;
  const t = Date.parse(e.recordedAt);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Order of two same-kind events of one centre on one day, from their content alone (0 = no difference). */
function sameKindOrder(a: CentreEvent, b: CentreEvent): number {
  switch (a.kind) {
    case "recognised":
      return (a.batch ?? 0) - (b.batch ?? 0) || (a.level ? levelRank(a.level) : -1) - (b.level ? levelRank(b.level) : -1);
    case "level_changed":
      return (a.level ? levelRank(a.level) : -1) - (b.level ? levelRank(b.level) : -1);
    default:
      return 0;
  }
}

/** Arrays made by `orderEvents`: frozen, so they are known to still be in order when passed back in. */
const ordered = new WeakSet<readonly CentreEvent[]>();

/**
 * Events in the order the counting rules apply them. Events of different centres on the same
 * day are ordered by centre id (they never affect each other). The result is frozen; passing it
 * to the functions below skips their sort, which is what a caller counting the same events on
 * many dates (the dashboard) does.
 */
export function orderEvents(events: readonly CentreEvent[]): readonly CentreEvent[] {
  if (ordered.has(events)) return events;
  const result = Object.freeze(
    events
      .map((event, index) => ({ event, index, recorded: recordedTime(event) }))
      .sort((a, b) => {
        const x = a.event;
        const y = b.event;
        if (x.effectiveOn !== y.effectiveOn) return x.effectiveOn < y.effectiveOn ? -1 : 1;
        if (x.centreId !== y.centreId) return x.centreId < y.centreId ? -1 : 1;
        const byKind = KIND_ORDER[x.kind] - KIND_ORDER[y.kind];
        if (byKind !== 0) return byKind;
        const byContent = sameKindOrder(x, y);
        if (byContent !== 0) return byContent;
        if (a.recorded !== b.recorded) return a.recorded < b.recorded ? -1 : 1;
        return a.index - b.index;
      })
      .map((x) => x.event),
  );
  ordered.add(result);
  return result;
}

/** A centre with no recognition event (yet): not recognised, no level, batch or stage. */
export function emptyStatus(centreId: string): CentreStatus {
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
 * level is the centre's level just before the event, derived from the events (a stored
 * `fromLevel` is not trusted: a back-dated event changes it). A first level assignment or a
 * move down is not an upgrade.
 */
export function upgradesBetween(events: readonly CentreEvent[], from: string, to: string): Upgrade[] {
  const levelNow = new Map<string, Level>();
  const out: Upgrade[] = [];
  for (const e of orderEvents(events)) {
    if (e.effectiveOn > to) break;
    if (!e.level || (e.kind !== "recognised" && e.kind !== "level_changed")) continue;
    const previous = e.kind === "level_changed" ? levelNow.get(e.centreId) : undefined;
    if (e.kind === "level_changed" && e.effectiveOn >= from && previous && isUpgrade(previous, e.level)) {
      out.push({ centreId: e.centreId, effectiveOn: e.effectiveOn, from: previous, to: e.level });
    }
    levelNow.set(e.centreId, e.level);
  }
  return out;
}

/** What the counting rules make of one centre's whole history: its cache on the centre row. */
export type CentreHistory = {
  /** Level after the last level-bearing event (null when none gave one). */
  level: Level | null;
  /** Stage after the last stage event and the date it took effect (null when none). */
  stage: string | null;
  stageSince: string | null;
  /** The events in rule order, each with the level and stage in force just before it. */
  sequence: { event: CentreEvent; levelBefore: Level | null; stageBefore: string | null }[];
};

export function centreHistory(events: readonly CentreEvent[]): CentreHistory {
  const status = emptyStatus(events[0]?.centreId ?? "");
  let stageSince: string | null = null;
  const sequence: CentreHistory["sequence"] = [];
  for (const e of orderEvents(events)) {
    sequence.push({ event: e, levelBefore: status.level, stageBefore: status.stage });
    applyEvent(status, e);
    if (e.kind === "stage_changed" && e.stage) stageSince = e.effectiveOn;
  }
  return { level: status.level, stage: status.stage, stageSince, sequence };
}

export type HistoryConflict = {
  /** The event the history cannot hold (the later one in rule order). */
  event: CentreEvent;
  reason: "recognisedTwice" | "withdrawnNotRecognised" | "sameDayLevel" | "levelUnchanged";
  /** The earlier event it conflicts with, when there is one. */
  other: CentreEvent | null;
};

/**
 * Events of one centre that make its history inconsistent, in rule order:
 * - a recognition while an earlier one is in force, not withdrawn (recognisedTwice);
 * - a withdrawal while the centre is not recognised (withdrawnNotRecognised);
 * - a second level change on the same day (sameDayLevel);
 * - a level change to the level the centre already has on that day (levelUnchanged).
 * Kept, with the meaning the rules give them: a level change before the centre's first
 * recognition sets the level it has until a recognition gives one, and is never an upgrade
 * (there is no recognised level to move from) — a recognition on the same day comes first, so
 * a same-day recognition and upgrade count as an upgrade in whatever order they were typed; a
 * level change while withdrawn records the parent's decision, and a re-recognition gives its
 * own level.
 */
export function historyConflicts(events: readonly CentreEvent[]): HistoryConflict[] {
  const out: HistoryConflict[] = [];
  let inForce: CentreEvent | null = null;
  let level: Level | null = null;
  let lastLevelChange: CentreEvent | null = null;
  for (const e of orderEvents(events)) {
    switch (e.kind) {
      case "recognised":
        if (inForce) out.push({ event: e, reason: "recognisedTwice", other: inForce });
        else inForce = e;
        if (e.level) level = e.level;
        break;
      case "withdrawn":
        if (!inForce) out.push({ event: e, reason: "withdrawnNotRecognised", other: null });
        inForce = null;
        break;
      case "level_changed":
        if (lastLevelChange && lastLevelChange.effectiveOn === e.effectiveOn)
          out.push({ event: e, reason: "sameDayLevel", other: lastLevelChange });
        else if (e.level && e.level === level) out.push({ event: e, reason: "levelUnchanged", other: null });
        lastLevelChange = e;
        if (e.level) level = e.level;
        break;
      default:
        break;
    }
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
