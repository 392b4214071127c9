import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/schemas/request";
import { env } from "~/utils/env.server";

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
export async function checkAttachments(files: File[]): Promise<{ error: string } | { files: { file: File; bytes: Buffer; type: string }[] }> {
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

/** Writes checked files to storage; returns what the database records. */
export function storeAttachments(files: { file: File; bytes: Buffer; type: string }[]): StoredFile[] {
  fs.mkdirSync(attachmentsDir(), { recursive: true });
  return files.map(({ file, bytes, type }) => {
    const storageKey = crypto.randomUUID();
    fs.writeFileSync(attachmentPath(storageKey), bytes, { flag: "wx" });
    return {
      fileName: path.basename(file.name).slice(0, 200),
      detectedType: type,
      size: bytes.length,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      storageKey,
    };
  });
}

export function removeStoredFiles(files: StoredFile[]) {
  for (const f of files) fs.rmSync(attachmentPath(f.storageKey), { force: true });
}
