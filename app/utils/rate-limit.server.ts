import { and, eq, gte, like, sql } from "drizzle-orm";
import { loginAttempts } from "../../db/schema";
import { db } from "./db.server";
import { env } from "./env.server";

/**
 * Failed sign-ins allowed in the window, per kind of key:
 * - per account (5): the fifth failure locks the account for the rest of the window; the user is
 *   told by email once per lockout (notifyAccountLocked) and an admin can unlock it;
 * - per client address (LOGIN_ADDRESS_LIMIT, default 100): high, against password spraying over
 *   many accounts, so an office behind one NAT address is not locked out by a few typos.
 */
export const LOGIN_LIMITS = { account: 5, address: env.LOGIN_ADDRESS_LIMIT } as const;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];
export type LoginKeys = { account: string; address: string };

/** The key an account's failures are counted under. */
export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
function keysOf(keys: LoginKeys) {
  return { account: accountKey(keys.account), address: `address:${keys.address}` };
}

/** Until when a key is blocked, from its failures in the window (oldest first), or null. */
function blockedUntilOf(times: Date[], limit: number): number | null {
  if (times.length < limit) return null;
  // Blocked until the oldest failure that keeps the count at the limit leaves the window.
  return times[times.length - limit]!.getTime() + LOGIN_WINDOW_MS;
}

function failuresInWindow(key: string, now: number) {
  return db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), gte(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS))))
    .orderBy(loginAttempts.at)
    .all()
    .map((r) => r.at);
}

/** When the next attempt is allowed, or null when it is allowed now. */
export function loginBlockedUntil(keys: LoginKeys, now = Date.now()): Date | null {
  let until: number | null = null;
  for (const kind of ["account", "address"] as const) {
    const pivot = blockedUntilOf(failuresInWindow(keysOf(keys)[kind], now), LOGIN_LIMITS[kind]);
    if (pivot) until = Math.max(until ?? 0, pivot);
  }
  return until ? new Date(until) : null;
}

/**
 * Counts a failed sign-in against the account and the address, in one IMMEDIATE transaction.
 * Returns when the account became locked by this very failure (the count reached the limit),
 * else null; refused attempts while locked are not counted (the sign-in action stops before),
 * so each lockout is reported exactly once. `onLocked` runs inside the same transaction (queue
 * the email there, with its audit row).
 */
export function recordLoginFailure(keys: LoginKeys, now = Date.now(), onLocked?: (tx: Tx, until: Date) => void): Date | null {
  const k = keysOf(keys);
  return db.transaction(
    (tx) => {
      tx.insert(loginAttempts)
        .values([
          { key: k.account, at: new Date(now) },
          { key: k.address, at: new Date(now) },
        ])
        .run();
      const times = failuresInWindow(k.account, now);
      if (times.length !== LOGIN_LIMITS.account) return null;
      const until = new Date(blockedUntilOf(times, LOGIN_LIMITS.account)!);
      onLocked?.(tx, until);
      return until;
    },
    { behavior: "immediate" },
  );
}

/** A successful sign-in clears the account's failures (the address keeps its count). */
export function clearAccountFailures(keys: Pick<LoginKeys, "account">) {
  db.delete(loginAttempts)
    .where(eq(loginAttempts.key, accountKey(keys.account)))
    .run();
}

/** Accounts locked now (failures at the limit in the window), by email, with when they unlock. */
export function lockedAccounts(now = Date.now()): Map<string, Date> {
  const rows = db
    .select({ key: loginAttempts.key, n: sql<number>`count(*)`, times: sql<string>`group_concat(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(like(loginAttempts.key, "account:%"), gte(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS))))
    .groupBy(loginAttempts.key)
    .having(sql`count(*) >= ${LOGIN_LIMITS.account}`)
    .all();
  const locked = new Map<string, Date>();
  for (const row of rows) {
    const times = row.times
      .split(",")
      .map((t) => new Date(Number(t)))
      .sort((a, b) => a.getTime() - b.getTime());
    const until = blockedUntilOf(times, LOGIN_LIMITS.account);
    if (until) locked.set(row.key.slice("account:".length), new Date(until));
  }
  return locked;
}

/** Deletes up to `limit` failures older than the window (bounded work). Returns how many. */
export function pruneLoginAttempts(now = Date.now(), limit = 1000) {
  return db.run(
    sql`delete from login_attempts where id in (select id from login_attempts where at < ${now - LOGIN_WINDOW_MS} limit ${limit})`,
  ).changes;
}
