/**
 * A job worker for tests/integration/job-worker.test.ts: answers each job with its number doubled
 * and the thread that ran it; with `bytes`, also that many bytes counting up from the number (a
 * file's bytes, handed over to the request thread rather than copied).
 */
import { threadId } from "node:worker_threads";
import { jobWorker } from "~/utils/job-worker.server";

export const ECHO_IDLE_MS = 50;

export const echoBytes = (n: number, length: number) => Uint8Array.from({ length }, (_, i) => (n + i) % 256);

export const echoWorker = jobWorker<{ n: number; bytes?: number }>({
  role: "rdc-test-echo",
  name: "The echo worker",
  work: async (job) => ({
    doubled: job.n * 2,
    threadId,
    ...(job.bytes === undefined ? {} : { bytes: echoBytes(job.n, job.bytes) }),
  }),
  idleMs: ECHO_IDLE_MS,
});
