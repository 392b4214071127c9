import fs from "node:fs";
import { and, eq, inArray, lt, or } from "drizzle-orm";
import { centreImports } from "../../db/schema";
import { labeller } from "~/domain/centre-csv";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { checkRanges } from "./centre-import-check.server";
import { runImportWork, type ImportJobWork, type RunOptions } from "./centre-import-job.server";
import { csvReferences, type ImportPreview } from "./centre-import-plan.server";
import { loadUpload, uploadFiles, type UploadError, type UploadMeta } from "./centre-import-upload.server";
import { runOnImportHelper, runOnImportWorker } from "./centre-import-worker.server";
import { listCentres } from "./centre.server";
import type { Actor } from "./write-types.server";
import { centreFiltersOf } from "./steward-pick.server";

export { csvReferences } from "./centre-import-plan.server";
export type { ImportPreview, PlannedRow, RowIssue, SkippedRow } from "./centre-import-plan.server";
export { tooLarge, type UploadError } from "./centre-import-upload.server";
export type { RunOptions } from "./centre-import-job.server";

/**
 * CSV import of centres, as a job the page follows (issue 14: 50,000 rows without holding the
 * server up). Upload: the file is parsed a slice at a time and its rows kept server-side under a
 * random token tied to the uploader; a job row (table centre_imports) starts in phase "checking".
 * The check and the commit (centre-import-job.server.ts) run on the import worker thread with
 * its own database connection (centre-import-worker.server.ts), or in place where none is
 * started; this module starts them, claims a commit for one run at a time, and says where an
 * import stands for its page.
 */

/** A job that has not moved for this long, and does not run in this process, was interrupted. */
export const STALE_MS = 30_000;

export type ImportJob = typeof centreImports.$inferSelect;

/** Runs in this process (on its worker or in place), by token: the page polls the job row; tests await these. */
const running = new Map<string, Promise<void>>();

/** Resolves when this process has no work under way for the import (at once when it has none). */
export function settledImport(token: string): Promise<void> {
  return running.get(token) ?? Promise.resolve();
}

/** Runs work of the import on the import worker (`helper`: on its helper), or in place when none is started. */
function onWorker<W extends ImportJobWork>(work: W, helper = false) {
  return (helper ? runOnImportHelper(work) : runOnImportWorker(work)) ?? runImportWork(work);
}

/** Starts the check or the commit of an import; the page follows the job row. */
function launch(token: string, work: () => Promise<unknown>) {
  const job: Promise<void> = work()
    .then(() => undefined)
    .catch((error: unknown) => {
      console.error("centre import:", error);
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      db.update(centreImports)
        .set({ phase: "failed", error: message, updatedAt: new Date() })
        .where(eq(centreImports.id, token))
        .run();
    })
    .finally(() => running.delete(token));
  running.set(token, job);
}

const jobOf = (userId: string, token: string) =>
  db
    .select()
    .from(centreImports)
    .where(and(eq(centreImports.id, token), eq(centreImports.userId, userId)))
    .get() ?? null;

// ---------------------------------------------------------------------------------------------
// Upload and check

/**
 * Reads and keeps an uploaded file (on the import worker when there is one) and starts checking
 * its rows; answers the import's token.
 */
export async function startImport(
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
): Promise<{ ok: true; token: string } | { ok: false; error: UploadError }> {
  const work = { kind: "read", userId: actor.id, fileName: file.name, bytes: file.bytes } as const;
  const kept = await (runOnImportWorker(work) ?? runImportWork(work));
  if (!kept.ok) return kept;
  const { token } = kept;
  db.insert(centreImports)
    .values({
      id: token,
      userId: actor.id,
      fileName: file.name.slice(0, 200),
      phase: "checking",
      totalRows: kept.totalRows,
      skippedRows: [],
    })
    .run();
  launch(token, () => checkImport(actor, token));
  return { ok: true, token };
}

/** From this many rows, the check is done in two halves side by side (the import worker and its helper). */
export const SPLIT_CHECK_ROWS = 2000;

/**
 * Checks an upload's rows, from the start: a large file in two halves at once, on the import
 * worker and on its helper (a quiet server has two cores; the check is JavaScript, not writes),
 * then the halves' findings and kept plans joined into one preview (finishCheck). A part that
 * fails fails the check, and what the others kept is removed.
 */
