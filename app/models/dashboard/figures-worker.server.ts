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
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Interval } from "~/schemas/dashboard-params";
import { env } from "~/utils/env.server";
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

/* ------------------------------------------------------------------ the request thread's side */

const state = { worker: null as Worker | null, entry: null as URL | null, nextId: 0 };
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function spawn(entry: URL) {
  const worker = new Worker(entry, { workerData: { role: ROLE } });
  // A worker waiting for jobs does not keep the process alive.
  worker.unref();
  worker.on("message", (message: { id: number; value?: unknown; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (message.error === undefined) job.resolve(message.value);
    else job.reject(new Error(`Dashboard figures worker: ${message.error}`));
  });
  const fail = (error: Error) => {
    if (state.worker !== worker) return;
    state.worker = null;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on("error", (error) => {
    console.error("Dashboard figures worker stopped:", error);
    fail(error);
  });
  worker.on("exit", (code) => fail(new Error(`Dashboard figures worker exited with code ${code}`)));
  state.worker = worker;
  return worker;
}

/**
 * Starts the worker (once per process; FIGURES_WORKER=false leaves the work on the request
 * thread). `entry` is the module the worker runs: by default this one's, i.e. the server build,
 * which answers jobs when it finds itself on the worker.
 */
export function startFiguresWorker(entry: URL = new URL(import.meta.url)) {
  if (!isMainThread || state.entry || !env.FIGURES_WORKER) return;
  state.entry = entry;
  spawn(entry);
}

/** Stops the worker (tests); later jobs are computed in place until it is started again. */
export async function stopFiguresWorker() {
  const worker = state.worker;
  state.worker = null;
  state.entry = null;
  if (worker) await worker.terminate();
}

/**
 * Runs `job` on the worker, or returns null when there is none (the caller computes in place).
 * A worker that stopped is started again for the next job.
 */
export function runFiguresJob<J extends FiguresJob>(job: J): Promise<Answer<J>> | null {
  if (!state.entry) return null;
  const worker = state.worker ?? spawn(state.entry);
  const id = ++state.nextId;
  return new Promise<Answer<J>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    worker.postMessage({ id, job });
  });
}

/* ------------------------------------------------------------------ the off-thread entry points */

/** centreFigures, computed on the worker when there is one (same cache, same values). */
export function centreFiguresOffThread(options: { asOf: string; today: string; interval: Interval }): Promise<CentreFigures> {
  if (!state.entry) return Promise.resolve(centreFigures(options));
  return cachedFiguresAsync(appDatabase, CENTRE_FIGURES_CACHE, centreFiguresKey(options), () =>
    runFiguresJob({ kind: "centre-figures", options })!,
  );
}

/** serviceFigures with the app's calendar, computed on the worker when there is one. */
export function serviceFiguresOffThread(options: {
  period: { from: string; to: string };
  today: string;
}): Promise<ServiceFigures> {
  if (!state.entry) return Promise.resolve(serviceFigures(options));
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

/* ------------------------------------------------------------------ the worker's side */

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  parentPort!.on("message", (message: { id: number; job: FiguresJob }) => {
    runJob(message.job).then(
      (value) => parentPort!.postMessage({ id: message.id, value }),
      (error: unknown) => parentPort!.postMessage({ id: message.id, error: String(error) }),
    );
  });
}
