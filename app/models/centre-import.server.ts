import fs from "node:fs";
import { and, eq, inArray, lt, or } from "drizzle-orm";
import { centreEvents, centreImports, centres } from "../../db/schema";
import { labeller } from "~/domain/centre-csv";
import { parseCentreFilters } from "~/schemas/centre-filters";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { correctRecognitionDate, recordCentreEvent } from "./centre-events.server";
import {
  countsOf,
  csvReferences,
  issuesOf,
  makePlanner,
  withoutExecution,
  type Execution,
  type PlannedWithExecution,
  type ImportCounts,
  type ImportPreview,
  type PlannedRow,
  type SkippedRow,
} from "./centre-import-plan.server";
import {
  dropUploadRows,
  loadUpload,
  nextTurn,
  readUpload,
  saveUpload,
  uploadFiles,
  uploadRowSlices,
  type UploadError,
  type UploadMeta,
} from "./centre-import-upload.server";
import { listCentres } from "./centre.server";
import { createCentre, updateCentre } from "./centre-write.server";
import { referenceList } from "./reference.server";
import type { Actor, Tx } from "./write-types.server";

export { csvReferences } from "./centre-import-plan.server";
export type { ImportPreview, PlannedRow, RowIssue, SkippedRow } from "./centre-import-plan.server";
export { tooLarge, type UploadError } from "./centre-import-upload.server";

/**
 * CSV import of centres, as a job the page follows (issue 14: 50,000 rows without holding the
 * server up). Upload: the file is parsed a slice at a time and its rows kept server-side under a
 * random token tied to the uploader; a job row (table centre_imports) starts in phase "checking".
 * Check: every row is planned (centre-import-plan.server.ts) a slice at a time, with a turn of the
 * event loop between slices, writing nothing but the job's progress; the preview is kept beside
 * the rows. Commit: the rows are planned again (the database may have changed) and written in
 * chunks, each chunk one transaction of about SLICE_MS that also moves the job's progress and
 * counts on, each row in a savepoint so one refused row cannot leave half a centre. A commit that
 * stopped (the process ended) continues from the first row not yet written when it is confirmed
 * again; a row written twice could not happen, and a centre already created would be planned as
 * unchanged anyway (rows are keyed on USCC).
 */

/** A job that has not moved for this long, and does not run in this process, was interrupted. */
export const STALE_MS = 30_000;
/** The longest a slice of work should hold the event loop (the goal is under 200 ms). */
const SLICE_MS = 20;
/** Rows shown in the preview: the first flagged rows (errors or warnings) and the first clean rows. */
const PREVIEW_FLAGGED_ROWS = 1000;
const PREVIEW_CLEAN_ROWS = 200;
/** Skipped rows kept for the result page. */
const KEPT_SKIPPED_ROWS = 1000;
/** How often the check writes its progress. */
const PROGRESS_EVERY_MS = 250;

export type ImportJob = typeof centreImports.$inferSelect;
export type RunOptions = {
  /** At most this many rows in a chunk (tests use small chunks to see several). */
  maxChunkRows?: number;
  /** Stop (as an ended process would) after this many committed chunks; for tests. */
  stopAfterChunks?: number;
};

/** Runs in this process, by token: the page polls the job row; tests await these. */
const running = new Map<string, Promise<void>>();

/** Resolves when this process has no work under way for the import (at once when it has none). */
export function settledImport(token: string): Promise<void> {
  return running.get(token) ?? Promise.resolve();
}

