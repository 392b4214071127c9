import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** How long a write waits for another connection's (or process's) write lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema }) as Db;
  // Every transaction starts IMMEDIATE unless it asks otherwise: it takes the write lock at
  // BEGIN, waiting up to the busy timeout while another process writes. A deferred transaction
  // reads first and fails at once ("database is locked", SQLITE_BUSY) when it then tries to
  // write after another process has committed, which no busy timeout can wait out. Several
  // server processes on one database file rely on this (tests/e2e/two-processes.test.ts).
  // A read-only transaction that wants a snapshot without the lock passes { behavior: "deferred" }.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    transaction(fn, { ...config, behavior: config?.behavior ?? "immediate" })) as typeof db.transaction;
  return db;
}
