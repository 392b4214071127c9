/**
 * The dashboard's heavy work, the centre list's exports and the daily digest, on a worker thread
 * with its own database connection, so the request thread stays free (issue 14: nothing holds the event loop
 * over 200 ms). Recomputing the figures after a write reads every centre event or a year's
 * requests (about a second at 30,000 centres), and a workbook is built by exceljs in one
 * synchronous go (17 s for every centre at 30,000).
 *
 * server.js enables the worker through the build (`startFiguresWorker`): the worker loads the
 * same module (the server build) and answers jobs. It is spawned with the first job and ends
 * after IDLE_MS without one: its heap keeps what it computed from (the counting data, every
 * centre's status: with the code, about 150 MB at 30,000 centres, issue 14, goal 5), while the
 * answers are kept by the request thread's figures cache. Without a started worker (tests, scripts) `runFiguresJob`
 * returns null and the caller computes in place, as before.
 */
import type { Dimension, Interval } from "~/domain/figure-dimensions";
import { env } from "~/utils/env.server";
import { jobWorker } from "~/utils/job-worker.server";
import { db as appDatabase } from "~/utils/db.server";
import type { Locale } from "~/i18n";
import { centreExportFile, type CentreExportFile, type CentreExportFormat } from "../centre-export.server";
import { ANSWER_FIGURES_CACHE, answerFigures, answerFiguresKey, type AnswerFigures } from "../answer-figures.server";
import { digestProgressLog, enqueueDailyDigests, type DigestRun } from "../daily-digest.server";
import { cachedFiguresAsync } from "../figures-cache.server";
import {
  CENTRE_FIGURES_CACHE,
  CENTRE_STATS_CACHE,
  centreFigures,
  centreFiguresKey,
  centresBehind,
  centreStats,
  centreStatsKey,
  type CentreFigures,
  type DrillDown,
} from "./centre-figures.server";
import { exportWorkbook, type ExportTable } from "./export.server";
import {
  stewardCentreLoad,
  stewardWorkPage,
  WORK_IN_PLACE_CENTRES,
  type StewardWorkPage,
  type WorkPageRows,
} from "../work-page.server";
import {
  REQUESTS_BEHIND_CACHE,
  SERVICE_FIGURES_CACHE,
  requestsBehind,
  requestsBehindKey,
  requestsBehindOrder,
  requestsBehindPage,
  serviceFigures,
  serviceFiguresKey,
  type RequestsBehindOptions,
  type ServiceFigures,
} from "./service-figures.server";

const ROLE = "rdc-dashboard-figures";

export type FiguresJob =
  | { kind: "centre-figures"; options: { asOf: string; today: string; interval: Interval } }
  | { kind: "service-figures"; options: { period: { from: string; to: string }; today: string } }
  | { kind: "workbook"; tables: ExportTable[]; interval: Interval; locale: "zh-CN" | "en" }
  | { kind: "centre-export"; search: string; locale: Locale; format: CentreExportFormat }
  | { kind: "centre-stats"; asOf: string; by: Dimension; today: string }
  | { kind: "answer-figures"; period: { from: string; to: string }; today: string }
  | { kind: "requests-behind-order"; options: RequestsBehindOptions }
  | { kind: "centres-behind"; options: CentresBehindOptions }
  | { kind: "steward-work"; steward: { id: string }; viewer: WorkViewer; rows: WorkPageRows }
  | { kind: "daily-digest"; now: string };

/** What each kind of job answers. */
type Answers = {
  "centre-figures": CentreFigures;
  "service-figures": ServiceFigures;
  workbook: Uint8Array<ArrayBuffer>;
  "centre-export": CentreExportFile;
  "centre-stats": CentreStats;
  "answer-figures": AnswerFigures;
  "requests-behind-order": string[];
  "centres-behind": CentresBehind;
  "steward-work": StewardWorkPage;
  "daily-digest": DigestRun | null;
};
type Answer<J extends FiguresJob> = Answers[J["kind"]];

type CentreStats = ReturnType<typeof centreStats>;
type RequestsBehind = ReturnType<typeof requestsBehind>;
type CentresBehindOptions = { asOf: string; today: string; drill: DrillDown; page?: number };
type CentresBehind = ReturnType<typeof centresBehind>;
type WorkViewer = Parameters<typeof stewardWorkPage>[1];

/**
 * SQLite's page cache of the worker's connection, KB (16 MB by default, per connection): its
 * jobs read each page once (every centre event, a year's requests), so a large cache only holds
 * memory while the worker lives.
 */
