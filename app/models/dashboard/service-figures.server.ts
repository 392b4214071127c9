/**
 * The dashboard's service figures (volume, response, resolution and satisfaction rates, median
 * working days to answer, overdue now) from the support requests, and the requests behind each
 * number. The arithmetic is app/domain/service-figures.ts.
 */
import { serviceKeysOf, serviceRow, serviceTables, type ServicePeriod, type ServiceRow } from "~/domain/service-figures";
import type { WorkingCalendar } from "~/domain/working-days";
import type { ServiceDimension } from "~/domain/figure-dimensions";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { workingCalendar } from "../calendar.server";
import { cachedFigures, type CacheScope } from "../figures-cache.server";
import { both, loadReferenceData, type ReferenceData } from "./labels.server";
import { centreNames, overdueRequests, requestFactsOf, requestsInPeriod } from "./load.server";

export type ServiceFigures = {
  period: ServicePeriod;
  today: string;
  overall: ServiceRow;
  /** By request category, department referred to (a request referred to two counts in both) and assigned steward. */
  by: Record<ServiceDimension, ServiceRow[]>;
  /** Set when the screen shows only some steward rows: how many there are in all, and how many busiest ones are kept. */
  stewardsCut?: { total: number; top: number };
};

/** Where serviceFigures keeps its values (the worker's results are kept there too). */
export const SERVICE_FIGURES_CACHE = { name: "service-figures", counters: ["requests"], limit: 32 } as const satisfies CacheScope;
export const serviceFiguresKey = (o: { period: ServicePeriod; today: string }, calendar?: WorkingCalendar) =>
  `${o.period.from}|${o.period.to}|${o.today}|${calendarKey(calendar)}`;

/** Volume, response, resolution and satisfaction rates, median working days to answer and overdue now. */
export function serviceFigures(
  options: { period: ServicePeriod; today: string; calendar?: WorkingCalendar },
  database: Db = defaultDb,
  loaded?: { ref?: ReferenceData },
): ServiceFigures {
  const { period, today } = options;
  return cachedFigures(database, SERVICE_FIGURES_CACHE, serviceFiguresKey({ period, today }, options.calendar), () =>
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
  const by = serviceTables(facts, overdue, {
    label: ref.label,
    order: { category: ref.lists.request_category.order, department: ref.lists.department.order, steward: [] },
    activeCategories: ref.lists.request_category.active,
  });
  return {
    period: options.period,
    today: options.today,
    overall: serviceRow("all", both("dash.keys.all"), facts, overdue.length),
    by,
  };
}

/** Requests a page of the drill-down lists (issue 14: a year at scale is 33,000 of them). */
export const REQUESTS_BEHIND_PAGE_SIZE = 50;

export type RequestsBehindOptions = {
  period: ServicePeriod;
  today: string;
  dimension?: ServiceDimension | null;
  key?: string | null;
  overdue?: boolean;
  /** 0 = the newest requests. */
  page?: number;
  pageSize?: number;
};

/**
 * Where the order of each list of requests behind a number is kept (its request ids: a year at
 * scale 1 is 33,000 of them, about 3 MB), so the next pages of a list are read without grouping
 * the period again while no request has changed. Kept by the request thread (the figures worker,
 * which computes it, ends when idle).
 */
export const REQUESTS_BEHIND_CACHE = { name: "requests-behind", counters: ["requests"], limit: 4 } as const satisfies CacheScope;
export const requestsBehindKey = (options: RequestsBehindOptions, calendar?: WorkingCalendar) =>
  `${serviceFiguresKey(options, calendar)}|${options.overdue ? "overdue" : "period"}|${options.dimension ?? ""}|${options.key ?? ""}`;

/**
 * The requests behind a service number in the list's order, newest first (their ids): those of
 * the period in a group, or the overdue ones. Every request of the period is read and grouped as
 * the figures group them (serviceKeysOf), so the list adds up to the number.
 */
export function requestsBehindOrder(
  options: RequestsBehindOptions & { calendar?: WorkingCalendar },
  database: Db = defaultDb,
): string[] {
  const calendar = options.calendar ?? workingCalendar();
  const { dimension, key, today } = options;
  const facts = options.overdue
    ? overdueRequests(today, calendar, database)
    : requestsInPeriod(options.period, today, calendar, database);
  const matches = dimension && key ? facts.filter((f) => serviceKeysOf(f, dimension).includes(key)) : facts;
  // Receipt numbers are ASCII (RQ-2026-000123): compared as they are, not by a collator.
  matches.sort((a, b) =>
    a.submittedOn !== b.submittedOn ? (a.submittedOn < b.submittedOn ? 1 : -1) : a.receiptNo < b.receiptNo ? -1 : 1,
  );
  return matches.map((m) => m.id);
}

/** One page of a list in that order (`ids`): only the page's requests and centres are read. */
export function requestsBehindPage(
  ids: readonly string[],
  options: RequestsBehindOptions & { calendar?: WorkingCalendar },
  database: Db = defaultDb,
) {
  const calendar = options.calendar ?? workingCalendar();
  const page = options.page ?? 0;
  const size = options.pageSize ?? REQUESTS_BEHIND_PAGE_SIZE;
  const shownIds = ids.slice(page * size, (page + 1) * size);
  const facts = new Map(requestFactsOf(shownIds, options.today, calendar, database).map((f) => [f.id, f]));
  const shown = shownIds.flatMap((id) => facts.get(id) ?? []);
  const names = centreNames(database, [...new Set(shown.map((m) => m.centreId))]);
  return {
    rows: shown.map((m) => ({ ...m, centre: names.get(m.centreId) ?? { nameZh: "", nameEn: "" } })),
    total: ids.length,
    page,
    hasOlder: ids.length > (page + 1) * size,
  };
}

/** A page of the requests behind a service number, the list's order kept (REQUESTS_BEHIND_CACHE). */
export function requestsBehind(options: RequestsBehindOptions & { calendar?: WorkingCalendar }, database: Db = defaultDb) {
  const ids = cachedFigures(database, REQUESTS_BEHIND_CACHE, requestsBehindKey(options, options.calendar), () =>
    requestsBehindOrder(options, database),
  );
  return requestsBehindPage(ids, options, database);
}
