import fs from "node:fs";
import { inject } from "vitest";

/**
 * This worker's e2e server (tests/setup/e2e-server.ts starts one per worker, each on its own copy
 * of the demo database): worker n uses the n-th, or the first when the project has one.
 */
export function ownE2eServer() {
  const servers = inject("e2eServers") ?? [];
  const own = servers[Number(process.env.VITEST_POOL_ID ?? 1) - 1] ?? servers[0];
  return own ?? { baseURL: inject("baseURL"), database: inject("e2eDatabase") };
}

/** Waits until this worker's server answers /healthz (they start while the unit tests run). */
export async function waitForOwnE2eServer(timeoutMs = 110_000) {
  const { baseURL } = ownE2eServer();
  const failure = inject("e2eFailure");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failure && fs.existsSync(failure)) throw new Error(fs.readFileSync(failure, "utf8"));
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The e2e server at ${baseURL} did not answer /healthz`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
