/**
 * Run by `npm start`: writes a local session secret when none is set (outside production, so
 * the demo can start), applies migrations, seeds the demo data when the database is empty, and
 * seals any audit rows written before the audit trail's hash chain existed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { sealAuditChain } from "./audit-chain";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

// A local secret for the demo (git-ignored data/local.env); a real deployment sets SESSION_SECRET
// in its environment and needs no file (its code folder may be read-only: deploy/systemd).
// Written first and read back, so the seed seals the demo admin's TOTP key with the secret the
// server will run with (npm start passes data/local.env to the server).
const envFile = path.join("data", "local.env");
const deployed = process.env.NODE_ENV === "production" && Boolean(process.env.SESSION_SECRET);
if (!deployed && !fs.existsSync(envFile)) {
  fs.mkdirSync("data", { recursive: true });
  const content = process.env.SESSION_SECRET ? "" : `SESSION_SECRET=${crypto.randomBytes(32).toString("hex")}\n`;
  fs.writeFileSync(envFile, content, { mode: 0o600 });
}
if (!process.env.SESSION_SECRET) {
  const local = /^SESSION_SECRET=(.+)$/m.exec(fs.readFileSync(envFile, "utf8"))?.[1]?.trim();
  if (local) process.env.SESSION_SECRET = local;
}

const file = process.env.DATABASE_PATH ?? "data/rdc-steward.db";
const db = openDatabase(file);
const started = Date.now();
migrateDatabase(db);
const { count } = db.get<{ count: number }>(sql`select count(*) as count from users`);
if (count === 0 && process.env.SEED_DEMO !== "false") {
  const { centres } = await seedDemo(db);
  console.log(`Seeded the demo database with ${centres} centres.`);
}
const sealed = sealAuditChain(db);
if (sealed) console.log(`Sealed ${sealed} audit rows into the hash chain.`);
db.$client.close();
console.log(`Database ready at ${file} (${Date.now() - started} ms).`);
