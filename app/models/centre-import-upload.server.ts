import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  checkCsvHeader,
  csvUsccOf,
  decodeCsvBytes,
  parseCsvTableInSlices,
  type CsvEncoding,
} from "~/domain/centre-csv";
import { env } from "~/utils/env.server";

/**
 * The uploaded file of a centre import, kept on disk under a random token until the import is
 * done or expired: `<token>.json` (who uploaded what) and `<token>.rows.jsonl` (one data row a
 * line). Reading and writing go a slice at a time with a turn of the event loop between slices,
 * so a 50,000-row file never holds the server up (issue 14).
 */

/** How long an uploaded file waits for its confirmation. */
export const IMPORT_TTL_MS = 2 * 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Rows written or handed on between two turns of the event loop. */
const ROWS_PER_SLICE = 2000;

export type UploadError =
  | { key: "noFile" }
  | { key: "tooLarge"; maxMb: number }
  | { key: "notCsv" }
  | { key: "binary" }
  | { key: "empty" }
  | { key: "malformed"; line: number }
  | { key: "header"; missing: string[]; duplicate: string[] }
  | { key: "tooManyRows"; count: number; max: number };

/** A data row: the line it starts on, its cells, and the line of the first row with the same USCC when it repeats one. */
export type StoredRow = { line: number; cells: string[]; duplicateOf?: number };

export type UploadMeta = {
  userId: string;
  createdAt: number;
  fileName: string;
  encoding: CsvEncoding;
  header: string[];
  totalRows: number;
};

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const tooLarge = (): UploadError => ({ key: "tooLarge", maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });

/** Checks and parses an uploaded file; nothing is stored. */
export async function readUpload(
  bytes: Uint8Array,
): Promise<{ ok: true; encoding: CsvEncoding; header: string[]; rows: StoredRow[] } | { ok: false; error: UploadError }> {
  if (bytes.byteLength === 0) return { ok: false, error: { key: "empty" } };
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, error: tooLarge() };
  // A workbook (.xlsx is a ZIP, .xls an OLE file) rather than its CSV export.
  if (
    (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) ||
    (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
  ) {
    return { ok: false, error: { key: "notCsv" } };
  }
  const { text, encoding } = decodeCsvBytes(bytes);
  if (looksBinary(text)) return { ok: false, error: { key: "binary" } };
  const parsed = await parseCsvTableInSlices(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const header = checkCsvHeader(parsed.table.header);
  if (!header.ok) return { ok: false, error: { key: "header", missing: header.missing, duplicate: header.duplicate } };
  const { rows } = parsed.table;
  if (rows.length === 0) return { ok: false, error: { key: "empty" } };
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, error: { key: "tooManyRows", count: rows.length, max: MAX_IMPORT_ROWS } };
  // A code given twice: the later rows are skipped, naming the first (found now, so each chunk can be planned alone).
  const firstLineOf = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row: StoredRow = rows[i]!;
    const uscc = csvUsccOf(row.cells, header.index);
    const first = uscc ? firstLineOf.get(uscc) : undefined;
    if (first !== undefined) row.duplicateOf = first;
    else if (uscc) firstLineOf.set(uscc, row.line);
    if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await nextTurn();
  }
  return { ok: true, encoding, header: parsed.table.header, rows };
}

/**
 * Not text at all (an image, a PDF, an archive): NUL or other control characters that no CSV
 * saved by a spreadsheet contains, in more than a few places of the first 64 KB.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return control > Math.max(2, sample.length / 100);
}

function importsDir() {
  return path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "imports");
}

/** The files of an upload, or null for a token that is not one of ours. */
export function uploadFiles(token: string) {
  if (!TOKEN.test(token)) return null;
  const base = path.join(importsDir(), token);
  return {
    meta: `${base}.json`,
    rows: `${base}.rows.jsonl`,
    preview: `${base}.preview.json`,
    // The check's plan of every row, for the commit (centre-import-checked.server.ts).
    checked: `${base}.checked.jsonl`,
  };
}

/** Removes uploads past their time (called on each new upload). */
function sweep(now: number) {
  const dir = importsDir();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > IMPORT_TTL_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed by a concurrent sweep
    }
  }
}

/** Keeps an upload for its preview and confirmation, a slice of rows at a time; returns its token. */
export async function saveUpload(
  upload: Omit<UploadMeta, "createdAt" | "totalRows"> & { rows: StoredRow[] },
  now = Date.now(),
): Promise<string> {
  sweep(now);
  fs.mkdirSync(importsDir(), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  const files = uploadFiles(token)!;
  const handle = await fs.promises.open(files.rows, "w", 0o600);
  try {
    for (let at = 0; at < upload.rows.length; at += ROWS_PER_SLICE) {
      const slice = upload.rows.slice(at, at + ROWS_PER_SLICE);
      await handle.write(slice.map((row) => `${JSON.stringify(row)}\n`).join(""));
    }
  } finally {
    await handle.close();
  }
  const meta: UploadMeta = {
    userId: upload.userId,
    createdAt: now,
    fileName: upload.fileName.slice(0, 200),
    encoding: upload.encoding,
    header: upload.header,
    totalRows: upload.rows.length,
  };
  fs.writeFileSync(files.meta, JSON.stringify(meta), { mode: 0o600 });
  return token;
}

/** The user's own upload under this token, or null when unknown, expired or someone else's. */
export function loadUpload(userId: string, token: string, now = Date.now()): UploadMeta | null {
  const files = uploadFiles(token);
  if (!files || !fs.existsSync(files.meta)) return null;
  let meta: UploadMeta;
  try {
    meta = JSON.parse(fs.readFileSync(files.meta, "utf8")) as UploadMeta;
  } catch {
    return null;
  }
  if (meta.userId !== userId || now - meta.createdAt > IMPORT_TTL_MS) return null;
  return meta;
}

/**
 * The upload's rows from the `skip`-th on (at most `limit` of them), in slices of at most `size`
 * rows; reading the file is asynchronous, so other requests are served between slices.
 */
export async function* uploadRowSlices(
  token: string,
  { skip = 0, limit = Infinity, size }: { skip?: number; limit?: number; size: () => number },
) {
  const files = uploadFiles(token);
  if (!files) return;
  const input = fs.createReadStream(files.rows, "utf8");
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let index = 0;
  let taken = 0;
  let slice: StoredRow[] = [];
  try {
    for await (const line of lines) {
      if (line === "" || index++ < skip) continue;
      if (taken++ >= limit) break;
      slice.push(JSON.parse(line) as StoredRow);
      if (slice.length >= size()) {
        yield slice;
        slice = [];
      }
    }
    if (slice.length) yield slice;
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The upload's rows (and their plan) are no longer needed once it is imported (its result lives in the database). */
export function dropUploadRows(token: string) {
  const files = uploadFiles(token);
  if (!files) return;
  fs.rmSync(files.rows, { force: true });
  fs.rmSync(files.checked, { force: true });
}
