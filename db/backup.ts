/**
 * `npm run backup`: a consistent copy of the live database and its attachment files, taken
 * while the app keeps running and writing, then the rotation (keep the newest backup of each of
 * the last BACKUP_KEEP_DAILY days and BACKUP_KEEP_WEEKLY weeks).
 *
 *   npm run backup                                   into BACKUP_DIR (default: backups/ beside the database), rotate
 *   npm run backup -- --dir DIR --keep-daily 7 --keep-weekly 4 [--no-rotate]
 *   npm run backup -- --to DIR                       one backup into DIR, no rotation
 *   npm run backup -- --check                        then run the restore drill on it (exit 1 when it fails)
 *
 * A backup is a directory `rdc-steward-YYYYMMDDTHHMMSSZ/` holding `rdc-steward.db`, an
 * `attachments/` folder with every file the copied database refers to, and `manifest.json`. It
 * is written under a `.partial` name and renamed when complete, so a half-written backup never
 * looks like one. The database is copied with `VACUUM INTO`: one read transaction over a
 * snapshot, so writers (WAL mode) are never blocked and never restart the copy, as they did the
 * online backup API's page steps. Attachment files are never changed after upload, so each is
 * hard-linked from the previous backup in the same folder when that holds it (a rotation set
 * stores each file once), else copied from the live folder (never linked to it: a backup shares
 * no bytes with what it backs up). Check a backup with `npm run restore:check DIR`.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { BACKUP_ATTACHMENTS_DIR, BACKUP_DATABASE_FILE, BACKUP_MANIFEST_FILE, type BackupManifest } from "./backup-layout";
import { backupName, backupTime, planRotation, type RotationPolicy } from "./backup-rotation";

export { BACKUP_ATTACHMENTS_DIR, BACKUP_DATABASE_FILE, BACKUP_MANIFEST_FILE, type BackupManifest };

export type BackupOptions = {
  databasePath: string;
  attachmentsDir: string;
  /** The backup directory to create (must not exist). */
  destination: string;
  /** Copy every attachment file from the live folder, even those an earlier backup holds. */
  copyAttachments?: boolean;
  /**
   * Where an upload waits until its row is committed (attachment.server.ts): a file whose row is
   * in the copy but that has not been moved into place yet is taken from there.
   */
  incomingDir?: string;
  /** An earlier backup beside this one: files it already holds are hard-linked from it (same file system). */
  previousBackup?: string | null;
};

const sha256File = (file: string) => {
  const hash = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
};

