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

/** Memory a job of the heavy echo worker keeps until its next job (so its heap is still that large when it answers). */
let held: number[][] = [];

/**
 * A worker that waits a minute before ending when idle, unless a job left its heap at 32 MB or
 * more: then it ends 50 ms after its last job. `holdMb` makes a job allocate about that much.
 */
export const heavyEchoWorker = jobWorker<{ n: number; holdMb?: number }>({
  role: "rdc-test-heavy-echo",
  name: "The heavy echo worker",
  work: async (job) => {
    // 131,072 small numbers take 1 MB of heap (8 bytes each).
    held = Array.from({ length: job.holdMb ?? 0 }, () => new Array<number>(131_072).fill(job.n));
    return { doubled: job.n * 2, threadId, heldMb: held.length };
  },
  idleMs: 60_000,
  heavy: { heapMb: 32, idleMs: 50 },
});