function launch(token: string, work: () => Promise<void>) {
  const job = work()
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

/**
 * Slice sizes that keep each slice near SLICE_MS: the next slice has as many rows as the rows
 * so far took on average to fill it (at least one).
 */
function pacer(maxRows = 500) {
  let rows = 0;
  let ms = 0;
  return {
    size: () => (rows === 0 ? 1 : Math.max(1, Math.min(maxRows, Math.floor(SLICE_MS / (ms / rows))))),
    record(n: number, took: number) {
      rows += n;
      ms += took;
    },
  };
}

const jobOf = (userId: string, token: string) =>
  db
    .select()
    .from(centreImports)
    .where(and(eq(centreImports.id, token), eq(centreImports.userId, userId)))
    .get() ?? null;

// ---------------------------------------------------------------------------------------------
// Upload and check

/** Reads and keeps an uploaded file and starts checking its rows; answers the import's token. */
export async function startImport(
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
): Promise<{ ok: true; token: string } | { ok: false; error: UploadError }> {
  const read = await readUpload(file.bytes);
  if (!read.ok) return read;
  const token = await saveUpload({
    userId: actor.id,
    fileName: file.name,
    encoding: read.encoding,
    header: read.header,
    rows: read.rows,
  });
  db.insert(centreImports)
    .values({
      id: token,
      userId: actor.id,
      fileName: file.name.slice(0, 200),
      phase: "checking",
      totalRows: read.rows.length,
      skippedRows: [],
    })
    .run();
  launch(token, () => checkRows(actor, token));
  return { ok: true, token };
}

async function checkRows(actor: Actor, token: string) {
  const meta = loadUpload(actor.id, token);
  if (!meta) throw new Error("The upload is gone");
  const { plan, context } = makePlanner(actor, meta.header, todayInBeijing(), true);
  const pace = pacer();
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  const flagged: PlannedRow[] = [];
  const clean: PlannedRow[] = [];
  let flaggedTotal = 0;
  let checked = 0;
  let reported = performance.now();
  for await (const slice of uploadRowSlices(token, { size: pace.size })) {
    const started = performance.now();
    const rows = plan(slice).map(withoutExecution);
    pace.record(slice.length, performance.now() - started);
    const sliceCounts = countsOf(rows);
    for (const action of Object.keys(counts) as (keyof ImportCounts)[]) counts[action] += sliceCounts[action];
    for (const row of rows) {
      const isFlagged = row.errors.length > 0 || row.warnings.length > 0;
      if (isFlagged) flaggedTotal++;
      const list = isFlagged ? flagged : clean;
      if (list.length < (list === flagged ? PREVIEW_FLAGGED_ROWS : PREVIEW_CLEAN_ROWS)) list.push(row);
    }
    checked += slice.length;
    if (performance.now() - reported > PROGRESS_EVERY_MS) {
      db.update(centreImports).set({ checkedRows: checked, updatedAt: new Date() }).where(eq(centreImports.id, token)).run();
      reported = performance.now();
    }
    await nextTurn();
  }
  const rows = [...flagged, ...clean].sort((a, b) => a.line - b.line);
  const hiddenFlagged = flaggedTotal - flagged.length;
  const hiddenRows = checked - rows.length - hiddenFlagged;
  const preview: ImportPreview = { counts, total: checked, ...context, rows, hiddenRows, hiddenFlagged };
  await fs.promises.writeFile(uploadFiles(token)!.preview, JSON.stringify(preview), { mode: 0o600 });
  db.update(centreImports)
    .set({ phase: "checked", checkedRows: checked, updatedAt: new Date() })
    .where(and(eq(centreImports.id, token), eq(centreImports.phase, "checking")))
    .run();
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
  launch(token, () => commitRows(actor, token, note, options));
  return "started";
}

async function commitRows(actor: Actor, token: string, note: string, options: RunOptions) {
  const meta = loadUpload(actor.id, token);
  const job = jobOf(actor.id, token);
  if (!meta || !job) throw new Error("The upload is gone");
  const today = todayInBeijing();
  const { plan } = makePlanner(actor, meta.header, today, false);
  // Made once for the run, not once per centre (the calendar alone cost ~2 ms a centre).
  const run: CommitRun = { actor, note, today, calendar: workingCalendar(), stageOrder: stageOrder() };
  const pace = pacer(options.maxChunkRows);
  let chunks = 0;
  for await (const slice of uploadRowSlices(token, { skip: job.doneRows, size: pace.size })) {
    const started = performance.now();
    db.transaction((tx) => commitSlice(tx, run, token, plan(slice), slice.length));
    pace.record(slice.length, performance.now() - started);
    if (options.stopAfterChunks && ++chunks >= options.stopAfterChunks) return;
    await nextTurn();
  }
  db.transaction((tx) => {
    const done = tx.select().from(centreImports).where(eq(centreImports.id, token)).get()!;
    recordAudit(tx, {
      actorId: actor.id,
      entity: "centre_import",
      entityId: token.slice(0, 12),
      action: "import",
      changes: [
        { field: "file", before: null, after: meta.fileName },
        ...(["created", "updated", "unchanged", "skipped"] as const).map((field) => ({
          field,
          before: null,
          after: done[field],
        })),
      ],
    });
    tx.update(centreImports)
      .set({ phase: "done", updatedAt: new Date(), finishedAt: new Date() })
      .where(eq(centreImports.id, token))
      .run();
  });
  dropUploadRows(token);
}

/** Writes one chunk: each planned row in its own savepoint, and the job's progress and counts with them. */
function commitSlice(tx: Tx, run: CommitRun, token: string, rows: PlannedWithExecution[], rowCount: number) {
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const skipped: SkippedRow[] = [];
  for (const row of rows) {
    if (row.action === "unchanged") counts.unchanged += 1;
    if (!row.execution) {
      if (row.action === "skip") {
        counts.skipped += 1;
        skipped.push({ line: row.line, uscc: row.uscc, nameZh: row.nameZh, nameEn: row.nameEn, errors: row.errors });
      }
      continue;
    }
    try {
      tx.transaction((savepoint) => execute(run, row.execution!, savepoint));
      if (row.execution.kind === "create") counts.created += 1;
      else counts.updated += 1;
    } catch (error) {
      if (!(error instanceof RowRefused)) throw error;
      counts.skipped += 1;
      skipped.push({
        line: row.line,
        uscc: row.uscc,
        nameZh: row.nameZh,
        nameEn: row.nameEn,
        errors: issuesOf(error.fieldErrors, row.raw),
      });
    }
  }
  const job = tx.select().from(centreImports).where(eq(centreImports.id, token)).get()!;
  const kept = Array.isArray(job.skippedRows) ? (job.skippedRows as SkippedRow[]) : [];
  tx.update(centreImports)
    .set({
      doneRows: job.doneRows + rowCount,
      created: job.created + counts.created,
      updated: job.updated + counts.updated,
      unchanged: job.unchanged + counts.unchanged,
      skipped: job.skipped + counts.skipped,
      skippedRows: kept.length >= KEPT_SKIPPED_ROWS ? kept : [...kept, ...skipped].slice(0, KEPT_SKIPPED_ROWS),
      updatedAt: new Date(),
    })
    .where(eq(centreImports.id, token))
    .run();
}

type CommitRun = { actor: Actor; note: string; today: string; calendar: WorkingCalendar; stageOrder: string[] };

const stageOrder = () => referenceList("stage", { includeInactive: true }).map((s) => s.code);

/** Stages before "recognised" in the configured order (lead, in contact…): a recognised centre is not in one. */
function isBeforeRecognisedStage(order: string[], stage: string | null | undefined): boolean {
  const recognisedAt = order.indexOf("recognised");
  const at = stage ? order.indexOf(stage) : 0;
  return recognisedAt >= 0 && at >= 0 && at < recognisedAt;
}

class RowRefused extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super("row refused");
  }
}

