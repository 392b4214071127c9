/**
 * The officials' dashboard, the exports and the stats API: every centre figure comes from
 * the centre events through app/domain/counting.ts (so a figure reported last year is
 * reproduced exactly today), and every service figure from the support requests.
 *
 * Loading is one pass per table (events, centre attributes, industries; requests with their
 * events) and every figure is computed in memory from those rows: no query per centre.
 * Every function takes the database as an optional last argument, for tests.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import {
  centreEvents,
  centreIndustries,
  centres,
  referenceItems,
  requestEvents,
  satisfaction,
  SATISFACTION_RATINGS,
  supportRequests,
  users,
  type ReferenceKind,
} from "../../db/schema";
import { CENTRE_TYPES } from "~/domain/centre-types";
import {
  countRecognised,
  cumulativeSeries,
  groupCount,
  orderEvents,
  recognisedOn,
  upgradesBetween,
  type CentreEvent,
  type CentreStatus,
  type GroupKey,
} from "~/domain/counting";
import { LEVELS, type Level } from "~/domain/levels";
import { paceWindowStart, projectToTarget, type Projection, type StageHistory } from "~/domain/projection";
import { currentDeadline } from "~/domain/request-clock";
import type { RequestStatus } from "~/domain/request-lifecycle";
import { addCalendarDays, isIsoDate, type WorkingCalendar } from "~/domain/working-days";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { workingCalendar } from "./calendar.server";
import { cachedFigures } from "./figures-cache.server";
import { getSetting } from "./reference.server";
import { getFixedT } from "~/utils/i18n.server";

/* ------------------------------------------------------------------ shared types */

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

