/** A job worker for tests/integration/job-worker.test.ts: answers each job with its number doubled and the thread that ran it. */
import { threadId } from "node:worker_threads";
import { jobWorker } from "~/utils/job-worker.server";

export const ECHO_IDLE_MS = 50;

export const echoWorker = jobWorker<{ n: number }>({
  role: "rdc-test-echo",
  name: "The echo worker",
  work: async (job) => ({ doubled: job.n * 2, threadId }),
  idleMs: ECHO_IDLE_MS,
});
