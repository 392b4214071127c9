import { and, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { centreImports, centres } from "../../db/schema";
import { centreHistory, type CentreEvent } from "~/domain/counting";
import { canEditCentre } from "~/domain/permissions";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit, recordAudits, type AuditEntry } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { conflictOf, correctRecognitionDate, recordCentreEvent } from "./centre-events.server";
import { checkPart, finishCheck, type CheckedPart, type CheckRange } from "./centre-import-check.server";
import { checkedRowSlices, plannerOnBasis } from "./centre-import-checked.server";
import { pacer, PACE, pause } from "./centre-import-pace.server";
import {
  issuesOf,
  type Execution,
  type PlannedRow,
  type PlannedWithExecution,
  type Planner,
  type Recognition,
  type SkippedRow,
} from "./centre-import-plan.server";
import {
  dropUploadRows,
  loadUpload,
  readUpload,
  saveUpload,
  type StoredRow,
  type UploadError,
} from "./centre-import-upload.server";
import { createCentres, updateCentre, type CentreLookup, type NewCentre } from "./centre-write.server";
import { templateSet, type TemplateSet } from "./checklist.server";
import { referenceList } from "./reference.server";
import { insertRows, statement } from "./statements.server";
import { checkpointingInPauses } from "./wal-checkpoints.server";
import { FORBIDDEN, type Actor, type Refusal, type Tx } from "./write-types.server";

/**
 * The work of a centre import job (the job row, table centre_imports, is its state): checking
 * the rows of an upload into its preview, and committing them. It runs on the import worker
 * thread (centre-import-worker.server.ts) with its own database connection, or, where no worker
 * is started (scripts, most tests), on the caller's thread with a turn of the event loop between
 * slices.
 *
 * Check (centre-import-check.server.ts): every row is planned (centre-import-plan.server.ts) a
 * slice at a time, writing nothing but the job's progress; a large file in two parts at once,
 * each on a thread of its own, joined at the end. The preview and every row's plan are kept
 * beside the rows. Commit: the rows are taken with the check's plan
 * while what it was planned from holds, else planned again
 * (centre-import-checked.server.ts; the centres they name are checked chunk by chunk), and
 * written in chunks, each chunk one transaction that also moves the job's progress and counts
 * on: its new centres all at once (createCentres, each checked before any is written, a refused
 * one not written at all), its updates row by row, so one refused row cannot leave half a
 * centre. A commit that stopped (the process ended) continues from the first row not yet
 * written when it is confirmed again; a row written twice could not happen, and a centre already
 * created would be planned as unchanged anyway (rows are keyed on USCC).
 */

/** Skipped rows kept for the result page. */
const KEPT_SKIPPED_ROWS = 1000;

export type RunOptions = {
  /** At most this many rows in a chunk (tests use small chunks to see several). */
  maxChunkRows?: number;
  /** Stop (as an ended process would) after this many committed chunks; for tests. */
  stopAfterChunks?: number;
};

/** What the worker is asked to do (plain data, posted between threads). */
export type ImportJobWork =
  | { kind: "read"; userId: string; fileName: string; bytes: Uint8Array }
  | { kind: "check-part"; actor: Actor; token: string; range: CheckRange }
  | { kind: "check-finish"; token: string; parts: CheckedPart[]; failed: boolean }
  | { kind: "commit"; actor: Actor; token: string; note: string; options: RunOptions };

export type KeptUpload = { ok: true; token: string; totalRows: number } | { ok: false; error: UploadError };

/** What each kind of work answers. */
export type ImportWorkResult<W extends ImportJobWork> = W extends { kind: "read" }
  ? KeptUpload
  : W extends { kind: "check-part" }
    ? CheckedPart
    : void;

export function runImportWork<W extends ImportJobWork>(work: W): Promise<ImportWorkResult<W>> {
  const done =
    work.kind === "read"
      ? keepUpload(work.userId, work.fileName, work.bytes)
      : work.kind === "check-part"
        ? checkPart(work.actor, work.token, work.range)
        : work.kind === "check-finish"
          ? finishCheck(work.token, work.parts, work.failed)
          : commitRows(work.actor, work.token, work.note, work.options);
  return done as Promise<ImportWorkResult<W>>;
}

