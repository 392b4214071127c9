import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

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

const SESSION_SECRET = "e2e-secret-at-least-16-characters";

/** `npm start` on a database file: the production build, answering /healthz. */
async function startServer(database: string) {
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_PATH: database,
    SESSION_SECRET,
    DEMO_MODE: "true",
    // As in production behind one nginx (tests/e2e/nginx.test.ts puts deploy/nginx in front).
    TRUST_PROXY: "1",
    PORT: String(await freePort()),
  };
  const server: ChildProcess = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const baseURL = `http://localhost:${env.PORT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`Server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server, baseURL };
}

/**
 * Starts the production build as `npm start` does, once per worker of the project: the demo
 * database is seeded once and copied, so each worker's files run one after another against their
 * own server and data (as all of them did against one server before), and two workers run at once.
 */
export default async function setup(project: TestProject) {
  const serverBuild = path.join(process.env.BUILD_DIR ?? "build", "index.js");
  if (!fs.existsSync(serverBuild)) throw new Error(`No build at ${serverBuild}: run \`npm run build\` first (npm test does).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-e2e-"));
  const template = path.join(dir, "template.db");
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "db/prepare.ts"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: template, SESSION_SECRET, DEMO_MODE: "true" },
    encoding: "utf8",
  });
  if (prepared.status !== 0) throw new Error(`db/prepare.ts failed:\n${prepared.stderr}`);

  const count = Math.max(1, Number(project.config.maxWorkers) || 1);
  const running: ChildProcess[] = [];
  const stop = () => {
    for (const server of running) server.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const servers = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        // Each server in a folder of its own: its database and, beside it, its attachments.
        const database = path.join(dir, `server-${i + 1}`, "e2e.db");
        fs.mkdirSync(path.dirname(database));
        fs.copyFileSync(template, database);
        const { server, baseURL } = await startServer(database);
        running.push(server);
        return { baseURL, database };
      }),
    );
    project.provide("e2eServers", servers);
    project.provide("baseURL", servers[0]!.baseURL);
    project.provide("e2eDatabase", servers[0]!.database);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
