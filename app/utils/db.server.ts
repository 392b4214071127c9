import type Database from "better-sqlite3";
import { openDatabase, type Db } from "../../db/client.server";
import { env } from "./env.server";
import { outOfSpace } from "./out-of-space";

/** One database handle per process, kept across dev rebuilds. */
const globalForDb = globalThis as unknown as { __rdcDb?: Db };

/**
 * The request thread's SQLite page cache, KB. better-sqlite3 builds SQLite with 16 MB per
 * connection; page views read index pages again and again and the rest once, and a page not in
 * this cache is read from the system's file cache (a system call and a 4 KB copy). At 30,000
 * centres the 16 MB filled as the bench moved from page to page (issue 14, goal 5).
 */
export const REQUEST_PAGE_CACHE_KB = 8_000;

function openAppDatabase(): Db {
  const db = openDatabase(env.DATABASE_PATH);
  db.$client.pragma(`cache_size = -${REQUEST_PAGE_CACHE_KB}`);
  // A transaction refused for want of disk space answers 507 with a clear page, not a 500.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => {
    try {
      return transaction(fn, config);
    } catch (error) {
      throw outOfSpace(error) ?? error;
    }
  }) as typeof db.transaction;
  return db;
}

export const db: Db = (globalForDb.__rdcDb ??= openAppDatabase());
export type { Db };

/** A drizzle database or one of its transactions (a transaction runs on its database's connection). */
export type Conn = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The better-sqlite3 connection under a drizzle database or transaction. */
export function sqliteOf(conn: Conn): Database.Database {
  const handle = conn as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("Not a better-sqlite3 connection");
  return client;
}
