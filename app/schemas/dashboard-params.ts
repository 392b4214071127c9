import { z } from "zod";
import {
  DIMENSIONS,
  INTERVALS,
  SERVICE_DIMENSIONS,
  UNASSIGNED_KEY,
  type Dimension,
  type Interval,
  type ServiceDimension,
  type UpgradeMove,
} from "~/domain/figure-dimensions";
import { addCalendarDays, isIsoDate } from "~/domain/working-days";

/**
 * The officials' dashboard's URL: its filters, the names of its tables and groups, and the links
 * from its numbers to the centres and requests behind them. One module for the loaders (which
 * parse it) and the components (which write it), so the two cannot drift apart.
 */

export const DEFAULT_INTERVAL: Interval = "quarter";
/** The service period, by default: the 365 days ending on its last day. */
const DEFAULT_PERIOD_DAYS = 364;

/** The groupings of recognised centres the screen shows one at a time (`?breakdown=`), in the report's order. */
export const BREAKDOWNS = [
  "level",
  "type",
  "batch",
  "year",
  "district",
  "park",
  "industry",
  "country",
] as const satisfies readonly Dimension[];
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The grouping the URL asks for, else the first: anything else in `?breakdown=` reads as the first. */
export function breakdownOf(value: string | null): Breakdown {
  return BREAKDOWNS.find((b) => b === value) ?? BREAKDOWNS[0];
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

/** The i18n key (under dash.sections) of each service table's title. */
export const SERVICE_TITLE: Record<ServiceDimension, string> = {
  category: "serviceByCategory",
  department: "serviceByDepartment",
  steward: "serviceBySteward",
};

/** Tables the exports write (`?table=`), in the workbook's order. */
export const EXPORT_TABLES = [
  ...DIMENSIONS,
  "upgrades",
  "series",
  "projection",
  "requests_summary",
  "requests_by_category",
  "requests_by_department",
  "requests_by_steward",
  "answers_summary",
  "answers_by_category",
  "answers_most_used",
] as const;
export type ExportTableName = (typeof EXPORT_TABLES)[number];

export function isDimension(value: unknown): value is Dimension {
  return typeof value === "string" && (DIMENSIONS as readonly string[]).includes(value);
}

export function isServiceDimension(value: unknown): value is ServiceDimension {
  return typeof value === "string" && (SERVICE_DIMENSIONS as readonly string[]).includes(value);
}

export function isExportTable(value: unknown): value is ExportTableName {
  return typeof value === "string" && (EXPORT_TABLES as readonly string[]).includes(value);
}

/* ------------------------------------------------------------------ the filters */

export type DashboardParams = { asOf: string; interval: Interval; from: string; to: string };
export type ParsedDashboardParams = DashboardParams & {
  /** Filters the URL set but that were not usable (and fell back to their defaults). */
  invalid: string[];
  /** Which ends of the service period the URL set (the form leaves the others empty). */
  periodGiven: { from: boolean; to: boolean };
};

const blankIsMissing = (value: unknown) => (value === "" || value === null ? undefined : value);

/**
 * The filters as the URL may give them, each on its own: a date must be a real date not after
 * today, an interval one of INTERVALS. A blank or missing filter takes its default.
 */
export function dashboardParamsSchema(today: string) {
  const pastDate = z.string().refine((v) => isIsoDate(v) && v <= today);
  const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankIsMissing, schema.optional());
  return z.object({
    asOf: optional(pastDate),
    interval: optional(z.enum(INTERVALS)),
    to: optional(pastDate),
    from: optional(pastDate),
  });
}

const FILTERS = ["asOf", "interval", "to", "from"] as const;

/** The first day of the default service period ending on `to`. */
export function defaultFrom(to: string): string {
  return addCalendarDays(to, -DEFAULT_PERIOD_DAYS);
}

/**
 * The dashboard's filters from the URL. The as-of date is checked by the pages first
 * (`asOfProblem`: the same message everywhere); here a bad one falls back to today. The service
 * period defaults to the twelve months ending on the as-of date (`to` = asOf, `from` = 364 days
 * before `to`); a malformed or future `from`/`to`, or a `from` after `to`, falls back to that
 * default and is reported in `invalid`. `periodGiven` says which ends the URL set, so the form
 * leaves the others empty and a new as-of date moves the default period with it.
 */
