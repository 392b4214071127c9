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
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-worker-db.ts", "tests/setup/fail-on-console-error.ts"],
          environment: "node",
          // Each file has its own database copy: two at once on the two-core machine (vitest's
          // default there is one).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
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
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
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
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
