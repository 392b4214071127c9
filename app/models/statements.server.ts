import type Database from "better-sqlite3";
import { sqliteOf, type Db } from "~/utils/db.server";
import type { Tx } from "./write-types.server";

/**
 * Statements compiled once per connection, for the writes that run thousands of times in one go
 * (a 50,000-row centre import: issue 14). Drizzle builds and SQLite compiles a query on every
 * call, which cost more than running it; a statement kept here is only bound and stepped.
 * Run inside the caller's transaction, on the caller's connection (the server's or the import
 * worker's), like any drizzle query on `tx`.
 */

/**
 * `sql`, compiled once for the connection under `conn`: every connection opened by
 * `openDatabase` keeps its statements prepared by SQL text (`rememberStatements` in
 * db/client.server.ts), so this is the same cache drizzle's queries use, reached directly.
 */
export function statement<Params extends unknown[] = unknown[]>(conn: Db | Tx, sql: string): Database.Statement<Params> {
  return sqliteOf(conn).prepare(sql) as Database.Statement<Params>;
}

/** Rows per multi-row INSERT: a few hundred bound values each, well under SQLite's limit (32,766). */
const ROWS_PER_INSERT = 64;

/**
 * Inserts `rows` (each the values of `columns`, in order) with multi-row `INSERT … VALUES (…), (…)`
 * statements of up to 64 rows, each compiled once per connection: a bulk write (an import's
 * chunk) binds and steps a statement per 64 rows instead of one per row. Triggers fire for every
 * row as they would for single inserts. `table` and `columns` are the caller's constants, never
 * user input.
 */
export function insertRows(conn: Db | Tx, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) {
  const row = `(${columns.map(() => "?").join(", ")})`;
  const head = `insert into ${table} (${columns.join(", ")}) values `;
  const full = Math.floor(rows.length / ROWS_PER_INSERT) * ROWS_PER_INSERT;
  if (full > 0) {
    const many = statement(conn, head + Array.from({ length: ROWS_PER_INSERT }, () => row).join(", "));
    for (let at = 0; at < full; at += ROWS_PER_INSERT) many.run(rows.slice(at, at + ROWS_PER_INSERT).flat());
  }
  // The rest in halving groups (32, 16 … 1 rows): at most seven statements more per table.
  let at = full;
  for (let size = ROWS_PER_INSERT / 2; size >= 1; size /= 2) {
    if (rows.length - at < size) continue;
    statement(conn, head + Array.from({ length: size }, () => row).join(", ")).run(rows.slice(at, at + size).flat());
    at += size;
  }
}
