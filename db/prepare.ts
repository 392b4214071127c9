/**
 * Run by `npm start`: applies migrations, seeds the demo data when the database is empty,
 * and (outside production) writes a local session secret so the demo can start.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

const file = process.env.DATABASE_PATH ?? "data/rdc-steward.db";
const db = openDatabase(file);
const started = Date.now();
migrateDatabase(db);
const { count } = db.get<{ count: number }>(sql`select count(*) as count from users`);
if (count === 0 && process.env.SEED_DEMO !== "false") {
  const { centres } = await seedDemo(db);
  console.log(`Seeded the demo database with ${centres} centres.`);
}
db.$client.close();

// A local secret for the demo (git-ignored data/local.env, which `npm start` reads); a real
// deployment sets SESSION_SECRET in its environment and needs no file (its code folder may be read-only).
const envFile = path.join("data", "local.env");
const deployed = process.env.NODE_ENV === "production" && Boolean(process.env.SESSION_SECRET);
if (!deployed && !fs.existsSync(envFile)) {
  fs.mkdirSync("data", { recursive: true });
  const content = process.env.SESSION_SECRET ? "" : `SESSION_SECRET=${crypto.randomBytes(32).toString("hex")}\n`;
  fs.writeFileSync(envFile, content, { mode: 0o600 });
}
console.log(`Database ready at ${file} (${Date.now() - started} ms).`);
