/**
 * `npm run restore:check BACKUP`: the restore drill. Restores a backup (the directory that
 * `npm run backup` writes, or the database file inside it) into a scratch folder and proves it
 * would serve: the database opens, passes `PRAGMA integrity_check` and the foreign-key check,
 * this version's migrations apply to it (as they do when the app starts), the audit trail's hash
 * chain is intact, and every attachment row has its file, of the recorded size and SHA-256. Prints what it found; exits 1 on any problem.
 * The backup itself is only read.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BACKUP_ATTACHMENTS_DIR, BACKUP_DATABASE_FILE, BACKUP_MANIFEST_FILE, type BackupManifest } from "./backup-layout";
import { checkAuditChain } from "./audit-chain";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";

export type RestoreCheck = {
  ok: boolean;
  databaseFile: string;
  attachmentsDir: string;
  integrityCheck: string;
  foreignKeyProblems: number;
  migrationsApplied: { before: number; after: number };
  rows: Record<string, number>;
  attachments: { rows: number; present: number; missing: string[]; mismatched: string[] };
  /** The audit trail's hash chain: rows whose hash does not match are problems; unsealed rows (a backup from before the chain) are sealed when the app starts. */
  auditChain: { rows: number; mismatched: number[]; unsealed: number };
  manifest: BackupManifest | null;
  problems: string[];
  seconds: number;
};

const TABLES = [
  "users",
  "centres",
  "centre_events",
  "interactions",
  "support_requests",
  "request_messages",
  "attachments",
  "audit_log",
];

function sha256File(file: string) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Where the database and attachments of a backup are, given its directory or its database file. */
function locate(backup: string) {
  const resolved = path.resolve(backup);
  if (!fs.existsSync(resolved)) throw new Error(`${resolved} does not exist`);
  const dir = fs.statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  const databaseFile = fs.statSync(resolved).isDirectory() ? path.join(resolved, BACKUP_DATABASE_FILE) : resolved;
  if (!fs.existsSync(databaseFile)) throw new Error(`No ${BACKUP_DATABASE_FILE} in ${dir}`);
  return { dir, databaseFile, attachmentsDir: path.join(dir, BACKUP_ATTACHMENTS_DIR) };
}

