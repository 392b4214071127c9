import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { loginAttempts } from "../../db/schema";
import { db } from "./db.server";

/** Failed attempts allowed in the window, per kind of key. */
export const LOGIN_LIMITS = { account: 5, address: 20 } as const;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export type LoginKeys = { account: string; address: string };

function keysOf(keys: LoginKeys) {
  return { account: `account:${keys.account.toLowerCase()}`, address: `address:${keys.address}` };
}

/** When the next attempt is allowed, or null when it is allowed now. */
export function loginBlockedUntil(keys: LoginKeys, now = Date.now()): Date | null {
  const since = now - LOGIN_WINDOW_MS;
  let until: number | null = null;
  for (const kind of ["account", "address"] as const) {
    const key = keysOf(keys)[kind];
    const rows = db
      .select({ at: loginAttempts.at })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), gte(loginAttempts.at, new Date(since))))
      .orderBy(loginAttempts.at)
      .all();
    const limit = LOGIN_LIMITS[kind];
    if (rows.length >= limit) {
      // Blocked until the oldest failure that keeps the count at the limit leaves the window.
      const pivot = rows[rows.length - limit]!.at.getTime() + LOGIN_WINDOW_MS;
      until = Math.max(until ?? 0, pivot);
    }
  }
  return until ? new Date(until) : null;
}

export function recordLoginFailure(keys: LoginKeys, now = Date.now()) {
  const k = keysOf(keys);
  db.insert(loginAttempts)
    .values([
      { key: k.account, at: new Date(now) },
      { key: k.address, at: new Date(now) },
    ])
    .run();
  db.delete(loginAttempts)
    .where(lt(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS)))
    .run();
}

/** A successful sign-in clears the account's failures (the address keeps its count). */
export function clearAccountFailures(keys: LoginKeys) {
  db.delete(loginAttempts)
    .where(inArray(loginAttempts.key, [keysOf(keys).account]))
    .run();
}
