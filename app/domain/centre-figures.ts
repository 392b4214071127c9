import {
  cumulativeSeries,
  emptyStatus,
  groupCount,
  recognisedOn,
  upgradesBetween,
  type CentreEvent,
  type CentreStatus,
  type GroupKey,
} from "./counting";
import type { Level } from "./levels";
import type { PeriodSpan } from "./figure-periods";
import { UNASSIGNED_KEY, UPGRADE_MOVES, type Dimension, type UpgradeMove } from "~/domain/figure-dimensions";

/**
 * The dashboard's centre figures from the counting rules (app/domain/counting.ts): each centre's
 * status on a date with the attributes it is grouped by, the group tables, the upgrades per
 * period and the cumulative series. Pure: the rows come from app/models/dashboard/.
 */

export type Bilingual = { "zh-CN": string; en: string };
export type LabelledGroup = { key: string; label: Bilingual; count: number };
export type GroupTable = {
  /** Centres considered (recognised ones; for stage, every centre with a stage on the date). */
  total: number;
  /** Considered centres without a value (e.g. no park). */
  unassigned: number;
  /** True when groups can add up to more than the total (industry fields). */
  overlapping: boolean;
  groups: LabelledGroup[];
};

export type CentreAttributes = {
  type: string;
  districtCode: string;
  parkCode: string | null;
  countryCode: string;
  /** Cached current stage: used only for centres that have no stage event at all. */
  stage: string;
  industries: string[];
};

export type CentreOnDate = CentreStatus & { attributes: CentreAttributes };

/**
 * Every centre's status on `asOf` (counting.ts), with its attributes and its stage on that date
 * (`stages`, or null for all when the caller does not group by stage). A centre without any stage
 * event (created outside the app's flows) takes its cached stage from today on.
 */
export function statusesOn(
  countingEvents: readonly CentreEvent[],
  centres: ReadonlyMap<string, CentreAttributes>,
  stages: ReadonlyMap<string, string> | null,
  asOf: string,
  today: string,
): CentreOnDate[] {
  const statuses = new Map(recognisedOn(countingEvents, asOf).map((s) => [s.centreId, s]));
  const out: CentreOnDate[] = [];
  for (const [centreId, attributes] of centres) {
    const status = statuses.get(centreId);
    const stage = stages ? (stages.get(centreId) ?? (asOf >= today ? attributes.stage : null)) : null;
    out.push(status ? { ...status, stage, attributes } : { ...emptyStatus(centreId), stage, attributes });
  }
  return out;
}

const KEY_OF: Record<Dimension, (c: CentreOnDate) => GroupKey | readonly GroupKey[] | null | undefined> = {
  level: (c) => c.level,
  type: (c) => c.attributes.type,
  district: (c) => c.attributes.districtCode,
  park: (c) => c.attributes.parkCode,
  industry: (c) => c.attributes.industries,
  country: (c) => c.attributes.countryCode,
  batch: (c) => c.batch,
  year: (c) => c.firstRecognisedYear,
  stage: (c) => c.stage,
};

/** Does centre `c` count in group `key` of `dimension`? (The drill-down's filter: the same keys as the counts.) */
export function inGroup(c: CentreOnDate, dimension: Dimension, key: string): boolean {
  const raw = KEY_OF[dimension](c);
  const keys = raw == null ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return key === UNASSIGNED_KEY ? keys.length === 0 : keys.includes(key);
}

/** How a group table names and orders its keys (from the reference lists). */
export type GroupLabels = {
  label: (dimension: Dimension, key: string) => Bilingual;
  /** Known keys of a dimension in display order, or null when it has none (countries, batches, years). */
  order: (dimension: Dimension) => string[] | null;
};

/**
 * Counts the centres on a date by one dimension, labelled. Known keys of ordered dimensions
 * (levels, types, districts, parks, industries, stages) are all listed, with 0 where none;
 * countries by count; batches and years in order.
 */
export function groupTable(on: readonly CentreOnDate[], dimension: Dimension, ref: GroupLabels): GroupTable {
  const counted = groupCount(on, KEY_OF[dimension], { includeNotRecognised: dimension === "stage" });
  const considered = dimension === "stage" ? on.filter((c) => c.stage !== null) : on;
  const result = dimension === "stage" ? { ...counted, total: considered.length, unassigned: 0 } : counted;
  const byKey = new Map(result.groups.map((g) => [g.key, g.count]));
  const order = ref.order(dimension);
  let keys: string[];
  if (order) keys = [...order, ...result.groups.map((g) => g.key).filter((k) => !order.includes(k))];
  else if (dimension === "batch" || dimension === "year")
    keys = result.groups.map((g) => g.key).sort((a, b) => Number(a) - Number(b));
  else keys = result.groups.map((g) => g.key);
  const groups = keys.map((key) => ({ key, label: ref.label(dimension, key), count: byKey.get(key) ?? 0 }));
  if (result.unassigned > 0)
    groups.push({ key: UNASSIGNED_KEY, label: ref.label(dimension, UNASSIGNED_KEY), count: result.unassigned });
  return {
    total: result.total,
    unassigned: result.unassigned,
    overlapping: dimension === "industry" || result.overlapping,
    groups,
  };
}

/* ------------------------------------------------------------------ over time */

export type Period = PeriodSpan & { label: Bilingual };

export type UpgradeFigures = {
  total: number;
  byMove: Record<UpgradeMove, number>;
  periods: (Period & { count: number; byMove: Record<UpgradeMove, number> })[];
};

export type SeriesFigures = (Period & { count: number; byLevel: Record<Level, number> })[];

const emptyMoves = (): Record<UpgradeMove, number> =>
  Object.fromEntries(UPGRADE_MOVES.map((m) => [m, 0])) as Record<UpgradeMove, number>;

/** First recognition date in the events (start of the series and the upgrade periods). */
export function firstRecognitionOn(countingEvents: readonly CentreEvent[]): string | null {
  let first: string | null = null;
  for (const e of countingEvents) if (e.kind === "recognised" && (first === null || e.effectiveOn < first)) first = e.effectiveOn;
  return first;
}

/** Upgrades from the first period's start to `asOf`, in all and per period and move. */
export function upgradesPerPeriod(
  countingEvents: readonly CentreEvent[],
  periods: readonly Period[],
  asOf: string,
): UpgradeFigures {
  const upgradeList = periods.length ? upgradesBetween(countingEvents, periods[0]!.start, asOf) : [];
  const byMove = emptyMoves();
  const upgradePeriods = periods.map((p) => ({ ...p, count: 0, byMove: emptyMoves() }));
  for (const u of upgradeList) {
    const move = `${u.from}>${u.to}` as UpgradeMove;
    byMove[move] = (byMove[move] ?? 0) + 1;
    const period = upgradePeriods.find((p) => u.effectiveOn >= p.start && u.effectiveOn <= p.end);
    if (period) {
      period.count++;
      period.byMove[move] = (period.byMove[move] ?? 0) + 1;
    }
  }
  return { total: upgradeList.length, byMove, periods: upgradePeriods };
}

/** Recognised centres at the end of each period, in all and by level. */
export function seriesPerPeriod(countingEvents: readonly CentreEvent[], periods: readonly Period[]): SeriesFigures {
  const points = cumulativeSeries(
    countingEvents,
    periods.map((p) => p.end),
  );
  return periods.map((p, i) => ({ ...p, count: points[i]!.count, byLevel: points[i]!.byLevel }));
}
