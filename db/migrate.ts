import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./client.server";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function migrateDatabase(db: Db) {
  migrate(db, { migrationsFolder });
  // Keep the query planner's statistics current (without them the per-centre event subqueries pick the wrong index).
  db.$client.exec("ANALYZE");
}
