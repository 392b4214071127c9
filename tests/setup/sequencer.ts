import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, with what they took (seconds, 2-core machine at load 12–17,
 * 30 Nov 2026): each project starts them first, so no long file starts last and runs alone at the
 * end while the other worker idles. Vitest alone orders by its results cache, and where there is
 * none (CI after `npm ci`) by file size, which put the two 3-line phone-crawl files (about 70 s
 * each) last. Only the order matters: update a figure when a file becomes much slower or faster.
 */
export const LONGEST_FILES: Record<string, number> = {
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
  "tests/e2e/bench-smoke.test.ts": 85,
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
export class LongestFirstSequencer extends BaseSequencer {
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
