/**
 * Computed figures kept until the data behind them changes. Triggers (migration
 * 0003_change_counters) bump a version in `change_counters` on every write to the tables the
 * officials' figures read, whichever process or tool writes; a cached value is used only while
 * the versions it was computed at are still current. Reading the versions is one small query.
 *
 * Values are shared between callers: treat them as read-only.
 */
import { inArray } from "drizzle-orm";
import { changeCounters, type CHANGE_COUNTERS } from "../../db/schema";
import type { Db } from "~/utils/db.server";

export type ChangeCounter = (typeof CHANGE_COUNTERS)[number];

export type CacheScope = {
  name: string;
  /** The data the values depend on. */
  counters: readonly ChangeCounter[];
  /** Most recently used keys kept (values can be large: a status per centre). */
  limit: number;
};

type Entry = { stamp: string; value: unknown };

const stores = new WeakMap<Db, Map<string, Map<string, Entry>>>();

/** The current versions of `counters`, as one comparable string. */
export function changeStamp(database: Db, counters: readonly ChangeCounter[]): string {
  const rows = database
    .select({ name: changeCounters.name, version: changeCounters.version })
    .from(changeCounters)
    .where(inArray(changeCounters.name, [...counters]))
    .all();
  const versions = new Map(rows.map((r) => [r.name, r.version]));
  return counters.map((c) => `${c}:${versions.get(c) ?? "?"}`).join(",");
}

/** `compute()` for `key`, or the value computed earlier while the scope's data has not changed since. */
export function cachedFigures<T>(database: Db, scope: CacheScope, key: string, compute: () => T): T {
  let scopes = stores.get(database);
  if (!scopes) stores.set(database, (scopes = new Map()));
  let entries = scopes.get(scope.name);
  if (!entries) scopes.set(scope.name, (entries = new Map()));
  const stamp = changeStamp(database, scope.counters);
  const hit = entries.get(key);
  entries.delete(key);
  if (hit && hit.stamp === stamp) {
    entries.set(key, hit);
    return hit.value as T;
  }
  const value = compute();
  entries.set(key, { stamp, value });
  // Maps iterate in insertion order, and a hit re-inserts its key: the first key is the least recently used.
  while (entries.size > scope.limit) entries.delete(entries.keys().next().value!);
  return value;
}
