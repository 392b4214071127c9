/**
 * The centre import's check and commit on a worker thread with its own database connection, so
 * the request thread is never held by them (issue 14: a 50,000-row import while others work).
 * WAL lets the request thread read while the worker writes; the worker writes in short chunks
 * and leaves the write lock free between them (centre-import-job.server.ts).
 *
 * server.js starts it through the build (`startImportWorker`), as the dashboard's figures worker:
 * the worker thread loads the same module (the server build) and runs the jobs posted to it.
 * It is spawned with the first import and ends when it has had nothing to do for IDLE_MS, so an
 * idle server does not keep a second copy of the app in memory. Without a started worker (tests,
 * scripts) `runOnImportWorker` returns null and the caller runs the job in place.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { runImportWork, type ImportJobWork, type ImportWorkResult } from "./centre-import-job.server";

const ROLE = "rdc-centre-import";
/** A worker without jobs for this long ends (the next import starts another). */
const IDLE_MS = 60_000;

/* ------------------------------------------------------------------ the request thread's side */

const state = {
  entry: null as URL | null,
  worker: null as Worker | null,
  idle: null as NodeJS.Timeout | null,
  nextId: 0,
};
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function spawn(entry: URL): Worker {
  const worker = new Worker(entry, { workerData: { role: ROLE } });
  // The server's listener keeps the process alive, not an import (an interrupted one resumes).
  worker.unref();
  worker.on("message", (message: { id: number; value?: unknown; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (message.error === undefined) job.resolve(message.value);
    else job.reject(new Error(message.error));
    if (pending.size === 0) idleLater(worker);
  });
  const fail = (error: Error) => {
    if (state.worker !== worker) return;
    state.worker = null;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on("error", (error) => {
    console.error("Centre import worker stopped:", error);
    fail(error);
  });
  worker.on("exit", (code) => fail(new Error(`The centre import worker exited with code ${code}`)));
  state.worker = worker;
  return worker;
}

function idleLater(worker: Worker) {
  if (state.idle) clearTimeout(state.idle);
  state.idle = setTimeout(() => {
    if (state.worker !== worker || pending.size > 0) return;
    state.worker = null;
    void worker.terminate();
  }, IDLE_MS);
  state.idle.unref();
}

/**
 * Lets imports run on a worker thread (once per process). `entry` is the module the worker loads:
 * by default this one's, i.e. the server build, which runs jobs when it finds itself on the worker.
 */
export function startImportWorker(entry: URL = new URL(import.meta.url)) {
  if (!isMainThread || state.entry) return;
  state.entry = entry;
}

/** Stops the worker (tests); later jobs run in place until it is started again. */
export async function stopImportWorker() {
  const worker = state.worker;
  state.worker = null;
  state.entry = null;
  if (state.idle) clearTimeout(state.idle);
  if (worker) await worker.terminate();
}

/**
 * Runs `work` on the worker (started when needed), or returns null when there is none (run it in
 * place). An uploaded file's bytes are handed over, not copied.
 */
export function runOnImportWorker<W extends ImportJobWork>(work: W): Promise<ImportWorkResult<W>> | null {
  if (!state.entry) return null;
  const worker = state.worker ?? spawn(state.entry);
  if (state.idle) clearTimeout(state.idle);
  const id = ++state.nextId;
  const bytes = work.kind === "read" ? work.bytes : null;
  const transfer =
    bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
      ? [bytes.buffer]
      : [];
  return new Promise<ImportWorkResult<W>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    worker.postMessage({ id, work }, transfer);
  });
}

/* ------------------------------------------------------------------ the worker's side */

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  parentPort!.on("message", (message: { id: number; work: ImportJobWork }) => {
    runImportWork(message.work).then(
      (value) => parentPort!.postMessage({ id: message.id, value }),
      (error: unknown) =>
        parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