function execute({ actor, note, today, calendar, stageOrder: order }: CommitRun, execution: Execution, tx: Tx): string {
  const ok = <T extends { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors }>(result: T) => {
    if (!result.ok)
      throw new RowRefused(Object.keys(result.fieldErrors).length ? result.fieldErrors : { _form: "errors.500.body" });
    return result.id;
  };
  if (execution.kind === "create") {
    const r = execution.recognition;
    // A centre imported as recognised is in stage "recognised" (never lead) from its recognition date, per the documents.
    const input =
      r && isBeforeRecognisedStage(order, execution.input.stage) ? { ...execution.input, stage: "recognised" } : execution.input;
    const id = ok(createCentre(actor, input, tx, { calendar }));
    if (r) {
      tx.update(centreEvents)
        .set({ effectiveOn: r.effectiveOn })
        .where(and(eq(centreEvents.centreId, id), eq(centreEvents.kind, "stage_changed")))
        .run();
      ok(
        recordCentreEvent(
          actor,
          id,
          { kind: "recognised", batch: r.batch, level: r.level, effectiveOn: r.effectiveOn, documentRef: "", note },
          tx,
        ),
      );
    }
    return id;
  }
  // Events first: a steward who hands the centre to another lead steward can still record them.
  const r = execution.recognition;
  const currentStage = tx.select({ stage: centres.stage }).from(centres).where(eq(centres.id, execution.centreId)).get()?.stage;
  const stage = r && isBeforeRecognisedStage(order, execution.stage ?? currentStage) ? "recognised" : execution.stage;
  if (stage)
    ok(
      recordCentreEvent(
        actor,
        execution.centreId,
        { kind: "stage_changed", stage, effectiveOn: r && stage === "recognised" ? r.effectiveOn : today, note },
        tx,
      ),
    );
  if (r)
    ok(
      recordCentreEvent(
        actor,
        execution.centreId,
        { kind: "recognised", batch: r.batch, level: r.level, effectiveOn: r.effectiveOn, documentRef: "", note },
        tx,
      ),
    );
  if (execution.correction)
    ok(correctRecognitionDate(actor, execution.centreId, execution.correction.eventId, execution.correction.to, note, tx));
  return ok(updateCentre(actor, execution.centreId, execution.input, tx));
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
    if (stalled) launch(token, () => checkRows(actor, token));
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
  const { rows } = listCentres(parseCentreFilters(searchParams), { today, limit: null, ids: options.ids });
  return { rows, label: labeller(csvReferences(), locale), today };
}
