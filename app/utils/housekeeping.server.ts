import { sql } from "drizzle-orm";
import { db } from "./db.server";
import { tryWriteNow } from "./lock-free-write.server";
import { pruneLoginAttempts } from "./rate-limit.server";
import { pruneExpiredSessions } from "./session.server";

/** Rate-limit hits are kept this long (longer than any window that reads them: the longest is 1 hour). */
export const RATE_LIMIT_HITS_KEPT_MS = 24 * 60 * 60_000;
/** Each table loses at most this many rows per run, so a run is always a few milliseconds. */
export const PRUNE_BATCH = 500;
const MIN_INTERVAL_MS = 60_000;
let lastRun = 0;

/**
 * Deletes expired sessions, sign-in failures older than their window and old rate-limit hits,
 * a bounded batch of each (index-led deletes). Cheap enough to call on every sign-in and from
 * the outbox worker's timer; runs at most once a minute per process unless `force`d. A backlog
 * (e.g. after an upgrade) drains a batch per run. It never waits for the write lock (an import
 * committing holds it most of the time, and the wait would hold the request thread): when the
 * lock is taken it deletes nothing and answers null, and the next call tries again.
 */
export function pruneStaleRows({ now = Date.now(), force = false } = {}) {
  if (!force && now - lastRun < MIN_INTERVAL_MS) return null;
  const pruned = tryWriteNow(() =>
    db.transaction(() => ({
      sessions: pruneExpiredSessions(now, PRUNE_BATCH),
      loginAttempts: pruneLoginAttempts(now, PRUNE_BATCH),
      rateLimitHits: db.run(
        sql`delete from rate_limit_hits where id in (select id from rate_limit_hits where at < ${now - RATE_LIMIT_HITS_KEPT_MS} limit ${PRUNE_BATCH})`,
      ).changes,
    })),
  );
  if (!pruned.ok) return null;
  lastRun = now;
  return pruned.value;
}
