/**
 * `npm run audit:check`: verifies the audit trail's hash chain (db/audit-chain.ts) and reports
 * every row whose hash does not match, by id. Exits 1 when there is a break, 0 when intact.
 * Reads the live database read-only; safe while the app runs.
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { checkAuditChain } from "./audit-chain";
import type { Db } from "./client.server";

const file = process.argv[2] ?? process.env.DATABASE_PATH ?? "data/rdc-steward.db";
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
const report = checkAuditChain(drizzle(sqlite) as unknown as Db);
sqlite.close();

if (report.breaks.length === 0) {
  console.log(`Audit trail intact: ${report.rows} rows, head ${report.head ?? "(empty)"}.`);
} else {
  console.error(`Audit trail BROKEN at ${report.breaks.length} row(s) of ${report.rows}:`);
  for (const b of report.breaks)
    console.error(
      `  row ${b.id}: ${b.reason === "unsealed" ? "no hash (written outside the chain)" : "hash does not match its content and the previous row"}`,
    );
  process.exitCode = 1;
}
