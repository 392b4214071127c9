import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { foldSearchText, spacedCharacters } from "../app/domain/search-text";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  registerSearchFunctions(sqlite);
  return drizzle(sqlite, { schema }) as Db;
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
}