const WORKER_PAGE_CACHE_KB = 4_096;
let pageCacheSet = false;

/** What a job computes: the same functions the request thread would call, on the app's database (the worker's connection). */
async function runJob(job: FiguresJob): Promise<unknown> {
  if (!pageCacheSet) {
    appDatabase.$client.pragma(`cache_size = -${WORKER_PAGE_CACHE_KB}`);
    pageCacheSet = true;
  }
  switch (job.kind) {
    case "centre-figures":
      return centreFigures(job.options);
    case "service-figures":
      return serviceFigures(job.options);
    case "workbook":
      return exportWorkbook(job.tables, job.interval, job.locale);
    case "centre-export":
      return centreExportFile(job.search, job.locale, job.format);
    case "centre-stats":
      return centreStats(job.asOf, job.by, job.today);
    case "answer-figures":
      return answerFigures(job.period, job.today);
    case "requests-behind-order":
      return requestsBehindOrder(job.options);
    case "centres-behind":
      return centresBehind(job.options);
    case "steward-work":
      return stewardWorkPage(job.steward, job.viewer, job.rows);
    case "daily-digest":
      return enqueueDailyDigests(new Date(job.now), { progress: digestProgressLog() });
  }
}

/** A worker without jobs for this long ends (the next recomputation or workbook starts another). */
const IDLE_MS = 10_000;

const worker = jobWorker<FiguresJob>({
  role: ROLE,
  name: "Dashboard figures worker",
  work: runJob,
  idleMs: IDLE_MS,
  // Its jobs allocate fast: an 8 MB young generation instead of up to 48 MB (20 MB less heap after a scale-1 recomputation).
  youngGenerationMb: 8,
  // After a recomputation at scale (100–160 MB of heap at 30,000 centres) it ends a second after
  // its last job instead of ten, taking that heap with it (issue 14, goal 5).
  heavy: { heapMb: 64, idleMs: 1000 },
});

/**
 * Starts the worker (once per process; FIGURES_WORKER=false leaves the work on the request
 * thread). `entry` is the module the worker runs: by default this one's, i.e. the server build,
 * which answers jobs when it finds itself on the worker.
 */
export function startFiguresWorker(entry: URL = new URL(import.meta.url)) {
  if (env.FIGURES_WORKER) worker.start(entry);
}

/** Stops the worker (tests); later jobs are computed in place until it is started again. */
export function stopFiguresWorker() {
  return worker.stop();
}

/** Whether the worker thread exists now (tests, the bench). */
export function figuresWorkerRunning() {
  return worker.running();
}

/** How many jobs the figures worker has answered in this process (tests: where a job ran). */
export function figuresJobsAnswered() {
  return worker.answered();
}

/**
 * Runs `job` on the worker, or returns null when there is none (the caller computes in place).
 * A worker that stopped is started again for the next job.
 */
export function runFiguresJob<J extends FiguresJob>(job: J): Promise<Answer<J>> | null {
  return worker.run(job) as Promise<Answer<J>> | null;
}

/* ------------------------------------------------------------------ the off-thread entry points */

/** centreFigures, computed on the worker when there is one (same cache, same values). */
export function centreFiguresOffThread(options: { asOf: string; today: string; interval: Interval }): Promise<CentreFigures> {
  if (!worker.started()) return Promise.resolve(centreFigures(options));
  return cachedFiguresAsync(appDatabase, CENTRE_FIGURES_CACHE, centreFiguresKey(options), () =>
    runFiguresJob({ kind: "centre-figures", options })!,
  );
}

/** serviceFigures with the app's calendar, computed on the worker when there is one. */
export function serviceFiguresOffThread(options: {
  period: { from: string; to: string };
  today: string;
}): Promise<ServiceFigures> {
  if (!worker.started()) return Promise.resolve(serviceFigures(options));
  return cachedFiguresAsync(appDatabase, SERVICE_FIGURES_CACHE, serviceFiguresKey(options), () =>
    runFiguresJob({ kind: "service-figures", options })!,
  );
}

/**
 * centreStats (the statistics API), counted on the worker when there is one: counting reads every
 * centre event, and what it counts from (every centre's status, about 50 MB at 30,000 centres)
 * then stays on the worker's heap, which ends when idle, while the request thread keeps the answer.
 */
