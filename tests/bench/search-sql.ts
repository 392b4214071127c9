/**
 * Measures the SQL time of searches on a bench database (tests/bench/seed.ts):
 *   npx tsx tests/bench/search-sql.ts --scale 0.1 [--file /tmp/x.db] [--reuse]
 * Prints the median and worst of several runs per query (the model's SQL only, no rendering).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { scale: { type: "string", default: "0.1" }, file: { type: "string" }, reuse: { type: "boolean", default: false } },
});
const scale = Number(values.scale);
const file = path.resolve(values.file ?? `bench-results/search-${scale}.db`);
if (!values.reuse || !fs.existsSync(file)) {
  // The seed imports app modules, which open the app's database handle on DATABASE_PATH when
  // imported: point it at a scratch file, seed, then measure in a fresh process on the seeded file.
  fs.rmSync(file, { force: true });
  process.env.DATABASE_PATH = path.join(os.tmpdir(), `search-bench-scratch-${process.pid}.db`);
  const { seedBench } = await import("./seed");
  const started = Date.now();
  const summary = await seedBench({ file, scale });
  console.log(
    `seeded scale ${scale}: ${JSON.stringify(summary.counts)} in ${Math.round((Date.now() - started) / 1000)} s, ${Math.round(fs.statSync(file).size / 1e6)} MB`,
  );
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, "--scale", String(scale), "--file", file, "--reuse"],
    { stdio: "inherit" },
  );
  process.exit(child.status ?? 1);
}
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "bench-secret-at-least-16-chars";
const { searchForStaff, requestMatchCondition } = await import("../../app/models/search.server");
const { searchKindsFor } = await import("../../app/domain/search-text");
const { db } = await import("../../app/utils/db.server");
const { sql } = await import("drizzle-orm");

const receipt = db.get<{ r: string }>(sql`select receipt_no as r from support_requests order by rowid desc limit 1`).r;
// Common and rare, long (trigram index) and short (name columns), one that finds nothing.
const queries = [
  "Helix",
  "Genomics",
  "Cloud Ltd",
  "量子",
  "研发中心",
  receipt,
  "quarantine rules",
  "样本",
  "北",
  "罕",
  "q",
  "zzzz-none",
];
// The machine is shared and busy: the minimum and median of 9 runs, after a first (cold) run.
const time = (fn: () => unknown, runs = 9) => {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0]!, median: ms[Math.floor(runs / 2)]! };
};
const rows: string[] = [];
for (const q of queries) {
  let counts = "";
  const staff = time(() => {
    const r = searchForStaff(q, searchKindsFor("steward"));
    counts = [r.centres, r.contacts, r.requests, r.interactions, r.followUps]
      .map((g) => `${g.rows.length}${g.more ? "+" : ""}`)
      .join("/");
  });
  const official = time(() => searchForStaff(q, searchKindsFor("official")));
  // The queue's default view: open requests matching, at most 200.
  const queue = time(() =>
    db.all(
      sql`select id from support_requests where status in ('submitted', 'accepted', 'referred', 'in_progress', 'answered') and ${requestMatchCondition(q)} limit 200`,
    ),
  );
  const queueAll = time(() => db.all(sql`select id from support_requests where ${requestMatchCondition(q)} limit 200`));
  rows.push(
    `| ${q} | ${counts} | ${staff.min.toFixed(1)} / ${staff.median.toFixed(1)} | ${official.min.toFixed(1)} | ${queue.min.toFixed(1)} / ${queueAll.min.toFixed(1)} |`,
  );
}
console.log(
  `${file}: load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log("| query | results c/k/r/i/f | steward search ms min / median | official ms min | /requests q ms min: open / all |");
console.log("|---|---|--:|--:|--:|");
for (const r of rows) console.log(r);
