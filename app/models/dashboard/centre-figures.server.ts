/**
 * Every centre figure of the dashboard, the exports, the print view and the stats API, from the
 * centre events through app/domain/counting.ts (so a figure reported last year is reproduced
 * exactly today), and the centres behind each number (the drill-down).
 */
import {
  firstRecognitionOn,
  groupTable,
  inGroup,
  seriesPerPeriod,
  upgradesPerPeriod,
  type CentreOnDate,
  type GroupTable,
  type SeriesFigures,
  type UpgradeFigures,
} from "~/domain/centre-figures";
import { countRecognised, recognisedOn, upgradesBetween } from "~/domain/counting";
import { paceWindowStart, projectToTarget, type Projection, type StageHistory } from "~/domain/projection";
import { DIMENSIONS, UNASSIGNED_KEY, type Dimension, type Interval, type UpgradeMove } from "~/domain/figure-dimensions";
import { DEFAULT_INTERVAL } from "~/schemas/dashboard-params";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { getSetting } from "../reference.server";
import { cachedFigures, type CacheScope } from "../figures-cache.server";
import { loadReferenceData, periodsBetween, type ReferenceData } from "./labels.server";
import { centreNames, centresOn, currentCentresOn, currentCountingData, stagesOn, type CountingData } from "./load.server";

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
  upgrades: UpgradeFigures;
  series: SeriesFigures;
  projection: Projection;
};

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

/** Where centreFigures keeps its values (the worker's results are kept there too). */
export const CENTRE_FIGURES_CACHE = { name: "centre-figures", counters: ["centres"], limit: 32 } as const satisfies CacheScope;
export const centreFiguresKey = (o: { asOf: string; today: string; interval: Interval }) => `${o.asOf}|${o.today}|${o.interval}`;

/** Every centre figure of the dashboard as of `asOf`: the one function the dashboard, the exports and the print view call. */
export function centreFigures(
  options: { asOf: string; today: string; interval?: Interval },
  database: Db = defaultDb,
  loaded?: { data?: CountingData; ref?: ReferenceData },
): CentreFigures {
  const interval = options.interval ?? DEFAULT_INTERVAL;
  // Given data is counted as given; otherwise the figures of the current data are kept until it changes.
  if (loaded?.data)
    return computeCentreFigures({ ...options, interval }, database, loaded.data, loaded.ref ?? loadReferenceData(database));
  return cachedFigures(database, CENTRE_FIGURES_CACHE, centreFiguresKey({ ...options, interval }), () =>
    computeCentreFigures(
      { ...options, interval },
      database,
      currentCountingData(database),
      loaded?.ref ?? loadReferenceData(database),
      { on: currentCentresOn(database, options.asOf, options.today, true) },
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
  const first = firstRecognitionOn(data.countingEvents);
  const periods = first && first <= asOf ? periodsBetween(first, asOf, interval) : [];
  const target = getSetting("target", database);
  const pipeline = Object.fromEntries(tables.stage.groups.filter((g) => g.key !== UNASSIGNED_KEY).map((g) => [g.key, g.count]));
  return {
    asOf,
    today,
    interval,
    target,
    total: recognised.length,
    withdrawn: on.filter((c) => c.withdrawn).length,
    tables,
    upgrades: upgradesPerPeriod(data.countingEvents, periods, asOf),
    series: seriesPerPeriod(data.countingEvents, periods),
    projection: projectionOn(database, data, { asOf, target, recognised, pipeline }),
  };
}

/* ------------------------------------------------------------------ stats API */

export const API_DIMENSIONS = DIMENSIONS;

/** GET /api/v1/stats/centres: one dimension as of a date, labelled in both languages. */
/** Where centreStats keeps its answers (the worker's are kept there too). */
export const CENTRE_STATS_CACHE = { name: "centre-stats", counters: ["centres"], limit: 64 } as const satisfies CacheScope;
export const centreStatsKey = (asOf: string, by: Dimension, today: string) => `${asOf}|${today}|${by}`;

export function centreStats(asOf: string, by: Dimension, today: string, database: Db = defaultDb) {
  return cachedFigures(database, CENTRE_STATS_CACHE, centreStatsKey(asOf, by, today), () => {
    const on = currentCentresOn(database, asOf, today, by === "stage");
    const table = groupTable(by === "stage" ? on : on.filter((c) => c.recognised), by, loadReferenceData(database));
    return { asOf, by, total: table.total, overlapping: table.overlapping, unassigned: table.unassigned, groups: table.groups };
  });
}

/* ------------------------------------------------------------------ drill-down */

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
  // Names of every match (sorted by English name), then the page.
  const names = centreNames(
    database,
    matches.map((m) => m.centreId),
  );
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
