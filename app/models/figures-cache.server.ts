/**
 * Computed figures kept until the data behind them changes. Triggers (migration
 * 0003_change_counters) bump a version in `change_counters` on every write to the tables the
 * officials' figures read, whichever process or tool writes; a cached value is used only while
 * the versions it was computed at are still current. Reading the versions is one small query.
 *
 * Values are shared between callers: treat them as read-only.
 */
import type { CHANGE_COUNTERS } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { statement } from "./statements.server";

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

/** Read on every view of a page with cached figures: a statement compiled once per connection. */
const STAMP_SQL = "select name, version from change_counters where name in (select value from json_each(?))";

/** The current versions of `counters`, as one comparable string. */
export function changeStamp(database: Db, counters: readonly ChangeCounter[]): string {
  const rows = statement<[string]>(database, STAMP_SQL).all(JSON.stringify(counters)) as { name: string; version: number }[];
  const versions = new Map(rows.map((r) => [r.name, r.version]));
  return counters.map((c) => `${c}:${versions.get(c) ?? "?"}`).join(",");
}

function entriesOf(database: Db, scope: CacheScope) {
  let scopes = stores.get(database);
  if (!scopes) stores.set(database, (scopes = new Map()));
  let entries = scopes.get(scope.name);
  if (!entries) scopes.set(scope.name, (entries = new Map()));
  return entries;
}

/** The value kept for `key` while it is still current (moved to most recently used), else undefined. */
function currentEntry(entries: Map<string, Entry>, key: string, stamp: string): Entry | undefined {
  const hit = entries.get(key);
  if (!hit || hit.stamp !== stamp) return undefined;
  entries.delete(key);
  entries.set(key, hit);
  return hit;
}

function keep(entries: Map<string, Entry>, scope: CacheScope, key: string, entry: Entry) {
  entries.delete(key);
  entries.set(key, entry);
  // Maps iterate in insertion order, and a hit re-inserts its key: the first key is the least recently used.
  while (entries.size > scope.limit) entries.delete(entries.keys().next().value!);
}

/** `compute()` for `key`, or the value computed earlier while the scope's data has not changed since. */
export function cachedFigures<T>(database: Db, scope: CacheScope, key: string, compute: () => T): T {
  const entries = entriesOf(database, scope);
  const stamp = changeStamp(database, scope.counters);
  const hit = currentEntry(entries, key, stamp);
  if (hit) return hit.value as T;
  const value = compute();
  keep(entries, scope, key, { stamp, value });
  return value;
}

const inFlight = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * `cachedFigures` for a computation that runs elsewhere (a worker thread): the same cache, and
 * requests that miss it at the same time wait for one computation. The value is kept under the
 * versions read before it started, so a write during the computation makes it stale at once.
 */
export async function cachedFiguresAsync<T>(database: Db, scope: CacheScope, key: string, compute: () => Promise<T>): Promise<T> {
  const entries = entriesOf(database, scope);
  const stamp = changeStamp(database, scope.counters);
  const hit = currentEntry(entries, key, stamp);
  if (hit) return hit.value as T;
  let running = inFlight.get(database);
  if (!running) inFlight.set(database, (running = new Map()));
  const id = `${scope.name}|${key}|${stamp}`;
  let computation = running.get(id) as Promise<T> | undefined;
  if (!computation) {
    computation = compute().then((value) => {
      keep(entries, scope, key, { stamp, value });
      return value;
    });
    const done = () => running.delete(id);
    computation.then(done, done);
    running.set(id, computation);
  }
  return computation;
}
