import type Database from "better-sqlite3";
import { inArray, sql, type Column } from "drizzle-orm";
import { db, sqliteOf, type Conn, type Db } from "./db.server";

/**
 * A drizzle query built once per connection, then only bound and run. Drizzle builds a query's
 * SQL from its builder on every call (walking the builder's parts, quoting names, checking the
 * kind of each part), and on the reads every page makes (the session, the signed-in user, the
 * lists of a centre page) that cost more than SQLite took to run them (issue 14). What varies
 * goes in as `sql.placeholder(name)`; a list of any length as {@link inList}.
 *
 *     const userById = preparedQuery((conn) =>
 *       conn.select({ name: users.name }).from(users).where(eq(users.id, sql.placeholder("id"))).prepare(),
 *     );
 *     userById().get({ id });
 *
 * The query runs on the server's connection unless another is given (a worker's; a transaction
 * is on its database's connection, so it gets that connection's query).
 */
export function preparedQuery<Query>(build: (conn: Db) => Query): (conn?: Conn) => Query {
  const byConnection = new WeakMap<Database.Database, Query>();
  return (conn = db) => {
    const client = sqliteOf(conn);
    let query = byConnection.get(client);
    if (!query) byConnection.set(client, (query = build(conn as Db)));
    return query;
  };
}

/**
 * `column in (…)` over a list of any length in one prepared statement: the list is bound as one
 * JSON array to the placeholder `name` ({@link jsonList}).
 */
export const inList = (column: Column, name: string) =>
  inArray(column, sql`(select value from json_each(${sql.placeholder(name)}))`);

/** The value of an {@link inList} placeholder. */
export const jsonList = (values: readonly (string | number)[]) => JSON.stringify(values);
