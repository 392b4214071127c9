/**
 * The centre import's check and commit on a worker thread with its own database connection, so
 * the request thread is never held by them (issue 14: a 50,000-row import while others work).
 * WAL lets the request thread read while the worker writes; the worker writes in short chunks
 * and leaves the write lock free between them (centre-import-job.server.ts).
 *
 * server.js starts it through the build (`startImportWorker`), as the dashboard's figures worker:
 * the worker thread loads the same module (the server build) and runs the jobs posted to it.
 * It is spawned when the import page is opened (or with the first import) and ends when it has
 * had nothing to do for IDLE_MS, so an idle server does not keep a second copy of the app in memory. Without a started worker (tests,
 * scripts) `runOnImportWorker` returns null and the caller runs the job in place.
 */
import { jobWorker } from "~/utils/job-worker.server";
import { runImportWork, type ImportJobWork, type ImportWorkResult } from "./centre-import-job.server";

/** A worker without jobs for this long ends (the next import starts another). */
const IDLE_MS = 60_000;

/** A thread that runs import work: ending a minute after its last job, or a second after a large one. */
const importThread = (role: string, name: string) =>
  jobWorker<ImportJobWork>({
    role,
    name,
    work: runImportWork,
    idleMs: IDLE_MS,
    // After checking or committing thousands of rows its heap is large: it ends a second after
    // such a job instead of a minute, taking that memory with it (issue 14, goal 5).
    heavy: { heapMb: 64, idleMs: 1000 },
  });

const worker = importThread("rdc-centre-import", "The centre import worker");

/**
 * The import worker's helper: the second half of a large file's check runs on it, beside the
 * first on the import worker (centre-import.server.ts, `checkImport`). Only ever checks rows
 * (reads), so it never competes for the write lock.
 */
const helper = importThread("rdc-centre-import-helper", "The centre import worker's helper");

/**
 * Lets imports run on a worker thread (once per process). `entry` is the module the worker loads:
 * by default this one's, i.e. the server build, which runs jobs when it finds itself on the worker.
 */
export function startImportWorker(entry: URL = new URL(import.meta.url)) {
  worker.start(entry);
  helper.start(entry);
}

/**
 * Starts the worker while the importer is on the import page (choosing a file, reading the
 * preview), so the upload and the confirmation do not wait for its start (about half a second).
 * After checking a large file the worker ends within a second to give its heap back; a fresh one
 * is started then, ready for the confirmation.
 */
export function warmImportWorker(next: "check" | "commit") {
  worker.warm();
  if (next === "check") helper.warm();
}

/** Whether the worker thread exists now (tests). */
export function importWorkerRunning() {
  return worker.running();
}

/** Stops the worker (tests); later jobs run in place until it is started again. */
export async function stopImportWorker() {
  await Promise.all([worker.stop(), helper.stop()]);
}

/**
 * Runs `work` on the worker (started when needed), or returns null when there is none (run it in
 * place). An uploaded file's bytes are handed over, not copied.
 */
export function runOnImportWorker<W extends ImportJobWork>(work: W): Promise<ImportWorkResult<W>> | null {
  const bytes = work.kind === "read" ? work.bytes : null;
  const transfer =
    bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
      ? [bytes.buffer]
      : [];
  return worker.run(work, transfer) as Promise<ImportWorkResult<W>> | null;
}

/** Runs `work` on the helper (started when needed), or returns null when there is none (run it in place). */
export function runOnImportHelper<W extends ImportJobWork>(work: W): Promise<ImportWorkResult<W>> | null {
  return helper.run(work) as Promise<ImportWorkResult<W>> | null;
}

/** Whether the helper thread exists now (tests). */
export function importHelperRunning() {
  return helper.running();
}

/** How many jobs the import worker and its helper have answered in this process (tests: where work ran). */
export function importJobsAnswered() {
  return { worker: worker.answered(), helper: helper.answered() };
}
