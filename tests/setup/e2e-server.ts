import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    e2eDatabase: string;
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

/** Starts the production build on a fresh seeded database, as `npm start` does. */
export default async function setup(project: TestProject) {
  const serverBuild = path.join(process.env.BUILD_DIR ?? "build", "index.js");
  if (!fs.existsSync(serverBuild)) throw new Error(`No build at ${serverBuild}: run \`npm run build\` first (npm test does).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-e2e-"));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_PATH: path.join(dir, "e2e.db"),
    SESSION_SECRET: "e2e-secret-at-least-16-characters",
    DEMO_MODE: "true",
    // As in production behind one nginx (tests/e2e/nginx.test.ts puts deploy/nginx in front).
    TRUST_PROXY: "1",
    PORT: String(await freePort()),
  };
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "db/prepare.ts"], { env, encoding: "utf8" });
  if (prepared.status !== 0) throw new Error(`db/prepare.ts failed:\n${prepared.stderr}`);

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
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide("baseURL", baseURL);
  project.provide("e2eDatabase", env.DATABASE_PATH);
  return async () => {
    server.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
