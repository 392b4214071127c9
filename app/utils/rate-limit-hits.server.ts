import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { rateLimitHits } from "../../db/schema";
import { db, type Db } from "./db.server";

type Executor = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Sliding-window rate limits for public forms (invitation acceptance, the public request form),
 * kept in the database like the sign-in limits so they survive a restart.
 *
 * Keys name the thing limited and its subject, e.g. `invite:address:203.0.113.7`.
 */
export type RateLimitResult = { allowed: boolean; retryAt: Date | null };

/** The window's hits of a key, oldest first. */
function hitsInWindow(executor: Executor, key: string, windowMs: number, now: number) {
  return executor
    .select({ at: rateLimitHits.at })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), gte(rateLimitHits.at, new Date(now - windowMs))))
    .orderBy(asc(rateLimitHits.at))
    .all();
}

/** When the hit that keeps the count at `limit` leaves the window. */
function retryAtOf(hits: { at: Date }[], limit: number, windowMs: number) {
  return new Date(hits[hits.length - limit]!.at.getTime() + windowMs);
}

/**
 * Counts one attempt against `key`: allowed while fewer than `limit` attempts were counted in
 * the last `windowMs`. A refused attempt is not counted, so a blocked client is let in again
 * exactly at `retryAt` rather than being pushed back by every refused try.
 */
export function hit(key: string, limit: number, windowMs: number, now = Date.now()): RateLimitResult {
  return db.transaction(
    (tx) => {
      tx.delete(rateLimitHits)
        .where(and(eq(rateLimitHits.key, key), lt(rateLimitHits.at, new Date(now - windowMs))))
        .run();
      const hits = hitsInWindow(tx, key, windowMs, now);
      if (hits.length >= limit) return { allowed: false, retryAt: retryAtOf(hits, limit, windowMs) };
      tx.insert(rateLimitHits)
        .values({ key, at: new Date(now) })
        .run();
      return { allowed: true, retryAt: null };
    },
    { behavior: "immediate" },
  );
}

/** Whether an attempt would be allowed now, without counting one. */
export function peek(key: string, limit: number, windowMs: number, now = Date.now()): RateLimitResult {
  const hits = hitsInWindow(db, key, windowMs, now);
  return hits.length >= limit ? { allowed: false, retryAt: retryAtOf(hits, limit, windowMs) } : { allowed: true, retryAt: null };
}

/** Forgets every hit older than `before` (the outbox worker calls this once a day). */
export function pruneRateLimitHits(before: Date) {
  return db.delete(rateLimitHits).where(lt(rateLimitHits.at, before)).run().changes;
}

/** Hits counted for a key in the window (for tests and diagnostics). */
export function countHits(key: string, windowMs: number, now = Date.now()) {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(rateLimitHits)
      .where(and(eq(rateLimitHits.key, key), gte(rateLimitHits.at, new Date(now - windowMs))))
      .get()?.n ?? 0
  );
}

/** Forgets a key's hits (e.g. a successful two-factor code clears the failed ones before it). */
export function clearHits(key: string) {
  db.delete(rateLimitHits).where(eq(rateLimitHits.key, key)).run();
}