export async function checkImport(actor: Actor, token: string, options: { parts?: number } = {}) {
  const meta = loadUpload(actor.id, token);
  if (!meta) throw new Error("The upload is gone");
  const who = { id: actor.id, role: actor.role };
  const parts = options.parts ?? (meta.totalRows >= SPLIT_CHECK_ROWS ? 2 : 1);
  db.update(centreImports).set({ checkedRows: 0, updatedAt: new Date() }).where(eq(centreImports.id, token)).run();
  const settled = await Promise.allSettled(
    checkRanges(meta.totalRows, parts).map((range, i) => onWorker({ kind: "check-part", actor: who, token, range }, i > 0)),
  );
  const checked = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) {
    // Nothing is kept of a check that failed.
    await onWorker({ kind: "check-finish", token, parts: checked, failed: true });
    throw failed.reason;
  }
  await onWorker({ kind: "check-finish", token, parts: checked, failed: false });
}

function readPreview(token: string): ImportPreview | null {
  try {
    return JSON.parse(fs.readFileSync(uploadFiles(token)!.preview, "utf8")) as ImportPreview;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Commit

/**
 * Starts (or continues, after an interruption) writing the import's valid rows. Only one run
 * writes an import at a time: the job row is claimed with a conditional update, so a double
 * click, a reload or a second server process starts nothing more.
 */
export function startCommit(
  actor: Actor,
  token: string,
  note: string,
  options: RunOptions = {},
): "started" | "busy" | "done" | "not_found" {
  const job = jobOf(actor.id, token);
  if (!job) return "not_found";
  if (job.phase === "done") return "done";
  if (!loadUpload(actor.id, token)) return "not_found";
  if (running.has(token)) return "busy";
  const claimed = db
    .update(centreImports)
    .set({ phase: "importing", error: null, updatedAt: new Date() })
    .where(
      and(
        eq(centreImports.id, token),
        or(
          inArray(centreImports.phase, ["checked", "failed"]),
          and(eq(centreImports.phase, "importing"), lt(centreImports.updatedAt, new Date(Date.now() - STALE_MS))),
        ),
      ),
    )
    .run();
  if (claimed.changes !== 1) return "busy";
  launch(token, () => onWorker({ kind: "commit", actor: { id: actor.id, role: actor.role }, token, note, options }));
  return "started";
}

// ---------------------------------------------------------------------------------------------
// What the page shows

export type ImportView =
  | { view: "expired" }
  | { view: "checking" | "importing" | "interrupted"; job: ImportJob; meta: UploadMeta }
  | { view: "preview"; job: ImportJob; meta: UploadMeta; preview: ImportPreview }
  | { view: "result"; job: ImportJob; meta: UploadMeta | null };

/**
 * Where the user's import stands. A check that stopped with its process is started again here
 * (it writes nothing); a commit that stopped waits for the user to continue it.
 */
export function importView(actor: Actor, token: string, now = Date.now()): ImportView {
  const job = jobOf(actor.id, token);
  if (job?.phase === "done") return { view: "result", job, meta: loadUpload(actor.id, token, now) };
  const meta = job ? loadUpload(actor.id, token, now) : null;
  if (!job || !meta) return { view: "expired" };
  const stalled = !running.has(token) && now - job.updatedAt.getTime() > STALE_MS;
  if (job.phase === "checking") {
    if (stalled) launch(token, () => checkImport(actor, token));
    return { view: "checking", job, meta };
  }
  if (job.phase === "checked") {
    const preview = readPreview(token);
    if (preview) return { view: "preview", job, meta, preview };
    return { view: "expired" };
  }
  if (job.phase === "importing" && !stalled) return { view: "importing", job, meta };
  return { view: "interrupted", job, meta };
}

// ---------------------------------------------------------------------------------------------
// Export

/** Every row of the centre list under the given filters and sort, with a labeller for the reader's language. */
export function centreExport(searchParams: URLSearchParams, locale: string, options: { ids?: readonly string[] } = {}) {
  const today = todayInBeijing();
  const { rows } = listCentres(centreFiltersOf(searchParams).filters, { today, limit: null, ids: options.ids });
  return { rows, label: labeller(csvReferences(), locale), today };
}
