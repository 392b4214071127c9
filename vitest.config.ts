import { configDefaults, defineConfig } from "vitest/config";
// eslint-disable-next-line no-restricted-imports -- the test runner's own config, not app code
import { LongestFirstSequencer } from "./tests/setup/sequencer";

/**
 * The smoke runs of the crash and two-process tests, the restore drill and the hostile HTTP run:
 * each starts servers of its own (the hostile run has the heavy project's one server to itself)
 * and loads them hard. They are a project of their own (`npm run test:heavy`), still part of
 * `npm test`, run after the browser tests, two at a time: no browser test beside any of them.
 */
const HEAVY = [
  "tests/e2e/crash.test.ts",
  "tests/e2e/two-processes.test.ts",
  "tests/e2e/restore.test.ts",
  "tests/e2e/hostile-http.test.ts",
];
/** The bench smoke measures CPU ratios and event-loop delays: last, alone, in a project of its own. */
const BENCH = ["tests/e2e/bench-smoke.test.ts"];

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    // Two files at a time (vitest's default on two cores is one): each unit file has its own
    // database copy, each browser worker its own server, each heavy run its own servers. In CI
    // too (`.ci/run` sets CI=true): the heavy smoke runs, which starved browser tests beside them,
    // run after them, and the bench alone at the end. On a machine already busy with other work,
    // `TEST_WORKERS=1 npm test` runs one file at a time.
    maxWorkers: Math.max(1, Number(process.env.TEST_WORKERS) || 2),
    // Each project's longest files first (tests/setup/sequencer.ts), so none starts last alone.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-worker-db.ts", "tests/setup/fail-on-console-error.ts"],
          environment: "node",
          // Twice vitest's 5 s and more: the longest property and seed tests take 3 s on an idle
          // machine and passed 5 s on a loaded one; a hang still fails.
          testTimeout: 15_000,
          // First (vitest puts a one-worker project of group 0 last).
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...HEAVY, ...BENCH],
          // One production server per worker, each on its own copy of the demo database; the
          // files of one worker run one after another against their server.
          globalSetup: ["tests/setup/e2e-server.ts"],
          setupFiles: ["tests/setup/fail-on-console-error.ts", "tests/setup/e2e-ready.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: "heavy",
          include: HEAVY,
          globalSetup: ["tests/setup/heavy-server.ts"],
          setupFiles: ["tests/setup/fail-on-console-error.ts", "tests/setup/e2e-ready.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // After the browser tests, two at a time (TEST_WORKERS=1: one).
          sequence: { groupOrder: 3 },
        },
      },
      {
        extends: true,
        test: {
          name: "bench",
          include: BENCH,
          setupFiles: ["tests/setup/fail-on-console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Last, alone.
          maxWorkers: 1,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
