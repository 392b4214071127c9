import fs from "node:fs";
import path from "node:path";
import { inject, vi } from "vitest";

// Each test file starts as in a process of its own, though the unit project's files share their
// worker (not isolated, vitest.config.ts: the packages under node_modules load once per worker
// instead of once per file, which was over half the project's CPU): the environment as the worker
// started, real timers, and the app's modules loaded anew, so that the app's database client
// opens this file's own copy of the database below.
const shared = globalThis as { rdcStartEnv?: NodeJS.ProcessEnv; rdcFiles?: number };
shared.rdcStartEnv ??= { ...process.env };
for (const key of Object.keys(process.env)) if (!(key in shared.rdcStartEnv)) delete process.env[key];
Object.assign(process.env, shared.rdcStartEnv);
vi.useRealTimers();
// What the app keeps on globalThis to outlive dev rebuilds (app/utils/db.server.ts,
// outbox-worker.server.ts) also outlives a module reset: the last file's handle and timer end here.
const app = globalThis as { __rdcDb?: { $client: { close(): void } }; __rdcOutboxWorker?: { stop(): void } };
app.__rdcOutboxWorker?.stop();
app.__rdcDb?.$client.close();
delete app.__rdcDb;
vi.resetModules();

// A database file per test file and worker, copied from the migrated template before any app module loads.
const template = inject("templateDb");
shared.rdcFiles = (shared.rdcFiles ?? 0) + 1;
const file = path.join(
  path.dirname(template),
  `worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}-${shared.rdcFiles}.db`,
);
fs.copyFileSync(template, file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "test-secret-at-least-16-chars";
process.env.DEMO_MODE = "true";
