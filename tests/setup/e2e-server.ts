import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { hasChromium, missingChromium } from "./chromium";

/** One production server of the pool, on its own copy of the seeded database. */
export type E2eServer = { baseURL: string; database: string };

declare module "vitest" {
  export interface ProvidedContext {
    /** The first server's address (`baseURL()` in tests/e2e/browser.ts picks the worker's own). */
    baseURL: string;
    /** The first server's database file (`e2eDatabase()` in tests/e2e/browser.ts picks the worker's own). */
    e2eDatabase: string;
    /** One server per worker of the project: worker n (VITEST_POOL_ID) uses e2eServers[n - 1]. */
    e2eServers: E2eServer[];
    /** Written when the servers could not be started, with the reason (read by waitForOwnServer). */
    e2eFailure: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The servers' SESSION_SECRET: tests/e2e/browser.ts signs session cookies with it (`signInWithSession`). */
export const E2E_SESSION_SECRET = "e2e-secret-at-least-16-characters";
const serverEnv = (database: string, port: number) => ({
  ...process.env,
  NODE_ENV: "production" as const,
  DATABASE_PATH: database,
  SESSION_SECRET: E2E_SESSION_SECRET,
  DEMO_MODE: "true",
  // As in production behind one nginx (tests/e2e/nginx.test.ts puts deploy/nginx in front).
  TRUST_PROXY: "1",
  PORT: String(port),
});

/** A child process to its end, with its output. */
function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (status) => resolve({ status, output }));
  });
}

// The seeded demo database, made once per run and copied for every server (of both projects,
// whose setups may load this module apart: hence a global of the process).
const shared = globalThis as { rdcE2eTemplate?: Promise<string> };
function demoTemplate() {
  shared.rdcE2eTemplate ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-e2e-template-"));
    const file = path.join(dir, "template.db");
    const prepared = await run(["--import", "tsx", "db/prepare.ts"], serverEnv(file, 1));
    if (prepared.status !== 0) throw new Error(`db/prepare.ts failed:\n${prepared.output}`);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return file;
  })();
  return shared.rdcE2eTemplate;
}

/** `npm start` on a database file: the production build, until it answers /healthz. */
async function startServer(server: E2eServer, running: ChildProcess[]) {
  const port = Number(new URL(server.baseURL).port);
  const child = spawn(process.execPath, ["server.js"], {
    env: serverEnv(server.database, port),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${server.baseURL}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `count` production servers as `npm start` does, each on its own copy of the seeded demo
 * database. It returns at once, so the unit tests start meanwhile; each test file waits for its
 * own server first (tests/setup/e2e-ready.ts).
 */
export async function startE2eServers(project: TestProject, count: number) {
  const serverBuild = path.join(process.env.BUILD_DIR ?? "build", "index.js");
  if (!fs.existsSync(serverBuild)) throw new Error(`No build at ${serverBuild}: run \`npm run build\` first (npm test does).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-e2e-"));
  const failure = path.join(dir, "failure.txt");
  const servers: E2eServer[] = [];
  for (let i = 1; i <= count; i++) {
    // Each server in a folder of its own: its database and, beside it, its attachments.
    servers.push({ baseURL: `http://localhost:${await freePort()}`, database: path.join(dir, `server-${i}`, "e2e.db") });
  }
  const running: ChildProcess[] = [];
  const started = (async () => {
    const file = await demoTemplate();
    await Promise.all(
      servers.map(async (server) => {
        fs.mkdirSync(path.dirname(server.database));
        fs.copyFileSync(file, server.database);
        await startServer(server, running);
      }),
    );
  })().catch((error: unknown) => fs.writeFileSync(failure, String(error instanceof Error ? error.message : error)));
  project.provide("e2eServers", servers);
  project.provide("baseURL", servers[0]!.baseURL);
  project.provide("e2eDatabase", servers[0]!.database);
  project.provide("e2eFailure", failure);
  return async () => {
    await started;
    for (const server of running) server.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** The browser tests' pool: one server per worker, so two files run at once, each on its own data. */
export default function setup(project: TestProject) {
  // Without Chromium, one error before any test (as `npm test`'s pretest gives), not every browser test failing.
  if (!hasChromium()) throw new Error(missingChromium());
  return startE2eServers(project, Math.max(1, Number(project.config.maxWorkers) || 1));
}
