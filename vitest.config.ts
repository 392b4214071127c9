import { configDefaults, defineConfig } from "vitest/config";

/**
 * The smoke runs of the bench, the crash and two-process tests, the restore drill and the hostile
 * HTTP run: each starts servers of its own (the hostile run has the heavy project's one server to
 * itself) and loads them hard, so they are a project of their own (`npm run test:heavy`), still
 * part of `npm test`. They run beside the browser tests, one heavy file and one browser file at a
 * time: they wait on their servers more than they use the CPU.
 */
const HEAVY = [
  "tests/e2e/bench-smoke.test.ts",
  "tests/e2e/crash.test.ts",
  "tests/e2e/two-processes.test.ts",
  "tests/e2e/restore.test.ts",
  "tests/e2e/hostile-http.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    // Two files at a time in every project (vitest's default on two cores is one): each unit file
    // has its own database copy, each browser worker its own server. On a machine already busy
    // with other work, `TEST_WORKERS=1 npm test` runs one file at a time, as before.
    // CI (`.ci/run` sets CI=true) runs one file at a time: two browser files beside the heavy smoke
    // runs starved the import's background check on two cores (two failed runs on a fresh clone).
    maxWorkers: Math.max(1, Number(process.env.TEST_WORKERS) || (process.env.CI ? 1 : 2)),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-worker-db.ts", "tests/setup/fail-on-console-error.ts"],
          environment: "node",
          // First (vitest puts a one-worker project of group 0 last).
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...HEAVY],
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
          // The same group as the browser tests (a group shares one pool of workers).
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