export function parseDashboardParams(search: URLSearchParams, today: string): ParsedDashboardParams {
  const schema = dashboardParamsSchema(today);
  const raw = Object.fromEntries(FILTERS.map((name) => [name, search.get(name)]));
  const invalid: string[] = [];
  for (const name of FILTERS)
    if (!schema.shape[name].safeParse(raw[name]).success) {
      invalid.push(name);
      raw[name] = null;
    }
  const given = schema.parse(raw);
  const asOf = given.asOf ?? today;
  const interval = given.interval ?? DEFAULT_INTERVAL;
  const to = given.to ?? asOf;
  let from = given.from ?? defaultFrom(to);
  if (from > to) {
    invalid.push("from");
    from = defaultFrom(to);
  }
  return {
    asOf,
    interval,
    from,
    to,
    invalid,
    periodGiven: { from: given.from !== undefined && !invalid.includes("from"), to: given.to !== undefined },
  };
}

/** Filters as a query string (only what differs from the defaults, so URLs stay short), plus extras. */
export function dashboardQuery(
  params: Partial<DashboardParams>,
  today: string,
  extra: Record<string, string | null | undefined> = {},
): string {
  const q = new URLSearchParams();
  const asOf = params.asOf ?? today;
  if (asOf !== today) q.set("asOf", asOf);
  if (params.interval && params.interval !== DEFAULT_INTERVAL) q.set("interval", params.interval);
  const to = params.to ?? asOf;
  if (to !== asOf) q.set("to", to);
  if (params.from && params.from !== defaultFrom(to)) q.set("from", params.from);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/* ------------------------------------------------------------------ links from a number */

/** What a link needs of the page: its filters and today's date. */
export type DashboardLinkContext = { params: DashboardParams; today: string };

/** The view's own filters as a query string, plus extras (export and "show all" links). */
export function viewQuery(view: DashboardLinkContext, extra: Record<string, string | null | undefined> = {}) {
  return dashboardQuery(view.params, view.today, extra);
}

/** Dimensions the centre registry (/centres) filters by itself. */
const REGISTRY_FILTERS: readonly Dimension[] = ["level", "type", "district", "park", "industry", "country", "batch", "stage"];

/**
 * The registry's own filtered list for a drill-down, where it shows exactly those centres: today's
 * figures, a group with a value, a dimension the registry filters by. Null otherwise.
 */
export function registryHref(asOf: string, today: string, by: Dimension | "all" | "withdrawn", key?: string): string | null {
  if (asOf !== today || key === UNASSIGNED_KEY) return null;
  if (by === "all") return "/centres?recognised=yes";
  if (by === "stage" && key) return `/centres?stage=${encodeURIComponent(key)}`;
  if (REGISTRY_FILTERS.includes(by as Dimension) && key) return `/centres?recognised=yes&${by}=${encodeURIComponent(key)}`;
  return null;
}

/** Where a centre number leads: the registry's own filters for today's figures, else the as-of list. */
export function centreDrillHref(
  view: DashboardLinkContext,
  by: Dimension | "all" | "withdrawn",
  key?: string,
  asOf = view.params.asOf,
) {
  const registry = registryHref(asOf, view.today, by, key);
  if (registry) return registry;
  const q = new URLSearchParams({ asOf, by });
  if (key !== undefined) q.set("key", key);
  return `/dashboard/centres?${q.toString()}`;
}

/** The centres upgraded between two dates (optionally by one move). */
export function upgradesHref(view: DashboardLinkContext, from: string, to: string, move?: UpgradeMove) {
  const q = new URLSearchParams({ asOf: view.params.asOf, by: "upgrades", from, to });
  if (move) q.set("move", move);
  return `/dashboard/centres?${q.toString()}`;
}

/** The requests behind a service number: the period's (in one group), or those overdue now. */
export function requestsHref(
  view: DashboardLinkContext,
  extra: { dimension?: ServiceDimension; key?: string; overdue?: boolean } = {},
) {
  const q = new URLSearchParams({ from: view.params.from, to: view.params.to });
  if (extra.dimension && extra.key) {
    q.set("dimension", extra.dimension);
    q.set("key", extra.key);
  }
  if (extra.overdue) q.set("overdue", "1");
  return `/dashboard/requests?${q.toString()}`;
}
