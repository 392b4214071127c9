import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { foldSearchText, spacedCharacters } from "../app/domain/search-text";
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
  registerSearchFunctions(sqlite);
  rememberStatements(sqlite);
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

/** Statements a connection keeps prepared (by SQL text) before it starts afresh. */
const REMEMBERED_STATEMENTS = 1_000;

/**
 * Keeps each statement prepared once per connection. drizzle asks better-sqlite3 to prepare its
 * SQL on every call, and a page runs the same dozen or two statements on every view (issue 14).
 * A remembered statement is handed out again as a fresh one would be (object rows, not raw,
 * plucked or expanded); one still busy (an unfinished `iterate()`) is never shared: the caller
 * gets a new one instead.
 */
export function rememberStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const known = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = known.get(source);
    if (statement && !statement.busy) {
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      if (known.size >= REMEMBERED_STATEMENTS) known.clear();
      known.set(source, fresh);
    }
    return fresh;
  }) as typeof sqlite.prepare;
}

/**
 * `rdc_fold(text)`: the search index's folding (NFKC + lower case, app/domain/search-text.ts);
 * `rdc_chars(text)`: its characters separated by spaces (the short-query index, one per token).
 * The search index triggers (migration search_index) call it, so every connection that writes
 * centres, contacts, requests, messages, interactions or follow-ups must register it: open the
 * database with `openDatabase`, or call this on a raw better-sqlite3 handle.
 */
export function registerSearchFunctions(sqlite: Database.Database) {
  sqlite.function("rdc_fold", { deterministic: true }, (text: unknown) => (typeof text === "string" ? foldSearchText(text) : ""));
  sqlite.function("rdc_chars", { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? spacedCharacters(text) : "",
  );
  sqlite.function("rdc_search_deferred", { deterministic: false }, () => (searchDeferred.has(sqlite) ? 1 : 0));
}

/** Connections whose centre search trigger stands aside for now (see {@link withCentreSearchDeferred}). */
const searchDeferred = new WeakSet<Database.Database>();

/**
 * Runs `write` with the centre search trigger standing aside on this connection
 * (`rdc_search_deferred()` answers 1; migration import_centre_search_bulk): for a bulk write of
 * centres that fills their search entries itself, in one statement per table, instead of a
 * trigger run (and a full-text index segment) per row. The caller must index every centre it
 * inserts inside `write`, in the same transaction.
 */
export function withCentreSearchDeferred<T>(sqlite: Database.Database, write: () => T): T {
  if (searchDeferred.has(sqlite)) return write();
  searchDeferred.add(sqlite);
  try {
    return write();
  } finally {
    searchDeferred.delete(sqlite);
  }
}
