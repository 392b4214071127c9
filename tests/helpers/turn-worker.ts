import { jobWorker, serverTurn } from "~/utils/job-worker.server";

/**
 * A job worker whose job waits for the request thread's turn (serverTurn), for
 * tests/integration/job-worker-turn.test.ts. Loaded on the worker as the test's entry module.
 */
export const turnWorker = jobWorker<{ maxMs: number }>({
  role: "rdc-test-turn",
  name: "The turn test worker",
  work: async ({ maxMs }) => {
    await serverTurn(maxMs);
    return "turned";
  },
});
