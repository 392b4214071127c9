/**
 * The dashboard's heavy work on a worker thread with its own database connection, so the
 * request thread stays free (issue 14: nothing holds the event loop over 200 ms). Recomputing
 * the figures after a write reads every centre event or a year's requests (about a second at
 * 30,000 centres), and an all-tables workbook is built by exceljs in one synchronous go.
 *
 * server.js starts the worker through the build (`startFiguresWorker`): the worker loads the
 * same module (the server build) and answers jobs. Without a started worker (tests, scripts)
 * `runFiguresJob` returns null and the caller computes in place, as before.
 */
import type { Interval } from "~/schemas/dashboard-params";
import { env } from "~/utils/env.server";
import { jobWorker } from "~/utils/job-worker.server";
import { db as appDatabase } from "~/utils/db.server";
import { cachedFiguresAsync } from "../figures-cache.server";
import { CENTRE_FIGURES_CACHE, centreFigures, centreFiguresKey, type CentreFigures } from "./centre-figures.server";
import { exportWorkbook, type ExportTable } from "./export.server";
import { SERVICE_FIGURES_CACHE, serviceFigures, serviceFiguresKey, type ServiceFigures } from "./service-figures.server";

const ROLE = "rdc-dashboard-figures";

export type FiguresJob =
  | { kind: "centre-figures"; options: { asOf: string; today: string; interval: Interval } }
  | { kind: "service-figures"; options: { period: { from: string; to: string }; today: string } }
  | { kind: "workbook"; tables: ExportTable[]; interval: Interval; locale: "zh-CN" | "en" };

type Answer<J extends FiguresJob> = J extends { kind: "centre-figures" }
  ? CentreFigures
  : J extends { kind: "service-figures" }
    ? ServiceFigures
    : Uint8Array<ArrayBuffer>;

/** What a job computes: the same functions the request thread would call, on the app's database. */
async function runJob(job: FiguresJob): Promise<unknown> {
  switch (job.kind) {
    case "centre-figures":
      return centreFigures(job.options);
    case "service-figures":
      return serviceFigures(job.options);
    case "workbook":
      return exportWorkbook(job.tables, job.interval, job.locale);
  }
}

const worker = jobWorker<FiguresJob>({ role: ROLE, name: "Dashboard figures worker", work: runJob, eager: true });

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

/** exportWorkbook, built on the worker when there is one. */
export function exportWorkbookOffThread(
  tables: ExportTable[],
  interval: Interval,
  locale: "zh-CN" | "en",
): Promise<Uint8Array<ArrayBuffer>> {
  return runFiguresJob({ kind: "workbook", tables, interval, locale }) ?? exportWorkbook(tables, interval, locale);
}
