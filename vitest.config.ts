import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

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

/**
 * The files that take longest, with what they took (seconds, 2-core machine at load 12–17,
 * 30 Nov 2026): each project starts them first, so no long file starts last and runs alone at the
 * end while the other worker idles. Vitest alone orders by its results cache, and where there is
 * none (CI after `npm ci`) by file size, which put the two 3-line phone-crawl files (about 70 s
 * each) last. Only the order matters: update a figure when a file becomes much slower or faster.
 */
const LONGEST_FILES: Record<string, number> = {
  // unit
  "tests/integration/backup.test.ts": 17,
  "tests/integration/centre-import-job.test.ts": 10,
  "tests/integration/hostile-input.test.ts": 9,
  "tests/integration/audit-chain.test.ts": 7.5,
  "tests/integration/centre-import.test.ts": 7.4,
  "tests/integration/dashboard.test.ts": 7.3,
  "tests/integration/permission-matrix.test.ts": 7,
  "tests/integration/create-admin.test.ts": 6.4,
  "tests/integration/figures-worker.test.ts": 4.8,
  "tests/unit/working-days.test.ts": 4.7,
  "tests/integration/notifications.test.ts": 4.6,
  "tests/integration/centre-import-worker.test.ts": 4.2,
  // e2e
  "tests/e2e/phone-layout.test.ts": 94,
  "tests/e2e/phone-crawl.zh-CN.test.ts": 73,
  "tests/e2e/phone-crawl.en.test.ts": 58,
  "tests/e2e/sign-in.test.ts": 58,
  "tests/e2e/steward-work.test.ts": 51,
  "tests/e2e/answers.test.ts": 47,
  "tests/e2e/centre-import.test.ts": 45,
  "tests/e2e/pipeline.test.ts": 44,
  "tests/e2e/two-factor.test.ts": 31,
  "tests/e2e/centres.test.ts": 31,
  "tests/e2e/password-reset.test.ts": 26,
  "tests/e2e/server-breaks.test.ts": 24,
  "tests/e2e/invitation.test.ts": 23,
  "tests/e2e/truth.test.ts": 23,
  "tests/e2e/dashboard.test.ts": 20,
  "tests/e2e/notifications.test.ts": 18,
  "tests/e2e/requests.test.ts": 17,
  "tests/e2e/search.test.ts": 16,
  // heavy
  "tests/e2e/bench-smoke.test.ts": 24,
  "tests/e2e/crash.test.ts": 27,
  "tests/e2e/two-processes.test.ts": 20,
  "tests/e2e/restore.test.ts": 15,
  "tests/e2e/hostile-http.test.ts": 12,
};

/**
 * Runs each project's files longest first: by the table above, else by the duration vitest
 * remembers from the last run, else (not in the table and no cache, as in CI) as a short file,
 * after the long ones. Groups (`sequence.groupOrder`) and projects keep vitest's order.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification) => {
      const file = spec.moduleId.startsWith(`${root}/`) ? spec.moduleId.slice(root.length + 1) : spec.moduleId;
      if (file in LONGEST_FILES) return LONGEST_FILES[file]!;
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
      return cached ? cached.duration / 1000 : 0;
    };
    return [...files].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        (a.project.name < b.project.name ? -1 : a.project.name > b.project.name ? 1 : 0) ||
        seconds(b) - seconds(a),
    );
  }
}

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    // Two files at a time (vitest's default on two cores is one): each unit file has its own
    // database copy, each browser worker its own server, each heavy run its own servers. In CI
    // too (`.ci/run` sets CI=true): the heavy smoke runs, which starved browser tests beside them,
    // run after them, and the bench alone at the end. On a machine already busy with other work,
    // `TEST_WORKERS=1 npm test` runs one file at a time.
    maxWorkers: Math.max(1, Number(process.env.TEST_WORKERS) || 2),
    // Each project's longest files first (LongestFirstSequencer above), so none starts last alone.
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
          // The files of a worker share its process (no new process, Node start and package
          // imports for each): tests/setup/per-worker-db.ts gives each file its own database, the
          // app's modules anew and the environment as it was, as a process of its own would.
          isolate: false,
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
          // files of one worker run one after another against their server, in one process with
          // one Chromium (not isolated: no new process, imports and browser for each file).
          globalSetup: ["tests/setup/e2e-server.ts"],
          setupFiles: ["tests/setup/fail-on-console-error.ts", "tests/setup/e2e-ready.ts", "tests/setup/e2e-browser.ts"],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page's answer awaited by polling (a fetcher's save, a toast) may take seconds on a
          // loaded machine: vitest's 1 s failed a save that succeeded (two CI runs at once). A
          // poll still fails when the answer never comes, after 10 s.
          expect: { poll: { timeout: 10_000 } },
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
          // As the browser tests: a polled answer may take seconds on a loaded machine.
          expect: { poll: { timeout: 10_000 } },
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