export function centreStatsOffThread(asOf: string, by: Dimension, today: string): Promise<CentreStats> {
  if (!worker.started()) return Promise.resolve(centreStats(asOf, by, today));
  return cachedFiguresAsync(appDatabase, CENTRE_STATS_CACHE, centreStatsKey(asOf, by, today), () =>
    runFiguresJob({ kind: "centre-stats", asOf, by, today })!,
  );
}

/**
 * answerFigures (the policy library's figures on the dashboard), counted on the worker when there
 * is one: after a write they read a year of requests and their answer links (70 ms of CPU at scale
 * 1, 400 ms of the request thread on the loaded 2-core machine, issue 14).
 */
export function answerFiguresOffThread(period: { from: string; to: string }, today: string): Promise<AnswerFigures> {
  if (!worker.started()) return Promise.resolve(answerFigures(period, today));
  return cachedFiguresAsync(appDatabase, ANSWER_FIGURES_CACHE, answerFiguresKey(period, today), () =>
    runFiguresJob({ kind: "answer-figures", period, today })!,
  );
}

/**
 * A page of the requests behind a service number (requestsBehind). The list's order is found on
 * the worker when there is one (it reads and groups every request of the period: about 0.9 s of
 * CPU for a year at scale 1, issue 14) and kept here, on the request thread, while no request
 * changes; each page then reads only its own requests.
 */
export async function requestsBehindOffThread(options: RequestsBehindOptions): Promise<RequestsBehind> {
  if (!worker.started()) return requestsBehind(options);
  const ids = await cachedFiguresAsync(appDatabase, REQUESTS_BEHIND_CACHE, requestsBehindKey(options), () =>
    runFiguresJob({ kind: "requests-behind-order", options })!,
  );
  return requestsBehindPage(ids, options);
}

/**
 * A page of the centres behind a dashboard number (centresBehind), found on the worker when there
 * is one: it counts every centre's status as of the date and names every match to sort them
 * (0.7 s of the request thread at scale 1 before the counting data was cached, issue 14).
 */
export function centresBehindOffThread(options: CentresBehindOptions): Promise<CentresBehind> {
  return runFiguresJob({ kind: "centres-behind", options }) ?? Promise.resolve(centresBehind(options));
}

/**
 * A steward's work page (stewardWorkPage), computed on the worker when there is one and the
 * steward has more than `inPlaceMax` centres (WORK_IN_PLACE_CENTRES): a steward who imported a
 * registry leads all of it, and reading and sorting 30,000 centres held the event loop 230–300 ms
 * (issue 14). Only the rows the page shows come back.
 */
export function stewardWorkOffThread(
  steward: { id: string },
  viewer: WorkViewer,
  rows: WorkPageRows,
  inPlaceMax = WORK_IN_PLACE_CENTRES,
): Promise<StewardWorkPage> {
  const inPlace = () => Promise.resolve(stewardWorkPage(steward, viewer, rows));
  if (stewardCentreLoad(steward.id) <= inPlaceMax) return inPlace();
  return (
    runFiguresJob({ kind: "steward-work", steward: { id: steward.id }, viewer: { id: viewer.id, role: viewer.role }, rows }) ??
    inPlace()
  );
}

/** exportWorkbook, built on the worker when there is one. */
export function exportWorkbookOffThread(
  tables: ExportTable[],
  interval: Interval,
  locale: "zh-CN" | "en",
): Promise<Uint8Array<ArrayBuffer>> {
  return runFiguresJob({ kind: "workbook", tables, interval, locale }) ?? exportWorkbook(tables, interval, locale);
}

/**
 * The daily digest (enqueueDailyDigests), queued from the worker when there is one: its first run
 * of the day at scale 1 takes seconds of SQL and text (a few ms per steward, 317 stewards), which
 * in slices on the request thread still made every other request wait a slice per turn of its
 * event loop (issue 14). On the worker's own connection it writes the same rows, once.
 */
export function dailyDigestsOffThread(now: Date): Promise<DigestRun | null> {
  return (
    runFiguresJob({ kind: "daily-digest", now: now.toISOString() }) ?? enqueueDailyDigests(now, { progress: digestProgressLog() })
  );
}

/** centreExportFile (the centre list as CSV or Excel), made on the worker when there is one. */
export function centreExportOffThread(search: string, locale: Locale, format: CentreExportFormat): Promise<CentreExportFile> {
  return runFiguresJob({ kind: "centre-export", search, locale, format }) ?? centreExportFile(search, locale, format);
}
