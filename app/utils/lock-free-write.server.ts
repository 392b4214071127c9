import { setTimeout as sleep } from "node:timers/promises";
import { BUSY_TIMEOUT_MS } from "../../db/client.server";
import { db, type Db } from "./db.server";

/**
 * Background writes on the request thread (housekeeping, the outbox) that must not hold its event
 * loop while another connection has the database's write lock: the import worker commits in
 * chunks of about 100 ms, and SQLite's busy handler waits for the lock inside the call, so a
 * write that finds it taken holds every other request until the chunk ends (100–200 ms, issue 14,
 * goal 2). A page's own writes wait as before: the user is waiting for them anyway.
 */

export type Tried<T> = { ok: true; value: T } | { ok: false };

/** Runs `write` now if the write lock is free, without waiting for it; `{ ok: false }` (nothing written) if not. */
export function tryWriteNow<T>(write: () => T, conn: Db = db): Tried<T> {
  const sqlite = conn.$client;
  const waits = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma("busy_timeout = 0");
  try {
    return { ok: true, value: write() };
  } catch (error) {
    if (isBusy(error)) return { ok: false };
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${waits}`);
  }
}

/**
 * Runs `write` as soon as the write lock is free, letting the event loop turn between tries
 * (`retryMs` apart). After the busy timeout it writes as any write does: waiting for the lock
 * inside the call, then failing as a locked write fails.
 */
export async function writeWhenLockFree<T>(write: () => T, { retryMs = 10, conn = db }: { retryMs?: number; conn?: Db } = {}) {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    const tried = tryWriteNow(write, conn);
    if (tried.ok) return tried.value;
    if (Date.now() >= until) return write();
    await sleep(retryMs);
  }
}

function isBusy(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
