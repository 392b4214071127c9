/**
 * The dashboard as one view for the URL's filters: what the page, the print view and the exports
 * show. A new group of figures is a module beside this one, added to the route's loader data.
 */
import type { WorkingCalendar } from "~/domain/working-days";
import { UNASSIGNED_KEY } from "~/domain/figure-dimensions";
import type { GroupTable } from "~/domain/centre-figures";
import { breakdownOf, parseDashboardParams } from "~/schemas/dashboard-params";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { answerFigures, type AnswerFigures } from "../answer-figures.server";
import { referenceList } from "../reference.server";
import { centreFigures } from "./centre-figures.server";
import { answerFiguresOffThread, centreFiguresOffThread, serviceFiguresOffThread } from "./figures-worker.server";
import { serviceFigures } from "./service-figures.server";

/** Stewards the screen lists before "Show all" (most requests first); exports and print list every one. */
export const STEWARDS_ON_SCREEN = 15;

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
  return { params, today, figures, service, answers: libraryFigures(answerFigures(params, today, database)) };
}
export type DashboardView = ReturnType<typeof dashboardView>;

/**
 * The dashboard page's view: the same figures cut to what the page shows.
 * - The steward table: the busiest STEWARDS_ON_SCREEN plus every row with requests overdue now
 *   (and the unassigned row), unless the URL asks for every steward (`stewards=all`), so a city
 *   with hundreds of stewards gets a readable page that still shows where requests are late.
 * - The group tables: the pipeline's (by stage) and the one grouping the URL shows
 *   (`breakdown`); the other seven were half of the page's loader data (issue 14). The print view
 *   and the exports read the whole view.
 */
export type DashboardScreenView = Omit<DashboardView, "figures"> & {
  figures: Omit<DashboardView["figures"], "tables"> & {
    tables: Partial<DashboardView["figures"]["tables"]> & { stage: GroupTable };
  };
};

export function dashboardScreenView(
  search: URLSearchParams,
  today: string,
  options: { database?: Db; calendar?: WorkingCalendar } = {},
): DashboardScreenView {
  return screenCut(dashboardView(search, today, options), search);
}

/**
 * The view of the app's own database, its figures computed on the worker thread (when the server
 * started one), so a recomputation after a write never holds up other requests. The loaders use it.
 */
export async function loadDashboardView(search: URLSearchParams, today: string): Promise<DashboardView> {
  const params = parseDashboardParams(search, today);
  const period = { from: params.from, to: params.to };
  const [figures, service, answers] = await Promise.all([
    centreFiguresOffThread({ asOf: params.asOf, today, interval: params.interval }),
    serviceFiguresOffThread({ period, today }),
    answerFiguresOffThread(period, today),
  ]);
  return { params, today, figures, service, answers: libraryFigures(answers) };
}

/** The policy library's figures (issue 15) for the dashboard's period, with the category labels. */
function libraryFigures(figures: AnswerFigures) {
  return { figures, categories: referenceList("request_category", { includeInactive: true }) };
}

/** The page's view (dashboardScreenView) of the app's own database, computed as loadDashboardView. */
export async function loadDashboardScreenView(search: URLSearchParams, today: string): Promise<DashboardScreenView> {
  return screenCut(await loadDashboardView(search, today), search);
}

function screenCut(view: DashboardView, search: URLSearchParams): DashboardScreenView {
  const cut = cutStewards(view, search);
  const shown = breakdownOf(search.get("breakdown"));
  const { tables } = cut.figures;
  return { ...cut, figures: { ...cut.figures, tables: { stage: tables.stage, [shown]: tables[shown] } } };
}

function cutStewards(view: DashboardView, search: URLSearchParams): DashboardView {
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