export function checkBackup(backup: string): RestoreCheck {
  const started = Date.now();
  const { dir, databaseFile, attachmentsDir } = locate(backup);
  const problems: string[] = [];
  const manifestFile = path.join(dir, BACKUP_MANIFEST_FILE);
  const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, "utf8")) as BackupManifest) : null;
  if (!manifest) problems.push(`no ${BACKUP_MANIFEST_FILE} beside the database`);
  else if (manifest.database.bytes !== fs.statSync(databaseFile).size)
    problems.push(`the database is ${fs.statSync(databaseFile).size} bytes, the manifest says ${manifest.database.bytes}`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-restore-check-"));
  try {
    const restored = path.join(scratch, BACKUP_DATABASE_FILE);
    fs.copyFileSync(databaseFile, restored);
    const db = openDatabase(restored);
    const sqlite = db.$client;
    let integrityCheck = "not run";
    let foreignKeyProblems = 0;
    const migrationsApplied = { before: 0, after: 0 };
    const rows: Record<string, number> = {};
    const attachments = { rows: 0, present: 0, missing: [] as string[], mismatched: [] as string[] };
    const auditChain = { rows: 0, mismatched: [] as number[], unsealed: 0 };
    try {
      integrityCheck = (sqlite.pragma("integrity_check") as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join("; ");
      if (integrityCheck !== "ok") problems.push(`integrity_check: ${integrityCheck}`);
      foreignKeyProblems = (sqlite.pragma("foreign_key_check") as unknown[]).length;
      if (foreignKeyProblems > 0) problems.push(`${foreignKeyProblems} foreign key problems`);
      const countMigrations = () =>
        sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
          ? (sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n
          : 0;
      migrationsApplied.before = countMigrations();
      if (migrationsApplied.before === 0) problems.push("the database has no migrations table: not an rdc-steward database");
      try {
        migrateDatabase(db);
        migrationsApplied.after = countMigrations();
      } catch (error) {
        problems.push(`this version's migrations fail on it: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const table of TABLES) {
        try {
          rows[table] = (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
        } catch {
          problems.push(`table ${table} is missing`);
        }
      }
      try {
        const chain = checkAuditChain(db);
        auditChain.rows = chain.rows;
        auditChain.mismatched = chain.breaks.filter((b) => b.reason === "mismatch").map((b) => b.id);
        auditChain.unsealed = chain.breaks.filter((b) => b.reason === "unsealed").length;
        if (auditChain.mismatched.length)
          problems.push(`the audit trail's hash chain breaks at rows ${auditChain.mismatched.slice(0, 10).join(", ")}`);
      } catch (error) {
        problems.push(`the audit trail cannot be checked: ${error instanceof Error ? error.message : String(error)}`);
      }
      const files = sqlite.prepare("select storage_key as storageKey, size, sha256 from attachments").all() as {
        storageKey: string;
        size: number;
        sha256: string;
      }[];
      attachments.rows = files.length;
      for (const file of files) {
        const stored = path.join(attachmentsDir, file.storageKey);
        if (!/^[0-9a-f-]{36}$/.test(file.storageKey) || !fs.existsSync(stored)) attachments.missing.push(file.storageKey);
        else if (fs.statSync(stored).size !== file.size || sha256File(stored) !== file.sha256)
          attachments.mismatched.push(file.storageKey);
        else attachments.present++;
      }
      if (attachments.missing.length)
        problems.push(`${attachments.missing.length} attachment files missing: ${attachments.missing.slice(0, 5).join(", ")}`);
      if (attachments.mismatched.length)
        problems.push(
          `${attachments.mismatched.length} attachment files differ from their recorded size or SHA-256: ${attachments.mismatched.slice(0, 5).join(", ")}`,
        );
    } finally {
      sqlite.close();
    }
    return {
      ok: problems.length === 0,
      databaseFile,
      attachmentsDir,
      integrityCheck,
      foreignKeyProblems,
      migrationsApplied,
      rows,
      attachments,
      auditChain,
      manifest,
      problems,
      seconds: Math.round((Date.now() - started) / 10) / 100,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const target = process.argv[2];
  if (!target) {
    console.error("Usage: npm run restore:check BACKUP (a backup directory, or the rdc-steward.db inside one)");
    process.exit(1);
  }
  try {
    const result = checkBackup(target);
    console.log(`Restore check of ${result.databaseFile}${result.manifest ? ` (taken ${result.manifest.createdAt})` : ""}:`);
    console.log(
      `  integrity_check: ${result.integrityCheck}; foreign keys: ${result.foreignKeyProblems === 0 ? "ok" : `${result.foreignKeyProblems} problems`}`,
    );
    console.log(
      `  migrations: ${result.migrationsApplied.before} in the backup, ${result.migrationsApplied.after} after this version's migrations`,
    );
    console.log(
      `  rows: ${Object.entries(result.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ")}`,
    );
    console.log(`  attachments: ${result.attachments.present} of ${result.attachments.rows} present and intact`);
    console.log(
      `  audit trail: ${result.auditChain.rows} rows, hash chain ${result.auditChain.mismatched.length ? "BROKEN" : "intact"}` +
        (result.auditChain.unsealed
          ? ` (${result.auditChain.unsealed} rows from before the chain, sealed when the app starts)`
          : ""),
    );
    for (const p of result.problems) console.log(`  ✗ ${p}`);
    console.log(result.ok ? `PASS: the backup restores (${result.seconds} s).` : `FAIL: ${result.problems.length} problems.`);
    process.exit(result.ok ? 0 : 1);
  } catch (error) {
    console.error(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
