import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// A database file per test file and worker, copied from the migrated template before any app module loads.
const template = inject("templateDb");
const file = path.join(path.dirname(template), `worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}-${Date.now()}.db`);
fs.copyFileSync(template, file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "test-secret-at-least-16-chars";
process.env.DEMO_MODE = "true";
