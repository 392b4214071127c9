/**
 * The full hostile-input run over HTTP: `npm run test:hostile` (options: --requests N, default
 * 10,000; --seed S). Starts the production build on a fresh seeded database, sends the generated
 * requests, prints the count by status, the slowest /healthz answer and any 5xx, and exits
 * non-zero on a 5xx, a partial write or a failed integrity check.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, newSessionSecret, requireBuild, ROOT, startServer } from "../bench/server";
import { ROUTES_DIR, runHostileHttp } from "./http-fuzz";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "10000" }, seed: { type: "string", default: "20261130" } },
});
const buildDir = requireBuild();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-hostile-"));
const databasePath = path.join(dir, "hostile.db");
const sessionSecret = newSessionSecret();
const env = { ...process.env, DATABASE_PATH: databasePath, SESSION_SECRET: sessionSecret, DEMO_MODE: "true" };
const prepared = spawnSync(process.execPath, ["--import", "tsx", "db/prepare.ts"], { cwd: ROOT, env, encoding: "utf8" });
if (prepared.status !== 0) throw new Error(prepared.stderr);

const server = await startServer({
  databasePath,
  port: await freePort(),
  buildDir,
  sessionSecret,
  env: { OUTBOX_WORKER: "false" },
});
const started = Date.now();
try {
  const result = await runHostileHttp({
    base: server.baseURL,
    databasePath,
    routesDir: ROUTES_DIR,
    requests: Number(values.requests),
    seed: Number(values.seed),
    log: (line) => console.log(line),
  });
  console.log(`\n${result.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`by status: ${JSON.stringify(result.byStatus)}`);
  console.log(`slowest /healthz: ${result.slowestHealthzMs.toFixed(0)} ms`);
  console.log(
    `integrity: ${result.integrity}; foreign-key problems: ${result.foreignKeyProblems}; broken records: ${result.brokenRecords.length}`,
  );
  for (const e of result.serverErrors.slice(0, 50)) console.log(`5xx: ${e.slice(0, 400)}`);
  const errors = [
    ...new Set(
      server
        .output()
        .split("\n")
        .filter((l) => /Error/.test(l) && !/^\s+at /.test(l)),
    ),
  ];
  for (const line of errors.slice(0, 30)) console.log(`server: ${line.slice(0, 300)}`);
  const failed =
    result.serverErrors.length > 0 ||
    result.brokenRecords.length > 0 ||
    result.integrity !== "ok" ||
    result.foreignKeyProblems > 0;
  console.log(failed ? "FAILED" : "passed: no 5xx, no partial write");
  process.exitCode = failed ? 1 : 0;
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
