/**
 * `npm run backup [destination]`: a consistent copy of the live database, taken with SQLite's
 * online backup API while the app keeps running. Restore: stop the app, copy the backup file to
 * DATABASE_PATH (deleting any -wal and -shm files beside it), start the app.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export async function backupDatabase(source: string, destination: string, onProgress?: (percent: number) => void) {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(Math.round(((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100));
        return 200; // pages per step, so writers are not held up for long
      },
    });
  } finally {
    db.close();
  }
  onProgress?.(100);
  const copy = new Database(destination, { readonly: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`Backup failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return destination;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = process.env.DATABASE_PATH ?? "data/rdc-steward.db";
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const destination = process.argv[2] ?? path.join("data", "backups", `rdc-steward-${stamp}.db`);
  await backupDatabase(source, destination, (p) => process.stdout.write(`\rBacking up… ${p}%`));
  console.log(`\nBackup written to ${destination} (integrity ok).`);
}
