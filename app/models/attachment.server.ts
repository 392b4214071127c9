import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/schemas/request";
import { inArray } from "drizzle-orm";
import { attachments } from "../../db/schema";
import { chunks } from "~/utils/chunks";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { outOfSpace } from "~/utils/out-of-space";

/** What content may be attached: detected from the bytes, with the file names that go with each type. */
const ALLOWED: Record<string, string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/x-cfb": ["doc", "xls", "ppt"],
};

export type StoredFile = { fileName: string; detectedType: string; size: number; sha256: string; storageKey: string };

/** Attachments live outside public/, beside the database, and are served only through an authorised route. */
export function attachmentsDir() {
  return process.env.ATTACHMENTS_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "attachments");
}

export function attachmentPath(storageKey: string) {
  if (!/^[0-9a-f-]{36}$/.test(storageKey)) throw new Error("Bad storage key");
  return path.join(attachmentsDir(), storageKey);
}

/** Checks the uploaded files (count, size, content type) and returns an error key per problem, or the files' bytes. */
export async function checkAttachments(
  files: File[],
): Promise<{ error: string } | { files: { file: File; bytes: Buffer; type: string }[] }> {
  const real = files.filter((f) => f.size > 0 || f.name);
  if (real.length > MAX_ATTACHMENTS) return { error: `requests.errors.tooManyFiles:${MAX_ATTACHMENTS}` };
  const checked = [];
  for (const file of real) {
    if (file.size > MAX_ATTACHMENT_BYTES) return { error: "requests.errors.fileTooLarge" };
    if (file.size === 0) return { error: "requests.errors.fileEmpty" };
    const bytes = Buffer.from(await file.arrayBuffer());
    const detected = await fileTypeFromBuffer(bytes);
    const extension = path.extname(file.name).slice(1).toLowerCase();
    const allowedExtensions = detected ? ALLOWED[detected.mime] : undefined;
    if (!detected || !allowedExtensions || !allowedExtensions.includes(extension)) return { error: "requests.errors.fileType" };
    checked.push({ file, bytes, type: detected.mime });
  }
  return { files: checked };
}

/**
 * Files are written in two steps so that no file exists without its database row: first under
 * `.incoming/` (storeAttachments), then moved into place once the row is committed
 * (placeStoredFiles), or deleted when the submission is refused (discardStoredFiles). At start,
 * sweepIncomingAttachments finishes what a crash interrupted: a file whose row was committed is
 * moved into place, any other is deleted.
 */
export const incomingDir = () => path.join(attachmentsDir(), ".incoming");
const incomingPath = (storageKey: string) => path.join(incomingDir(), path.basename(attachmentPath(storageKey)));

/** Writes checked files under .incoming/; returns what the database records. */
export function storeAttachments(files: { file: File; bytes: Buffer; type: string }[]): StoredFile[] {
  fs.mkdirSync(incomingDir(), { recursive: true });
  const stored: StoredFile[] = [];
  try {
    for (const { file, bytes, type } of files) {
      const storageKey = crypto.randomUUID();
      fs.writeFileSync(incomingPath(storageKey), bytes, { flag: "wx" });
      stored.push({
        fileName: path.basename(file.name).slice(0, 200),
        detectedType: type,
        size: bytes.length,
        sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
        storageKey,
      });
    }
  } catch (error) {
    discardStoredFiles(stored);
    throw outOfSpace(error) ?? error;
  }
  return stored;
}

/** Moves committed files into place (a rename on the same disk). */
export function placeStoredFiles(files: StoredFile[]) {
  for (const f of files) {
    try {
      fs.renameSync(incomingPath(f.storageKey), attachmentPath(f.storageKey));
    } catch (error) {
      // Another server process starting meanwhile may have moved it into place already (its sweep).
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && fs.existsSync(attachmentPath(f.storageKey))) continue;
      throw error;
    }
  }
}

/**
 * A file under .incoming/ without a row is deleted by the sweep only when older than this: a
 * younger one may be an upload that another server process on the same database is handling.
 */
export const INCOMING_GRACE_MS = 60 * 60 * 1000;

/** Deletes files of a submission that was refused or failed. */
export function discardStoredFiles(files: StoredFile[]) {
  for (const f of files) fs.rmSync(incomingPath(f.storageKey), { force: true });
}

/** Finishes or undoes what a crash left under .incoming/; answers how many files were moved and deleted. */
export function sweepIncomingAttachments(now = Date.now()): { placed: number; deleted: number } {
  let names: string[];
  try {
    names = fs.readdirSync(incomingDir());
  } catch {
    return { placed: 0, deleted: 0 };
  }
  const keys = names.filter((n) => /^[0-9a-f-]{36}$/.test(n));
  const recorded = new Set(
    chunks(keys).flatMap((batch) =>
      db
        .select({ key: attachments.storageKey })
        .from(attachments)
        .where(inArray(attachments.storageKey, batch))
        .all()
        .map((r) => r.key),
    ),
  );
  let placed = 0;
  let deleted = 0;
  for (const name of names) {
    const file = path.join(incomingDir(), name);
    try {
      if (recorded.has(name)) {
        fs.renameSync(file, attachmentPath(name));
        placed++;
      } else if (fs.statSync(file).mtimeMs < now - INCOMING_GRACE_MS) {
        fs.rmSync(file, { force: true, recursive: true });
        deleted++;
      }
    } catch (error) {
      // Moved or deleted meanwhile by the process whose upload it is.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return { placed, deleted };
}