function fsyncPath(file: string) {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Hard-links `earlier` (the previous backup's copy of the same file) when given, else copies
 * `live`; answers which. Never links to the live file: a backup must not share its bytes with
 * what it backs up.
 */
function linkOrCopy(earlier: string | null, live: string, to: string): "linked" | "copied" {
  if (earlier) {
    try {
      fs.linkSync(earlier, to);
      return "linked";
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK" && code !== "ENOENT") throw error;
    }
  }
  fs.copyFileSync(live, to, fs.constants.COPYFILE_EXCL);
  return "copied";
}

/** Takes one backup (database snapshot and attachments) into `destination`; see the file header. */
export function takeBackup(options: BackupOptions): BackupManifest {
  const started = Date.now();
  const destination = path.resolve(options.destination);
  if (fs.existsSync(destination)) throw new Error(`${destination} already exists`);
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(partial, BACKUP_ATTACHMENTS_DIR), { mode: 0o700 });
  try {
    const databaseFile = path.join(partial, BACKUP_DATABASE_FILE);
    const source = new Database(options.databasePath, { readonly: true, fileMustExist: true });
    try {
      source.pragma("busy_timeout = 5000");
      source.prepare("VACUUM INTO ?").run(databaseFile);
    } finally {
      source.close();
    }
    fs.chmodSync(databaseFile, 0o600);
    fsyncPath(databaseFile);

    const copy = new Database(databaseFile, { readonly: true });
    let rows: { storageKey: string; size: number }[];
    try {
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`The copied database failed its integrity check: ${String(check)}`);
      rows = copy.prepare("select storage_key as storageKey, size from attachments order by storage_key").all() as typeof rows;
    } finally {
      copy.close();
    }

    // An upload is written under .incoming/ before its row is committed and moved into place
    // right after, so a row in the snapshot has its file in one of the two folders; one that is
    // in neither is retried once after a moment, then reported.
    const attachments = { count: 0, bytes: 0, linked: 0, copied: 0 };
    const missing: string[] = [];
    const pending: typeof rows = [];
    const copyOne = (row: (typeof rows)[number]) => {
      if (!/^[0-9a-f-]{36}$/.test(row.storageKey)) return false;
      const to = path.join(partial, BACKUP_ATTACHMENTS_DIR, row.storageKey);
      const sources = [options.attachmentsDir, ...(options.incomingDir ? [options.incomingDir] : [])].map((d) =>
        path.join(d, row.storageKey),
      );
      const earlier =
        options.previousBackup && !options.copyAttachments
          ? path.join(options.previousBackup, BACKUP_ATTACHMENTS_DIR, row.storageKey)
          : null;
      const linkable = earlier && fs.existsSync(earlier) && fs.statSync(earlier).size === row.size ? earlier : null;
      // Twice round: a file can move from .incoming into place between the two looks.
      for (const from of [...sources, ...sources]) {
        if (!fs.existsSync(from)) continue;
        try {
          attachments[linkOrCopy(linkable, from, to)]++;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
          throw error;
        }
        attachments.count++;
        attachments.bytes += row.size;
        return true;
      }
      return false;
    };
    for (const row of rows) if (!copyOne(row)) pending.push(row);
    if (pending.length > 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      for (const row of pending) if (!copyOne(row)) missing.push(row.storageKey);
    }

    const manifest: BackupManifest = {
      format: 1,
      createdAt: new Date(started).toISOString(),
      source: path.resolve(options.databasePath),
      database: { file: BACKUP_DATABASE_FILE, bytes: fs.statSync(databaseFile).size, sha256: sha256File(databaseFile) },
      attachments,
      missingAttachments: missing,
      seconds: Math.round((Date.now() - started) / 10) / 100,
    };
    fs.writeFileSync(path.join(partial, BACKUP_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(partial, destination);
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The newest complete backup in `dir`, or null. */
export function newestBackup(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && backupTime(e.name) !== null && fs.existsSync(path.join(dir, e.name, BACKUP_MANIFEST_FILE)))
    .map((e) => e.name)
    .sort();
  return names.length ? path.join(dir, names.at(-1)!) : null;
}

/** Deletes the backups in `dir` that the policy does not keep; answers the names kept and removed. */
export function rotateBackups(dir: string, policy: RotationPolicy) {
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  const plan = planRotation(names, policy);
  for (const name of plan.remove) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return plan;
}

/* ------------------------------------------------------------------ CLI */

type CliOptions = { dir?: string; to?: string; daily?: number; weekly?: number; rotate: boolean; copy: boolean; check: boolean };

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { rotate: true, copy: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number, 0 or more`);
      return v;
    };
    if (flag === "--dir") options.dir = value();
    else if (flag === "--to") options.to = value();
    else if (flag === "--keep-daily") options.daily = count();
    else if (flag === "--keep-weekly") options.weekly = count();
    else if (flag === "--no-rotate") options.rotate = false;
    else if (flag === "--copy-attachments") options.copy = true;
    else if (flag === "--check") options.check = true;
    else if (!flag.startsWith("-") && !options.to) options.to = flag;
    else
      throw new Error(
        `Unknown option ${arg} (--dir DIR, --to DIR, --keep-daily N, --keep-weekly N, --no-rotate, --copy-attachments, --check)`,
      );
  }
  return options;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { env } = await import("../app/utils/env.server");
    const { attachmentsDir, incomingDir } = await import("../app/models/attachment.server");
    const cli = parseArgs(process.argv.slice(2));
    const dir = path.resolve(cli.dir ?? env.BACKUP_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "backups"));
    const destination = path.resolve(cli.to ?? path.join(dir, backupName(new Date())));
    fs.mkdirSync(path.dirname(destination), { recursive: true, mode: 0o700 });
    console.log(`Backing up ${env.DATABASE_PATH} and ${attachmentsDir()} to ${destination}…`);
    const previousBackup = newestBackup(path.dirname(destination));
    const manifest = takeBackup({
      databasePath: env.DATABASE_PATH,
      attachmentsDir: attachmentsDir(),
      incomingDir: incomingDir(),
      destination,
      copyAttachments: cli.copy,
      previousBackup,
    });
    console.log(
      `Backup written in ${manifest.seconds} s: database ${mb(manifest.database.bytes)} (integrity ok), ` +
        `${manifest.attachments.count} attachments, ${mb(manifest.attachments.bytes)} (${manifest.attachments.linked} linked, ${manifest.attachments.copied} copied).`,
    );
    if (!cli.to && cli.rotate) {
      const policy = { daily: cli.daily ?? env.BACKUP_KEEP_DAILY, weekly: cli.weekly ?? env.BACKUP_KEEP_WEEKLY };
      const { keep, remove } = rotateBackups(dir, policy);
      console.log(
        `Rotation (${policy.daily} daily, ${policy.weekly} weekly): kept ${keep.length}, removed ${remove.length}${remove.length ? ` (${remove.join(", ")})` : ""}.`,
      );
    }
    if (cli.check) {
      const { checkBackup } = await import("./restore-check");
      const check = checkBackup(destination);
      console.log(check.ok ? `Restore check passed (${check.seconds} s).` : `Restore check FAILED: ${check.problems.join("; ")}`);
      if (!check.ok) process.exit(1);
    }
    if (manifest.missingAttachments.length > 0) {
      console.error(
        `WARNING: ${manifest.missingAttachments.length} attachment files the database refers to are missing from ${attachmentsDir()}: ${manifest.missingAttachments.slice(0, 10).join(", ")}`,
      );
      process.exit(2);
    }
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