// ---------------------------------------------------------------------------------------------
// Upload

/**
 * Reads an uploaded file (decoding, parsing, the header, duplicate codes) and keeps its rows
 * under a new token. On the worker, the file's text and rows (a 20 MB file is several times
 * that in memory) live and die on the worker's heap, not the request thread's.
 */
async function keepUpload(userId: string, fileName: string, bytes: Uint8Array): Promise<KeptUpload> {
  const read = await readUpload(bytes);
  if (!read.ok) return read;
  const token = await saveUpload({ userId, fileName, encoding: read.encoding, header: read.header, rows: read.rows });
  return { ok: true, token, totalRows: read.rows.length };
}

// ---------------------------------------------------------------------------------------------
// Commit

async function commitRows(actor: Actor, token: string, note: string, options: RunOptions) {
  const meta = loadUpload(actor.id, token);
  const job = db
    .select()
    .from(centreImports)
    .where(and(eq(centreImports.id, token), eq(centreImports.userId, actor.id)))
    .get();
  if (!meta || !job) throw new Error("The upload is gone");
  const today = todayInBeijing();
  // The form's server checks on every row again (cheap with the lists read once): a row they
  // refuse is planned as skipped, not written and refused, which would cost its chunk a retry.
  const { plan, lookup, basis } = plannerOnBasis(actor, meta.header, today);
  // Read once for the run, not once per centre (the calendar alone cost ~2 ms a centre).
  const run: CommitRun = {
    actor,
    note,
    today,
    calendar: rememberingDueDates(workingCalendar()),
    stageOrder: stageOrder(),
    lookup,
    templates: templateSet(db),
  };
  const pace = pacer(PACE.chunkMs, options.maxChunkRows);
  let chunks = 0;
  // The check's plan of each row, while what it was planned from holds (centre-import-checked.server.ts).
  const slices = checkedRowSlices(token, basis, { skip: job.doneRows, size: pace.size });
  // The log is checkpointed in the pauses, not by SQLite after each chunk (wal-checkpoints.server.ts).
  const checkpoints = checkpointingInPauses(db);
  try {
    // Each chunk is planned ahead, while the write lock is left free after the chunk before
    // (`pause`); inside its transaction that plan is used when it still holds (planAhead).
    let next = await slices.next();
    let ahead = next.done ? null : planAhead(plan, next.value.rows, next.value.planned);
    while (!next.done && ahead) {
      const slice = next.value.rows;
      const planned = ahead;
      const started = performance.now();
      try {
        // All rows of the chunk at once; a row refused rolls the chunk back, to be written row by row.
        db.transaction((tx) => commitSlice(tx, run, token, planned.current(tx), slice.length, false));
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        db.transaction((tx) => commitSlice(tx, run, token, plan(slice), slice.length, true));
      }
      pace.record(slice.length, performance.now() - started);
      if (options.stopAfterChunks && ++chunks >= options.stopAfterChunks) return;
      const paused = pause();
      checkpoints.checkpoint();
      next = await slices.next();
      ahead = next.done ? null : planAhead(plan, next.value.rows, next.value.planned);
      await paused;
    }
  } finally {
    checkpoints.end();
    await slices.return(undefined);
  }
  db.transaction((tx) => {
    const done = tx.select().from(centreImports).where(eq(centreImports.id, token)).get()!;
    // Every row written, or the job is not done (it fails, and continuing writes the rest).
    if (done.doneRows < meta.totalRows) throw new Error(`The import stopped at row ${done.doneRows} of ${meta.totalRows}`);
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

/**
 * A chunk's rows planned before its transaction, outside the write lock (the zod schema and the
 * checks are most of a chunk's JavaScript), or the check's plan of them (`checked`) when one was
 * kept on the same basis. `current(tx)`, inside the transaction, answers that plan when the
 * database cannot have changed it: none of the chunk's codes named a centre then, and none does
 * now, so every row is still a new centre or skipped for what the file says (the reference lists
 * and stewards are the run's, read once, and the check's were the same). Otherwise the rows are
 * planned again there, as they always were.
 */
export function planAhead(plan: Planner, slice: StoredRow[], checked: PlannedWithExecution[] | null = null) {
  const rows = checked ?? plan(slice);
  const codes = JSON.stringify(rows.map((r) => r.uscc).filter((u) => u.length === 18));
  const allNew = rows.every((r) => r.centreId === null);
  return {
    current(tx: Tx): PlannedWithExecution[] {
      if (allNew && !statement(tx, "select 1 from centres where uscc in (select value from json_each(?)) limit 1").get(codes))
        return rows;
      return plan(slice);
    },
  };
}

/**
 * Writes one chunk, and the job's progress and counts with it. Its new centres are written
 * together (createImported); a refused one is skipped before anything is written. With
 * `savepoints` each update is written in its own savepoint, so an update the writes refuse is
 * skipped whole and the others kept. Without, a refused update throws RowRefused out of the
 * chunk's transaction, which rolls back whole (and is written again with savepoints): a chunk is
 * committed only when every row in it is whole. The fast way is the usual one because a savepoint is not free here: SQLite's full-text
 * index (the search triggers on centres) writes its pending entries to disk at every savepoint,
 * a new index segment per row, to be merged later.
 */
function commitSlice(tx: Tx, run: CommitRun, token: string, rows: PlannedWithExecution[], rowCount: number, savepoints: boolean) {
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const skipped: SkippedRow[] = [];
  const skip = (row: PlannedWithExecution, errors: PlannedRow["errors"]) => {
    counts.skipped += 1;
    skipped.push({ line: row.line, uscc: row.uscc, nameZh: row.nameZh, nameEn: row.nameEn, errors });
  };
  // The chunk's new centres all at once; a row they refuse is not written and is skipped.
  const refusedCreates = createImported(tx, run, rows);
  for (const row of rows) {
    if (row.action === "unchanged") counts.unchanged += 1;
    if (!row.execution) {
      if (row.action === "skip") skip(row, row.errors);
      continue;
    }
    if (row.execution.kind === "create") {
      const refused = refusedCreates.get(row);
      if (refused) skip(row, issuesOf(refused, row.raw));
      else counts.created += 1;
      continue;
    }
    try {
      if (savepoints) tx.transaction((savepoint) => update(run, row.execution as UpdateExecution, savepoint));
      else update(run, row.execution, tx);
      counts.updated += 1;
    } catch (error) {
      if (!savepoints || !(error instanceof RowRefused)) throw error;
      skip(row, issuesOf(error.fieldErrors, row.raw));
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

type CommitRun = {
  actor: Actor;
  note: string;
  today: string;
  calendar: WorkingCalendar;
  stageOrder: string[];
  lookup: CentreLookup;
  templates: TemplateSet;
};

/**
 * The calendar, remembering the due dates it has counted: every centre of a run gets its
 * checklist items due the same working days after the same day (counting them cost ~40 µs each).
 */
function rememberingDueDates(calendar: WorkingCalendar): WorkingCalendar {
  const known = new Map<string, ReturnType<WorkingCalendar["addWorkingDays"]>>();
  return {
    ...calendar,
    addWorkingDays(start, n) {
      const key = `${start}|${n}`;
      let result = known.get(key);
      if (!result) known.set(key, (result = calendar.addWorkingDays(start, n)));
      return result;
    },
  };
}

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

/** The field errors of a write's refusal (a refusal without any names the form as a whole). */
const refusalErrors = (result: Refusal): FieldErrors =>
  Object.keys(result.fieldErrors).length ? result.fieldErrors : { _form: "errors.500.body" };

/**
 * Writes the new centres among `rows` together (createCentres: the form's rows and audit trail,
 * in multi-row inserts), each with its recognition as recordCentreEvent records one: the event,
 * its audit row, the centre's stage dated from it (a recognised centre is never in stage lead).
 * A row refused (by the form's checks, or its recognition by the event's) is not written at all;
 * answers those rows with their field errors.
 */
function createImported(tx: Tx, run: CommitRun, rows: PlannedWithExecution[]): Map<PlannedWithExecution, FieldErrors> {
  const { actor, note, stageOrder: order, lookup } = run;
  const refused = new Map<PlannedWithExecution, FieldErrors>();
  const creates: { row: PlannedWithExecution; centre: NewCentre; recognition: Recognition | null }[] = [];
  for (const row of rows) {
    if (row.execution?.kind !== "create") continue;
    const { input, recognition: r } = row.execution;
    if (!r) {
      creates.push({ row, centre: { input }, recognition: null });
      continue;
    }
    // recordCentreEvent's checks on the new centre: its stewards may record it, not in the future, no conflict.
    const lead = (input.lead_steward_email ? lookup.stewardId(input.lead_steward_email) : null) ?? actor.id;
    const district = input.district_steward_email ? lookup.stewardId(input.district_steward_email) : null;
    const recognised: CentreEvent = {
      centreId: "new",
      kind: "recognised",
      effectiveOn: r.effectiveOn,
      batch: r.batch,
      level: r.level,
    };
    const conflict = conflictOf([], recognised);
    if (!canEditCentre(actor, { leadStewardId: lead, districtStewardId: district })) refused.set(row, FORBIDDEN.fieldErrors);
    else if (r.effectiveOn > todayInBeijing()) refused.set(row, { effective_on: "validation.futureDate" });
    else if (conflict) refused.set(row, { _form: conflict });
    // A centre imported as recognised is in stage "recognised" (never lead) from its recognition date, per the documents.
    else
      creates.push({
        row,
        centre: {
          input: isBeforeRecognisedStage(order, input.stage) ? { ...input, stage: "recognised" } : input,
          stageOn: r.effectiveOn,
        },
        recognition: r,
      });
  }
  if (creates.length === 0) return refused;
  const results = createCentres(
    actor,
    creates.map((c) => c.centre),
    tx,
    { calendar: run.calendar, lookup, templates: run.templates },
  );
  const events: unknown[][] = [];
  const audits: AuditEntry[] = [];
  creates.forEach(({ row, centre, recognition: r }, i) => {
    const result = results[i]!;
    if (!result.ok) return void refused.set(row, refusalErrors(result));
    if (!r) return;
    const values = { effectiveOn: r.effectiveOn, note, batch: r.batch, toLevel: r.level, documentRef: "" };
    events.push([uuidv7(), result.id, "recognised", r.effectiveOn, "", note, r.batch, r.level, actor.id]);
    audits.push({
      actorId: actor.id,
      entity: "centre",
      entityId: result.id,
      action: "recognised",
      changes: Object.entries(values).map(([field, after]) => ({ field, before: null, after })),
    });
    // The cached stage and level as the counting rules read the two events (what refreshCache writes).
    const history = centreHistory([
      {
        centreId: result.id,
        kind: "stage_changed",
        effectiveOn: r.effectiveOn,
        stage: centre.input.stage,
        batch: null,
        level: null,
      },
      { centreId: result.id, kind: "recognised", effectiveOn: r.effectiveOn, batch: r.batch, level: r.level },
    ]);
    if (history.level !== centre.input.level || history.stage !== centre.input.stage || history.stageSince !== r.effectiveOn)
      statement(tx, "update centres set stage = ?, stage_since = ?, level = ? where id = ?").run(
        history.stage ?? centre.input.stage,
        history.stageSince ?? r.effectiveOn,
        history.level ?? centre.input.level,
        result.id,
      );
  });
  insertRows(
    tx,
    "centre_events",
    ["id", "centre_id", "kind", "effective_on", "document_ref", "note", "batch", "to_level", "actor_id"],
    events,
  );
  recordAudits(tx, audits);
  return refused;
}

type UpdateExecution = Extract<Execution, { kind: "update" }>;

function update({ actor, note, today, stageOrder: order }: CommitRun, execution: UpdateExecution, tx: Tx): string {
  const ok = <T extends { ok: true; id: string } | Refusal>(result: T) => {
    if (!result.ok) throw new RowRefused(refusalErrors(result));
    return result.id;
  };
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
