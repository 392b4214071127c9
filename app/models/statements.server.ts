import type Database from "better-sqlite3";
import type { Db } from "~/utils/db.server";
import type { Tx } from "./write-types.server";

/**
 * Statements compiled once per connection, for the writes that run thousands of times in one go
 * (a 50,000-row centre import: issue 14). Drizzle builds and SQLite compiles a query on every
 * call, which cost more than running it; a statement kept here is only bound and stepped.
 * Run inside the caller's transaction, on the caller's connection (the server's or the import
 * worker's), like any drizzle query on `tx`.
 */

/** The better-sqlite3 connection under a drizzle database or transaction. */
export function sqliteOf(conn: Db | Tx): Database.Database {
  const handle = conn as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("Not a better-sqlite3 connection");
  return client;
}

/**
 * `sql`, compiled once for the connection under `conn`: every connection opened by
 * `openDatabase` keeps its statements prepared by SQL text (`rememberStatements` in
 * db/client.server.ts), so this is the same cache drizzle's queries use, reached directly.
 */
export function statement<Params extends unknown[] = unknown[]>(conn: Db | Tx, sql: string): Database.Statement<Params> {
  return sqliteOf(conn).prepare(sql) as Database.Statement<Params>;
}