/** Dimensions a recognised count can be split by (stage counts every centre in the pipeline). */
export const DIMENSIONS = ["level", "type", "district", "park", "industry", "country", "batch", "year", "stage"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const INTERVALS = ["month", "quarter", "year"] as const;
export type Interval = (typeof INTERVALS)[number];
/** The key of centres without a value in a dimension (no park…), in drill-down URLs. */
export const UNASSIGNED_KEY = "_none";

/* ------------------------------------------------------------------ loading */

type CentreAttributes = {
  type: string;
  districtCode: string;
  parkCode: string | null;
  countryCode: string;
  /** Cached current stage: used only for centres that have no stage event at all. */
  stage: string;
  industries: string[];
};

export type CountingData = {
  /** Recognition, level and withdrawal events, in counting order: the input of every count. */
  countingEvents: readonly CentreEvent[];
  centres: Map<string, CentreAttributes>;
  database: Db;
};

/**
 * The recognition, level and withdrawal events and the attributes the dashboard groups by, in
 * three queries (stage changes, the bulk of the events, are read per date by `centresOn`).
 */
export function loadCountingData(database: Db = defaultDb): CountingData {
  // Plain rows straight from better-sqlite3 (no per-cell mapping): tens of thousands of events at scale.
  const countingEvents = orderEvents(
    database
      .all<{
        centreId: string;
        kind: CentreEvent["kind"];
        effectiveOn: string;
        recordedAt: number;
        batch: number | null;
        fromLevel: Level | null;
        toLevel: Level | null;
      }>(
        sql`select centre_id as centreId, kind, effective_on as effectiveOn, recorded_at as recordedAt, batch,
          from_level as fromLevel, to_level as toLevel
        from ${centreEvents} where kind in ('recognised', 'level_changed', 'withdrawn')`,
      )
      .map((e) => ({
        centreId: e.centreId,
        kind: e.kind,
        effectiveOn: e.effectiveOn,
        recordedAt: new Date(e.recordedAt).toISOString(),
        batch: e.batch,
        level: e.toLevel,
        fromLevel: e.fromLevel,
      })),
  );
  const attributes = new Map<string, CentreAttributes>();
  for (const c of database.all<{
    id: string;
    type: string;
    districtCode: string;
    parkCode: string | null;
    countryCode: string;
    stage: string;
  }>(
    sql`select id, type, district_code as districtCode, park_code as parkCode, country_code as countryCode, stage from ${centres}`,
  )) {
    attributes.set(c.id, { ...c, industries: [] });
  }
  for (const row of database.all<{ centreId: string; code: string }>(
    sql`select centre_id as centreId, industry_code as code from ${centreIndustries} order by centre_id, industry_code`,
  )) {
    attributes.get(row.centreId)?.industries.push(row.code);
  }
  return { countingEvents, centres: attributes, database };
}

/** The counting data, loaded again only when centres, their events or industries have changed. */
export function currentCountingData(database: Db = defaultDb): CountingData {
  return cachedFigures(database, { name: "counting-data", counters: ["centres"], limit: 1 }, "", () =>
    loadCountingData(database),
  );
}

/** Every centre's status on a date (centresOn) from the current data, kept while the data is unchanged. */
function currentCentresOn(database: Db, asOf: string, today: string, stages: boolean): CentreOnDate[] {
  return cachedFigures(database, { name: "centres-on", counters: ["centres"], limit: 6 }, `${asOf}|${today}|${stages}`, () =>
    centresOn(currentCountingData(database), asOf, today, { stages }),
  );
}

/**
 * Each centre's onboarding stage on `asOf`: its latest stage change effective on or before it
 * (same day: the one recorded last), as counting.ts orders events. One indexed lookup per centre.
 */
function stagesOn(database: Db, asOf: string): Map<string, string> {
  const rows = database.all<{ id: string; stage: string | null }>(sql`
    select c.id as id, (
      select e.to_stage from centre_events e
      where e.centre_id = c.id and e.kind = 'stage_changed' and e.effective_on <= ${asOf}
      order by e.effective_on desc, e.recorded_at desc limit 1) as stage
    from centres c`);
  const out = new Map<string, string>();
  for (const r of rows) if (r.stage) out.set(r.id, r.stage);
  return out;
}

/**
 * The projection to `target` from what was known on `asOf` (app/domain/projection.ts): the
 * recognised centres and the pipeline on that date, the configured weights, and the stage
 * conversions of the year before it.
 */
export function projectionOn(
  database: Db,
  data: CountingData,
  input: {
    asOf: string;
    target: { count: number; date: string };
    recognised: readonly CentreOnDate[];
    pipeline: Record<string, number>;
  },
): Projection {
  const windowStart = paceWindowStart(input.asOf);
  return projectToTarget({
    asOf: input.asOf,
    target: input.target,
    recognised: input.recognised.length,
    recognisedAtWindowStart: countRecognised(data.countingEvents, windowStart),
    pipeline: input.pipeline,
    stageWeights: getSetting("stageWeights", database),
    history: stageConversions(database, data, windowStart, new Set(input.recognised.map((c) => c.centreId))),
  });
}

/**
 * The projection's measured stage weights: per stage, the centres in it on `windowStart` that were
 * not recognised then, and how many of them are recognised on the as-of date (`recognisedNow`).
 * Only events effective by then are read.
 */
function stageConversions(
  database: Db,
  data: CountingData,
  windowStart: string,
  recognisedNow: ReadonlySet<string>,
): StageHistory[] {
  const recognisedThen = new Set(
    recognisedOn(data.countingEvents, windowStart)
      .filter((s) => s.recognised)
      .map((s) => s.centreId),
  );
  const byStage = new Map<string, StageHistory>();
  for (const [centreId, stage] of stagesOn(database, windowStart)) {
    if (recognisedThen.has(centreId)) continue;
    let h = byStage.get(stage);
    if (!h) byStage.set(stage, (h = { stage, inStage: 0, converted: 0 }));
    h.inStage++;
    if (recognisedNow.has(centreId)) h.converted++;
  }
  return [...byStage.values()];
}

export type CentreOnDate = CentreStatus & { attributes: CentreAttributes };

/**
 * Every centre's status on `asOf` (counting.ts), with its attributes and its stage on that
 * date. A centre without any stage event (created outside the app's flows) takes its cached
 * stage from today on.
 */
export function centresOn(data: CountingData, asOf: string, today: string, options: { stages?: boolean } = {}): CentreOnDate[] {
  const statuses = new Map(recognisedOn(data.countingEvents, asOf).map((s) => [s.centreId, s]));
  // Stages cost a lookup per centre: skipped (left null) when the caller groups by something else.
  const withStages = options.stages ?? true;
  const stages = withStages ? stagesOn(data.database, asOf) : new Map<string, string>();
  const out: CentreOnDate[] = [];
  for (const [centreId, attributes] of data.centres) {
    const status = statuses.get(centreId);
    const stage = withStages ? (stages.get(centreId) ?? (asOf >= today ? attributes.stage : null)) : null;
    out.push(
      status
        ? { ...status, stage, attributes }
        : {
            centreId,
            recognised: false,
            withdrawn: false,
            level: null,
            batch: null,
            firstRecognisedOn: null,
            firstRecognisedYear: null,
            stage,
            attributes,
          },
    );
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

/* ------------------------------------------------------------------ labels */

type ReferenceLabels = Map<string, Bilingual>;
export type Labeller = (dimension: Dimension | "category" | "department" | "steward", key: string) => Bilingual;

function referenceLabels(database: Db, kind: ReferenceKind): { order: string[]; labels: ReferenceLabels; active: Set<string> } {
  const rows = database
    .select({ code: referenceItems.code, zh: referenceItems.labelZh, en: referenceItems.labelEn, active: referenceItems.active })
    .from(referenceItems)
    .where(eq(referenceItems.kind, kind))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();
  return {
    order: rows.map((r) => r.code),
    labels: new Map(rows.map((r) => [r.code, { "zh-CN": r.zh, en: r.en }])),
    active: new Set(rows.filter((r) => r.active).map((r) => r.code)),
  };
}

const zh = () => getFixedT("zh-CN");
const en = () => getFixedT("en");
const both = (key: string, options?: Record<string, unknown>): Bilingual => ({
  "zh-CN": zh()(key, options),
  en: en()(key, options),
});

export type ReferenceData = {
  lists: Record<
    "district" | "park" | "industry" | "country" | "stage" | "request_category" | "department",
    ReturnType<typeof referenceLabels>
  >;
  stewards: Map<string, string>;
  label: Labeller;
  /** Known keys of a dimension in display order (reference order, or the enum's). */
  order: (dimension: Dimension) => string[] | null;
};

/** Labels in both languages for every key the dashboard shows. */
export function loadReferenceData(database: Db = defaultDb): ReferenceData {
  const lists = {
    district: referenceLabels(database, "district"),
    park: referenceLabels(database, "park"),
    industry: referenceLabels(database, "industry"),
    country: referenceLabels(database, "country"),
    stage: referenceLabels(database, "stage"),
    request_category: referenceLabels(database, "request_category"),
    department: referenceLabels(database, "department"),
  };
  const stewards = new Map(
    database
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.role, ["steward", "admin"]))
      .all()
      .map((u) => [u.id, u.name]),
  );
  const fromList = (list: ReturnType<typeof referenceLabels>, key: string) => list.labels.get(key) ?? { "zh-CN": key, en: key };
  const label: Labeller = (dimension, key) => {
    if (key === UNASSIGNED_KEY) {
      const which = dimension === "department" ? "notReferred" : dimension === "steward" ? "unassignedSteward" : "unassigned";
      return both(`dash.keys.${which}`);
    }
    switch (dimension) {
      case "level":
        return both(`levels.${key}`);
      case "type":
        return both(`centreTypes.${key}`);
      case "batch":
        return both("dash.keys.batch", { batch: key });
      case "year":
        return both("dash.keys.year", { year: key });
      case "category":
        return fromList(lists.request_category, key);
      case "department":
        return fromList(lists.department, key);
      case "steward": {
        const name = stewards.get(key) ?? key;
        return { "zh-CN": name, en: name };
      }
      default:
        return fromList(lists[dimension], key);
    }
  };
  const order = (dimension: Dimension): string[] | null => {
    switch (dimension) {
      case "level":
        return [...LEVELS];
      case "type":
        return [...CENTRE_TYPES];
      case "district":
      case "park":
      case "industry":
      case "stage":
        return lists[dimension].order.filter((code) => lists[dimension].active.has(code));
      default:
        return null;
    }
  };
  return { lists, stewards, label, order };
}

/* ------------------------------------------------------------------ grouping */

/**
 * Counts the centres on a date by one dimension, labelled. Known keys of ordered dimensions
 * (levels, types, districts, parks, industries, stages) are all listed, with 0 where none;
 * countries by count; batches and years in order.
 */
export function groupTable(on: readonly CentreOnDate[], dimension: Dimension, ref: ReferenceData): GroupTable {
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

/* ------------------------------------------------------------------ periods */

export type Period = { key: string; label: Bilingual; start: string; end: string };

function periodOf(date: string, interval: Interval): { key: string; start: string; end: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  if (interval === "year") return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  if (interval === "month")
    return {
      key: `${year}-${pad(month)}`,
      start: `${year}-${pad(month)}-01`,
      end: `${year}-${pad(month)}-${pad(lastDay(year, month))}`,
    };
  const q = Math.ceil(month / 3);
  const endMonth = q * 3;
  return {
    key: `${year}-Q${q}`,
    start: `${year}-${pad(endMonth - 2)}-01`,
    end: `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`,
  };
}

function periodLabel(key: string, interval: Interval): Bilingual {
  if (interval === "year") return both("dash.keys.year", { year: key });
  if (interval === "quarter") {
    const [year, q] = key.split("-Q");
    return both("dash.keys.quarter", { year, quarter: q });
  }
  const [year, month] = key.split("-");
  return both("dash.keys.month", { year, month: Number(month), monthName: en()(`dash.months.${Number(month)}`) });
}

/** Periods from the one holding `from` to the one holding `to`, the last one ending on `to`. */
export function periodsBetween(from: string, to: string, interval: Interval): Period[] {
  const out: Period[] = [];
  let cursor = from;
  for (let guard = 0; guard < 2000 && cursor <= to; guard++) {
    const p = periodOf(cursor, interval);
    out.push({ ...p, end: p.end > to ? to : p.end, label: periodLabel(p.key, interval) });
    cursor = addCalendarDays(p.end, 1);
  }
  return out;
}

/** The period key a date falls in (drill-down URLs name periods by key). */
export function periodFromKey(key: string, interval: Interval): { start: string; end: string } | null {
  const probe =
    interval === "year" && /^\d{4}$/.test(key)
      ? `${key}-01-01`
      : interval === "quarter" && /^\d{4}-Q[1-4]$/.test(key)
        ? `${key.slice(0, 4)}-${String((Number(key.slice(6)) - 1) * 3 + 1).padStart(2, "0")}-01`
        : interval === "month" && /^\d{4}-(0[1-9]|1[0-2])$/.test(key)
          ? `${key}-01`
          : null;
  if (!probe) return null;
  const p = periodOf(probe, interval);
  return { start: p.start, end: p.end };
}

/* ------------------------------------------------------------------ centre figures */

export type UpgradeMove = "regional>greater_regional" | "regional>global" | "greater_regional>global";
export const UPGRADE_MOVES: UpgradeMove[] = ["regional>greater_regional", "regional>global", "greater_regional>global"];

export type CentreFigures = {
  asOf: string;
  today: string;
  interval: Interval;
  target: { count: number; date: string };
  /** Centres recognised (and not withdrawn) on asOf. */
  total: number;
  /** Recognised at some point on or before asOf but withdrawn as of it. */
  withdrawn: number;
  tables: Record<Dimension, GroupTable>;
  upgrades: {
    total: number;
    byMove: Record<UpgradeMove, number>;
    periods: (Period & { count: number; byMove: Record<UpgradeMove, number> })[];
  };
  series: (Period & { count: number; byLevel: Record<Level, number> })[];
  projection: Projection;
};

const emptyMoves = (): Record<UpgradeMove, number> => ({
  "regional>greater_regional": 0,
  "regional>global": 0,
  "greater_regional>global": 0,
});

/** First recognition date in the data (start of the series and the upgrade periods). */
function firstRecognitionOn(data: CountingData): string | null {
  let first: string | null = null;
  for (const e of data.countingEvents)
    if (e.kind === "recognised" && (first === null || e.effectiveOn < first)) first = e.effectiveOn;
  return first;
}

/** Every centre figure of the dashboard as of `asOf`: the one function the dashboard, the exports and the print view call. */
export function centreFigures(
  options: { asOf: string; today: string; interval?: Interval },
  database: Db = defaultDb,
  loaded?: { data?: CountingData; ref?: ReferenceData },
): CentreFigures {
  const interval = options.interval ?? "quarter";
  // Given data is counted as given; otherwise the figures of the current data are kept until it changes.
  if (loaded?.data)
    return computeCentreFigures({ ...options, interval }, database, loaded.data, loaded.ref ?? loadReferenceData(database));
  return cachedFigures(
    database,
    { name: "centre-figures", counters: ["centres"], limit: 32 },
    `${options.asOf}|${options.today}|${interval}`,
    () =>
      computeCentreFigures(
        { ...options, interval },
        database,
        currentCountingData(database),
        loaded?.ref ?? loadReferenceData(database),
        {
          on: currentCentresOn(database, options.asOf, options.today, true),
        },
      ),
  );
}

function computeCentreFigures(
  options: { asOf: string; today: string; interval: Interval },
  database: Db,
  data: CountingData,
  ref: ReferenceData,
  computed: { on?: CentreOnDate[] } = {},
): CentreFigures {
  const { asOf, today, interval } = options;
  const on = computed.on ?? centresOn(data, asOf, today);
  const recognised = on.filter((c) => c.recognised);
  const tables = Object.fromEntries(DIMENSIONS.map((d) => [d, groupTable(d === "stage" ? on : recognised, d, ref)])) as Record<
    Dimension,
    GroupTable
  >;

  const first = firstRecognitionOn(data);
  const periods = first && first <= asOf ? periodsBetween(first, asOf, interval) : [];

  const upgradeList = periods.length ? upgradesBetween(data.countingEvents, periods[0]!.start, asOf) : [];
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

  const points = cumulativeSeries(
    data.countingEvents,
    periods.map((p) => p.end),
  );
  const series = periods.map((p, i) => ({ ...p, count: points[i]!.count, byLevel: points[i]!.byLevel }));

  const target = getSetting("target", database);
  const pipeline = Object.fromEntries(tables.stage.groups.filter((g) => g.key !== UNASSIGNED_KEY).map((g) => [g.key, g.count]));
  const total = recognised.length;
  const projection = projectionOn(database, data, { asOf, target, recognised, pipeline });

  return {
    asOf,
    today,
    interval,
    target,
    total,
    withdrawn: on.filter((c) => c.withdrawn).length,
    tables,
    upgrades: { total: upgradeList.length, byMove, periods: upgradePeriods },
    series,
    projection,
  };
}

/* ------------------------------------------------------------------ stats API */

export const API_DIMENSIONS = [
  "level",
  "type",
  "district",
  "park",
  "industry",
  "country",
  "batch",
  "year",
  "stage",
] as const satisfies readonly Dimension[];

/** GET /api/v1/stats/centres: one dimension as of a date, labelled in both languages. */
export function centreStats(asOf: string, by: Dimension, today: string, database: Db = defaultDb) {
  return cachedFigures(database, { name: "centre-stats", counters: ["centres"], limit: 64 }, `${asOf}|${today}|${by}`, () => {
    const on = currentCentresOn(database, asOf, today, by === "stage");
    const table = groupTable(by === "stage" ? on : on.filter((c) => c.recognised), by, loadReferenceData(database));
    return { asOf, by, total: table.total, overlapping: table.overlapping, unassigned: table.unassigned, groups: table.groups };
  });
}

/* ------------------------------------------------------------------ drill-down: centres */

export type DrillDown =
  | { by: "all" }
  | { by: Dimension; key: string }
  | { by: "upgrades"; from: string; to: string; move?: UpgradeMove | null }
  | { by: "withdrawn" };

/** The centres behind a number: the same statuses the figure was counted from, then their names. */
export function centresBehind(
  options: { asOf: string; today: string; drill: DrillDown; page?: number; pageSize?: number },
  database: Db = defaultDb,
) {
  const data = currentCountingData(database);
  const drill = options.drill;
  const on = currentCentresOn(database, options.asOf, options.today, drill.by === "stage");
  let matches: (CentreOnDate & { upgradedOn?: string; move?: UpgradeMove })[];
  if (drill.by === "all") matches = on.filter((c) => c.recognised);
  else if (drill.by === "withdrawn") matches = on.filter((c) => c.withdrawn);
  else if (drill.by === "upgrades") {
    const byId = new Map(on.map((c) => [c.centreId, c]));
    matches = upgradesBetween(data.countingEvents, drill.from, drill.to > options.asOf ? options.asOf : drill.to)
      .filter((u) => !drill.move || `${u.from}>${u.to}` === drill.move)
      .flatMap((u) => {
        const c = byId.get(u.centreId);
        return c ? [{ ...c, upgradedOn: u.effectiveOn, move: `${u.from}>${u.to}` as UpgradeMove }] : [];
      });
  } else {
    matches = on.filter((c) => (drill.by === "stage" ? c.stage !== null : c.recognised) && inGroup(c, drill.by, drill.key));
  }
  const pageSize = options.pageSize ?? 50;
  const total = matches.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  // Names for the page only, sorted by English name (one query for every match's names and ids, one for the page).
  const names = new Map<string, { nameZh: string; nameEn: string }>();
  const ids = matches.map((m) => m.centreId);
  for (let i = 0; i < ids.length; i += 900) {
    for (const row of database
      .select({ id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn })
      .from(centres)
      .where(inArray(centres.id, ids.slice(i, i + 900)))
      .all())
      names.set(row.id, { nameZh: row.nameZh, nameEn: row.nameEn });
  }
  const sorted = matches
    .map((m) => ({ ...m, ...(names.get(m.centreId) ?? { nameZh: m.centreId, nameEn: m.centreId }) }))
    .sort((a, b) =>
      a.upgradedOn && b.upgradedOn && a.upgradedOn !== b.upgradedOn
        ? a.upgradedOn < b.upgradedOn
          ? -1
          : 1
        : a.nameEn.localeCompare(b.nameEn),
    );
  const rows = sorted.slice((page - 1) * pageSize, page * pageSize).map((m) => ({
    id: m.centreId,
    nameZh: m.nameZh,
    nameEn: m.nameEn,
    recognised: m.recognised,
    withdrawn: m.withdrawn,
    level: m.level,
    batch: m.batch,
    firstRecognisedOn: m.firstRecognisedOn,
    stage: m.stage,
    type: m.attributes.type,
    districtCode: m.attributes.districtCode,
    parkCode: m.attributes.parkCode,
    countryCode: m.attributes.countryCode,
    industries: m.attributes.industries,
    upgradedOn: m.upgradedOn ?? null,
    move: m.move ?? null,
  }));
  return { total, page, pages, pageSize, rows };
}

/* ------------------------------------------------------------------ service figures */

export type ServicePeriod = { from: string; to: string };

/** One request, with what the service figures need to know about it. */
export type RequestFacts = {
  id: string;
  receiptNo: string;
  centreId: string;
  categoryCode: string;
  stewardId: string | null;
  status: RequestStatus;
  submittedOn: string;
  acceptDueOn: string | null;
  answerDueOn: string | null;
  /** First move out of `submitted` (accepted or rejected), Beijing date. */
  respondedOn: string | null;
  answeredOn: string | null;
  rating: (typeof SATISFACTION_RATINGS)[number] | null;
  departments: string[];
  /** Response within the acceptance limit: true/false, or null while still undecided (not due yet). */
  respondedOnTime: boolean | null;
  /** Answered or closed; null for rejected requests (not counted). */
  resolved: boolean | null;
  /** Working days from submission to the answer. */
  workingDaysToAnswer: number | null;
  /** That count ran into a year whose official calendar is not known (weekends only there). */
  answerRangeUnknown: boolean;
  /** Open and past its (pause-adjusted) due date today. */
  overdue: boolean;
  /** The due date the overdue check used. */
  dueOn: string | null;
};

/** A request's row as the query returns it: the facts before the derived ones, departments comma-joined. */
type RawRequest = Omit<
  RequestFacts,
  "departments" | "respondedOnTime" | "resolved" | "workingDaysToAnswer" | "answerRangeUnknown" | "overdue" | "dueOn"
> & {
  departments: string | null;
};

/** Plain rows straight from better-sqlite3 (no per-cell mapping): a year's requests can be tens of thousands. */
function requestQuery(database: Db, where: ReturnType<typeof sql>): RawRequest[] {
  return database.all<RawRequest>(sql`
    select r.id, r.receipt_no as receiptNo, r.centre_id as centreId, r.category_code as categoryCode,
      r.assigned_steward_id as stewardId, r.status, r.submitted_on as submittedOn,
      r.accept_due_on as acceptDueOn, r.answer_due_on as answerDueOn,
      -- The first move out of 'submitted': acceptance sets accepted_at; a rejection is read from its event (Beijing dates).
      case
        when r.accepted_at is not null then date(r.accepted_at / 1000, 'unixepoch', '+8 hours')
        when r.status = 'rejected' then (select min(e.on_date) from ${requestEvents} e
          where e.request_id = r.id and e.from_status = 'submitted' and e.to_status = 'rejected')
      end as respondedOn,
      date(r.answered_at / 1000, 'unixepoch', '+8 hours') as answeredOn,
      (select s.rating from ${satisfaction} s where s.request_id = r.id) as rating,
      -- Every department the request was referred to (department_code keeps the latest one; only those rows need the events).
      case when r.department_code is not null then (
        select group_concat(distinct e.department_code) from ${requestEvents} e
        where e.request_id = r.id and e.to_status = 'referred' and e.department_code is not null) end as departments
    from ${supportRequests} r
    where ${where}`);
}

function toFacts(r: RawRequest, today: string, calendar: WorkingCalendar): RequestFacts {
  const respondedOn = r.respondedOn;
  const acceptDue = r.acceptDueOn ?? r.submittedOn;
  const respondedOnTime = respondedOn ? respondedOn <= acceptDue : today > acceptDue ? false : null;
  // The deadline that runs now (the stored due dates already include closed referral pauses;
  // a referred request's clock stands still, so it is never overdue while referred).
  const dueOn = currentDeadline(r.status, { acceptDueOn: r.acceptDueOn, firstContactDueOn: null, answerDueOn: r.answerDueOn });
  return {
    id: r.id,
    receiptNo: r.receiptNo,
    centreId: r.centreId,
    categoryCode: r.categoryCode,
    stewardId: r.stewardId,
    status: r.status,
    submittedOn: r.submittedOn,
    acceptDueOn: r.acceptDueOn,
    answerDueOn: r.answerDueOn,
    respondedOn,
    answeredOn: r.answeredOn,
    rating: r.rating,
    departments: r.departments ? r.departments.split(",") : [],
    respondedOnTime,
    resolved: r.status === "rejected" ? null : r.status === "answered" || r.status === "closed",
    workingDaysToAnswer: r.answeredOn ? Math.max(0, calendar.workingDaysBetween(r.submittedOn, r.answeredOn)) : null,
    answerRangeUnknown: r.answeredOn ? !calendar.rangeKnown(r.submittedOn, r.answeredOn) : false,
    overdue: dueOn !== null && today > dueOn,
    dueOn,
  };
}

/** Requests submitted in the period (inclusive), with their facts. */
export function requestsInPeriod(
  period: ServicePeriod,
  today: string,
  calendar: WorkingCalendar,
  database: Db = defaultDb,
): RequestFacts[] {
  const rows = requestQuery(database, sql`r.submitted_on >= ${period.from} and r.submitted_on <= ${period.to}`);
  return rows.map((r) => toFacts(r, today, calendar));
}

/** Every open request that is overdue today, whatever its submission date. */
export function overdueRequests(today: string, calendar: WorkingCalendar, database: Db = defaultDb): RequestFacts[] {
  const rows = requestQuery(
    database,
    sql`(case when r.status = 'submitted' then r.accept_due_on
      when r.status in ('accepted', 'in_progress', 'reopened') then r.answer_due_on end) < ${today}`,
  );
  return rows.map((r) => toFacts(r, today, calendar)).filter((f) => f.overdue);
}

export type Ratio = { count: number; of: number; rate: number | null };
export type ServiceRow = {
  key: string;
  label: Bilingual;
  volume: number;
  response: Ratio;
  resolution: Ratio;
  satisfaction: Ratio;
  answered: number;
  medianWorkingDays: number | null;
  /** Some of the counts behind the median ran into a year whose official calendar is not known. */
  medianBeyondKnownCalendar: boolean;
  /** Open requests overdue now (any submission date). */
  overdueNow: number;
};
export const SERVICE_DIMENSIONS = ["category", "department", "steward"] as const;
export type ServiceDimension = (typeof SERVICE_DIMENSIONS)[number];

const ratio = (count: number, of: number): Ratio => ({ count, of, rate: of > 0 ? count / of : null });

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One group's figures, in one pass over its requests (a year's requests can be tens of thousands). */
function serviceRow(key: string, label: Bilingual, facts: readonly RequestFacts[], overdueNow: number): ServiceRow {
  let decided = 0;
  let onTime = 0;
  let eligible = 0;
  let resolved = 0;
  let rated = 0;
  let satisfied = 0;
  let beyond = false;
  const days: number[] = [];
  for (const f of facts) {
    if (f.respondedOnTime !== null) {
      decided++;
      if (f.respondedOnTime) onTime++;
    }
    if (f.resolved !== null) {
      eligible++;
      if (f.resolved) resolved++;
    }
    if (f.rating !== null) {
      rated++;
      if (f.rating === "satisfied" || f.rating === "basically_satisfied") satisfied++;
    }
    if (f.workingDaysToAnswer !== null) days.push(f.workingDaysToAnswer);
    if (f.answerRangeUnknown) beyond = true;
  }
  return {
    key,
    label,
    volume: facts.length,
    response: ratio(onTime, decided),
    resolution: ratio(resolved, eligible),
    satisfaction: ratio(satisfied, rated),
    answered: days.length,
    medianWorkingDays: median(days),
    medianBeyondKnownCalendar: beyond,
    overdueNow,
  };
}

export function serviceKeysOf(f: RequestFacts, dimension: ServiceDimension): string[] {
  if (dimension === "category") return [f.categoryCode];
  if (dimension === "steward") return [f.stewardId ?? UNASSIGNED_KEY];
  return f.departments.length ? f.departments : [UNASSIGNED_KEY];
}

export type ServiceFigures = {
  period: ServicePeriod;
  today: string;
  overall: ServiceRow;
  /** By request category, department referred to (a request referred to two counts in both) and assigned steward. */
  by: Record<ServiceDimension, ServiceRow[]>;
  /** Set when the screen shows only some steward rows: how many there are in all, and how many busiest ones are kept. */
  stewardsCut?: { total: number; top: number };
};

/** Stewards the screen lists before "Show all" (most requests first); exports and print list every one. */
export const STEWARDS_ON_SCREEN = 15;

/** Volume, response, resolution and satisfaction rates, median working days to answer and overdue now. */
export function serviceFigures(
  options: { period: ServicePeriod; today: string; calendar?: WorkingCalendar },
  database: Db = defaultDb,
  loaded?: { ref?: ReferenceData },
): ServiceFigures {
  const { period, today } = options;
  return cachedFigures(
    database,
    { name: "service-figures", counters: ["requests"], limit: 32 },
    `${period.from}|${period.to}|${today}|${calendarKey(options.calendar)}`,
    () =>
      computeServiceFigures({ period, today, calendar: options.calendar ?? workingCalendar(database) }, database, loaded?.ref),
  );
}

/** A calendar passed in (tests) is its own cache key; without one, the app's calendar from the database. */
const calendarKeys = new WeakMap<WorkingCalendar, number>();
let calendarsSeen = 0;
function calendarKey(calendar: WorkingCalendar | undefined): string {
  if (!calendar) return "app";
  if (!calendarKeys.has(calendar)) calendarKeys.set(calendar, ++calendarsSeen);
  return `given-${calendarKeys.get(calendar)}`;
}

function computeServiceFigures(
  options: { period: ServicePeriod; today: string; calendar: WorkingCalendar },
  database: Db,
  givenRef?: ReferenceData,
): ServiceFigures {
  const ref = givenRef ?? loadReferenceData(database);
  const facts = requestsInPeriod(options.period, options.today, options.calendar, database);
  const overdue = overdueRequests(options.today, options.calendar, database);
  const labelOf = (dimension: ServiceDimension, key: string) => ref.label(dimension, key);
  const by = Object.fromEntries(
    SERVICE_DIMENSIONS.map((dimension) => {
      const groups = new Map<string, RequestFacts[]>();
      const overdueBy = new Map<string, number>();
      const order =
        dimension === "category"
          ? ref.lists.request_category.order
          : dimension === "department"
            ? ref.lists.department.order
            : [];
      for (const key of order) groups.set(key, []);
      for (const f of facts)
        for (const key of serviceKeysOf(f, dimension)) {
          const list = groups.get(key);
          if (list) list.push(f);
          else groups.set(key, [f]);
        }
      for (const f of overdue)
        for (const key of serviceKeysOf(f, dimension)) {
          overdueBy.set(key, (overdueBy.get(key) ?? 0) + 1);
          if (!groups.has(key)) groups.set(key, []);
        }
      const rows = [...groups.entries()]
        .filter(
          ([key, list]) =>
            list.length > 0 ||
            (overdueBy.get(key) ?? 0) > 0 ||
            (dimension === "category" && ref.lists.request_category.active.has(key)),
        )
        .map(([key, list]) => serviceRow(key, labelOf(dimension, key), list, overdueBy.get(key) ?? 0));
      if (dimension === "steward") rows.sort((a, b) => b.volume - a.volume || a.label.en.localeCompare(b.label.en));
      return [dimension, rows];
    }),
  ) as Record<ServiceDimension, ServiceRow[]>;
  return {
    period: options.period,
    today: options.today,
    overall: serviceRow("all", both("dash.keys.all"), facts, overdue.length),
    by,
  };
}

/** The requests behind a service number: those of the period in a group, or the overdue ones. */
export function requestsBehind(
  options: {
    period: ServicePeriod;
    today: string;
    calendar: WorkingCalendar;
    dimension?: ServiceDimension | null;
    key?: string | null;
    overdue?: boolean;
  },
  database: Db = defaultDb,
) {
  const facts = options.overdue
    ? overdueRequests(options.today, options.calendar, database)
    : requestsInPeriod(options.period, options.today, options.calendar, database);
  const { dimension, key } = options;
  const matches = dimension && key ? facts.filter((f) => serviceKeysOf(f, dimension).includes(key)) : facts;
  const centreIds = [...new Set(matches.map((m) => m.centreId))];
  const names = new Map<string, { nameZh: string; nameEn: string }>();
  for (let i = 0; i < centreIds.length; i += 900)
    for (const c of database
      .select({ id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn })
      .from(centres)
      .where(inArray(centres.id, centreIds.slice(i, i + 900)))
      .all())
      names.set(c.id, { nameZh: c.nameZh, nameEn: c.nameEn });
  return matches
    .map((m) => ({ ...m, centre: names.get(m.centreId) ?? { nameZh: "", nameEn: "" } }))
    .sort((a, b) =>
      a.submittedOn === b.submittedOn ? a.receiptNo.localeCompare(b.receiptNo) : a.submittedOn < b.submittedOn ? 1 : -1,
    );
}

/* ------------------------------------------------------------------ URL parameters */

export type DashboardParams = { asOf: string; interval: Interval; from: string; to: string };

/**
 * The dashboard's filters from the URL. The as-of date is checked by the pages first
 * (`asOfProblem`: the same message everywhere); here a bad one falls back to today. The service
 * period defaults to the twelve months ending on the as-of date (`to` = asOf, `from` = 364 days
 * before `to`); a malformed or future `from`/`to` falls back to that default and is reported in
 * `invalid`. `periodGiven` says which ends the URL set, so the form leaves the others empty and
 * a new as-of date moves the default period with it.
 */
export function parseDashboardParams(
  search: URLSearchParams,
  today: string,
): DashboardParams & { invalid: string[]; periodGiven: { from: boolean; to: boolean } } {
  const invalid: string[] = [];
  const date = (name: string, fallback: string) => {
    const value = search.get(name);
    if (value === null || value === "") return fallback;
    if (!isIsoDate(value) || value > today) {
      invalid.push(name);
      return fallback;
    }
    return value;
  };
  const asOf = date("asOf", today);
  const intervalRaw = search.get("interval");
  const interval = (INTERVALS as readonly string[]).includes(intervalRaw ?? "") ? (intervalRaw as Interval) : "quarter";
  if (intervalRaw && interval !== intervalRaw) invalid.push("interval");
  const to = date("to", asOf);
  let from = date("from", addCalendarDays(to, -364));
  if (from > to) {
    invalid.push("from");
    from = addCalendarDays(to, -364);
  }
  const given = (name: string) => Boolean(search.get(name)) && !invalid.includes(name);
  return { asOf, interval, from, to, invalid, periodGiven: { from: given("from"), to: given("to") } };
}

/** Filters as a query string (only what differs from the defaults, so URLs stay short). */
export function dashboardQuery(
  params: Partial<DashboardParams>,
  today: string,
  extra: Record<string, string | null | undefined> = {},
): string {
  const q = new URLSearchParams();
  const asOf = params.asOf ?? today;
  if (params.asOf && params.asOf !== today) q.set("asOf", params.asOf);
  if (params.interval && params.interval !== "quarter") q.set("interval", params.interval);
  const to = params.to ?? asOf;
  if (params.to && params.to !== asOf) q.set("to", params.to);
  if (params.from && params.from !== addCalendarDays(to, -364)) q.set("from", params.from);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function isDimension(value: unknown): value is Dimension {
  return typeof value === "string" && (DIMENSIONS as readonly string[]).includes(value);
}

export function isServiceDimension(value: unknown): value is ServiceDimension {
  return typeof value === "string" && (SERVICE_DIMENSIONS as readonly string[]).includes(value);
}

/* ------------------------------------------------------------------ the whole view */

/** Everything the dashboard, the print view and the exports show, for the URL's filters. */
export function dashboardView(
  search: URLSearchParams,
  today: string,
  options: { database?: Db; calendar?: WorkingCalendar } = {},
) {
  const database = options.database ?? defaultDb;
  const params = parseDashboardParams(search, today);
  const figures = centreFigures({ asOf: params.asOf, today, interval: params.interval }, database);
  const service = serviceFigures({ period: { from: params.from, to: params.to }, today, calendar: options.calendar }, database);
  return { params, today, figures, service };
}
export type DashboardView = ReturnType<typeof dashboardView>;

/**
 * The dashboard page's view: the same figures, with the steward table cut to the busiest
 * STEWARDS_ON_SCREEN plus every row with requests overdue now (and the unassigned row), unless
 * the URL asks for every steward (`stewards=all`), so a city with hundreds of stewards gets a
 * readable page that still shows where requests are late.
 */
export function dashboardScreenView(
  search: URLSearchParams,
  today: string,
  options: { database?: Db; calendar?: WorkingCalendar } = {},
) {
  const view = dashboardView(search, today, options);
  const stewards = view.service.by.steward;
  if (search.get("stewards") === "all" || stewards.length <= STEWARDS_ON_SCREEN) return view;
  // Never hidden: whoever has requests overdue now, and the requests no steward has taken.
  const shown = stewards.filter((r, i) => i < STEWARDS_ON_SCREEN || r.overdueNow > 0 || r.key === UNASSIGNED_KEY);
  if (shown.length === stewards.length) return view;
  return {
    ...view,
    service: {
      ...view.service,
      by: { ...view.service.by, steward: shown },
      stewardsCut: { total: stewards.length, top: STEWARDS_ON_SCREEN },
    },
  };
}

/* ------------------------------------------------------------------ exports */

export const EXPORT_TABLES = [
  ...DIMENSIONS,
  "upgrades",
  "series",
  "projection",
  "requests_summary",
  "requests_by_category",
  "requests_by_department",
  "requests_by_steward",
] as const;
export type ExportTableName = (typeof EXPORT_TABLES)[number];
export type Cell = string | number | null;
export type ExportTable = { name: ExportTableName; title: string; columns: string[]; rows: Cell[][] };

/** A table's worksheet name in the workbook of all tables: unique, meaningful, within Excel's 31 characters. */
export function exportSheetName(name: ExportTableName, interval: Interval, locale: "zh-CN" | "en") {
  const t = getFixedT(locale);
  return t(`dash.sheets.${name}`, { interval: t(`dash.intervalNames.${interval}`) });
}

export function isExportTable(value: unknown): value is ExportTableName {
  return typeof value === "string" && (EXPORT_TABLES as readonly string[]).includes(value);
}

/** The i18n key of each dimension's title. */
export const DIMENSION_TITLE: Record<Dimension, string> = {
  level: "dash.sections.byLevel",
  type: "dash.sections.byType",
  district: "dash.sections.byDistrict",
  park: "dash.sections.byPark",
  industry: "dash.sections.byIndustry",
  country: "dash.sections.byCountry",
  batch: "dash.sections.byBatch",
  year: "dash.sections.byYear",
  stage: "dash.sections.pipeline",
};

const percent = (r: Ratio): Cell => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

/** One dashboard table as header and rows, labels in `locale` (codes kept in the first column). */
export function exportTable(view: DashboardView, name: ExportTableName, locale: "zh-CN" | "en"): ExportTable {
  const t = getFixedT(locale);
  const { figures, service } = view;
  const interval = t(`dash.intervalNames.${figures.interval}`);
  const pct = (label: string) => `${label} (%)`;
  if (isDimension(name)) {
    const table = figures.tables[name];
    const weights = settingWeights(figures);
    const stage = name === "stage";
    const columns = [t("dash.table.key"), t("dash.table.group"), t("dash.table.centres"), pct(t("dash.table.share"))];
    if (stage) columns.push(t("dash.table.weight"), t("dash.table.expected"));
    const rows: Cell[][] = table.groups.map((g) => {
      const row: Cell[] = [g.key, g.label[locale], g.count, table.total ? Math.round((g.count / table.total) * 1000) / 10 : null];
      if (stage) {
        const w = weights[g.key];
        row.push(w ?? null, w === undefined ? null : Math.round(g.count * w * 10) / 10);
      }
      return row;
    });
    rows.push([
      "_total",
      stage
        ? t("dash.chart.total")
        : table.overlapping
          ? `${t("dash.table.total")} — ${t("dash.overlapNote", { total: table.total })}`
          : t("dash.table.total"),
      table.total,
      table.total ? 100 : null,
    ]);
    return { name, title: t(DIMENSION_TITLE[name]), columns, rows };
  }
  switch (name) {
    case "upgrades":
      return {
        name,
        title: t("dash.sections.upgrades", { interval }),
        columns: [
          t("dash.table.period"),
          t("dash.table.from"),
          t("dash.table.to"),
          t("dash.table.upgrades"),
          ...UPGRADE_MOVES.map((m) => t(`dash.moves.${m}`)),
        ],
        rows: [
          ...figures.upgrades.periods.map((p) => [
            p.label[locale],
            p.start,
            p.end,
            p.count,
            ...UPGRADE_MOVES.map((m) => p.byMove[m]),
          ]),
          [
            t("dash.chart.total"),
            figures.upgrades.periods[0]?.start ?? null,
            figures.asOf,
            figures.upgrades.total,
            ...UPGRADE_MOVES.map((m) => figures.upgrades.byMove[m]),
          ],
        ],
      };
    case "series":
      return {
        name,
        title: t("dash.sections.overTime"),
        columns: [
          t("dash.table.period"),
          t("dash.table.endOfPeriod"),
          t("dash.table.recognised"),
          ...LEVELS.map((l) => t(`levels.${l}`)),
        ],
        rows: figures.series.map((p) => [p.label[locale], p.end, p.count, ...LEVELS.map((l) => p.byLevel[l])]),
      };
    case "projection": {
      const p = figures.projection;
      return {
        name,
        title: t("dash.sections.pipeline"),
        columns: [t("dash.table.figure"), t("dash.table.value")],
        rows: [
          [t("dash.projection.recognised"), p.recognised],
          [t("dash.headline.target", { count: p.targetCount, date: p.targetDate }), p.targetCount],
          [t("dash.headline.toGo"), p.gapNow],
          [t("dash.projection.pipelineExpected"), p.pipelineExpected],
          [t("dash.projection.newcomers"), p.newcomerAdditions],
          [t("dash.projection.pace"), p.pacePerMonth],
          [t("dash.projection.paceAdditions"), p.paceAdditions],
          [t("dash.projection.projected"), p.projected],
          [t("dash.projection.range"), `${p.projectedLow} – ${p.projectedHigh}`],
          [t("dash.projection.gap"), p.projectedGap],
          [t("dash.projection.needed"), p.neededPerMonth],
        ],
      };
    }
    case "requests_summary": {
      const o = service.overall;
      return {
        name,
        title: t("dash.sections.service"),
        columns: [t("dash.table.figure"), t("dash.table.value"), t("dash.table.numerator"), t("dash.table.denominator")],
        rows: [
          [t("dash.service.volume"), o.volume, null, null],
          [pct(t("dash.service.responseRate")), percent(o.response), o.response.count, o.response.of],
          [pct(t("dash.service.resolutionRate")), percent(o.resolution), o.resolution.count, o.resolution.of],
          [pct(t("dash.service.satisfactionRate")), percent(o.satisfaction), o.satisfaction.count, o.satisfaction.of],
          [t("dash.service.medianDays"), o.medianWorkingDays, o.answered, null],
          [t("dash.service.overdueNow"), o.overdueNow, null, null],
        ],
      };
    }
    default: {
      const dimension = name.replace("requests_by_", "") as ServiceDimension;
      const titleKey = { category: "serviceByCategory", department: "serviceByDepartment", steward: "serviceBySteward" }[
        dimension
      ];
      return {
        name,
        title: t(`dash.sections.${titleKey}`),
        columns: [
          t("dash.table.key"),
          t("dash.table.group"),
          t("dash.table.requests"),
          pct(t("dash.table.responseRate")),
          pct(t("dash.table.resolutionRate")),
          pct(t("dash.table.satisfactionRate")),
          t("dash.table.medianDays"),
          t("dash.table.overdueNow"),
        ],
        rows: service.by[dimension].map((r) => [
          r.key,
          r.label[locale],
          r.volume,
          percent(r.response),
          percent(r.resolution),
          percent(r.satisfaction),
          r.medianWorkingDays,
          r.overdueNow,
        ]),
      };
    }
  }
}

function settingWeights(figures: CentreFigures): Record<string, number> {
  return Object.fromEntries(figures.projection.pipeline.map((p) => [p.stage, p.weight]));
}
