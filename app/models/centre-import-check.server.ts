import fs from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { centreImports } from "../../db/schema";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { assembleCheckedPlan, keepCheckedPart, plannerOnBasis } from "./centre-import-checked.server";
import { PACE, pacer } from "./centre-import-pace.server";
import { countsOf, withoutExecution, type ImportCounts, type ImportPreview, type PlannedRow } from "./centre-import-plan.server";
import { loadUpload, nextTurn, uploadFiles, uploadRowSlices } from "./centre-import-upload.server";
import type { Actor } from "./write-types.server";

/**
 * The check of an upload's rows, in parts (one, or two side by side on the import worker and its
 * helper: `checkImport` in centre-import.server.ts starts them): each part plans its range of
 * rows and keeps their plans; `finishCheck` joins the parts into the preview and one kept plan.
 */

/** Rows shown in the preview: the first flagged rows (errors or warnings) and the first clean rows. */
const PREVIEW_FLAGGED_ROWS = 1000;
const PREVIEW_CLEAN_ROWS = 200;
/** How often a part of the check writes its progress. */
const PROGRESS_EVERY_MS = 250;

/** The upload's rows [from, to) (0-based, in the upload's order): one part of the check. */
export type CheckRange = { from: number; to: number };

/** The upload's rows in `parts` ranges of (nearly) equal size, in order. */
export function checkRanges(totalRows: number, parts: number): CheckRange[] {
  const count = Math.max(1, Math.min(parts, totalRows));
  return Array.from({ length: count }, (_, i) => ({
    from: Math.round((i * totalRows) / count),
    to: Math.round(((i + 1) * totalRows) / count),
  }));
}

/** What one part of the check found, for `finishCheck` (plain data, posted between threads). */
export type CheckedPart = {
  basis: string | null;
  context: Pick<ImportPreview, "ignoredColumns" | "missingOptional">;
  counts: ImportCounts;
  checked: number;
  /** The part's first flagged rows (errors or warnings) and first clean rows, and how many it flagged. */
  flagged: PlannedRow[];
  clean: PlannedRow[];
  flaggedTotal: number;
  /** The part's file of the kept plan (keepCheckedPart), or null when none was kept. */
  kept: string | null;
};

/**
 * Checks the rows `range` of an upload: plans each (centre-import-plan.server.ts) a slice at a
 * time, writing nothing but the job's progress (added to, as another part may run beside it),
 * and keeps every row's plan for the commit. The first part's kept plan begins with its basis.
 */
export async function checkPart(actor: Actor, token: string, range: CheckRange): Promise<CheckedPart> {
  const meta = loadUpload(actor.id, token);
  if (!meta) throw new Error("The upload is gone");
  const { plan, context, basis } = plannerOnBasis(actor, meta.header, todayInBeijing());
  const kept = await keepCheckedPart(token, basis, { first: range.from === 0 });
  const pace = pacer(PACE.checkMs);
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  const flagged: PlannedRow[] = [];
  const clean: PlannedRow[] = [];
  let flaggedTotal = 0;
  let checked = 0;
  let reportedRows = 0;
  let reported = performance.now();
  const report = () => {
    db.update(centreImports)
      .set({ checkedRows: sql`${centreImports.checkedRows} + ${checked - reportedRows}`, updatedAt: new Date() })
      .where(eq(centreImports.id, token))
      .run();
    reportedRows = checked;
    reported = performance.now();
  };
  try {
    const slices = uploadRowSlices(token, { skip: range.from, limit: range.to - range.from, size: pace.size });
    for await (const slice of slices) {
      const started = performance.now();
      const planned = plan(slice);
      const rows = planned.map(withoutExecution);
      pace.record(slice.length, performance.now() - started);
      await kept.add(slice, planned);
      const sliceCounts = countsOf(rows);
      for (const action of Object.keys(counts) as (keyof ImportCounts)[]) counts[action] += sliceCounts[action];
      for (const row of rows) {
        const isFlagged = row.errors.length > 0 || row.warnings.length > 0;
        if (isFlagged) flaggedTotal++;
        const list = isFlagged ? flagged : clean;
        if (list.length < (list === flagged ? PREVIEW_FLAGGED_ROWS : PREVIEW_CLEAN_ROWS)) list.push(row);
      }
      checked += slice.length;
      if (performance.now() - reported > PROGRESS_EVERY_MS) report();
      await nextTurn();
    }
  } catch (error) {
    await kept.abandon();
    throw error;
  }
  report();
  const { ignoredColumns, missingOptional } = context;
  return {
    basis,
    context: { ignoredColumns, missingOptional },
    counts,
    checked,
    flagged,
    clean,
    flaggedTotal,
    kept: await kept.close(),
  };
}

/**
 * Ends a check from its parts (in the order of their rows): their plans kept as one when every
 * part planned on the same basis, the preview written (the first flagged and clean rows of the
 * whole file, the counts of all), and the job moved on to "checked". Of a check that `failed`
 * (a part threw) the parts' kept plans are removed, and nothing else is done.
 */
export async function finishCheck(token: string, parts: readonly CheckedPart[], failed: boolean) {
  const basis = parts[0]?.basis ?? null;
  const onOneBasis = basis !== null && parts.every((part) => part.basis === basis);
  await assembleCheckedPlan(
    token,
    parts.map((part) => part.kept),
    !failed && onOneBasis,
  );
  if (failed) return;
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const part of parts)
    for (const action of Object.keys(counts) as (keyof ImportCounts)[]) counts[action] += part.counts[action];
  const checked = parts.reduce((sum, part) => sum + part.checked, 0);
  const flaggedTotal = parts.reduce((sum, part) => sum + part.flaggedTotal, 0);
  const flagged = parts.flatMap((part) => part.flagged).slice(0, PREVIEW_FLAGGED_ROWS);
  const clean = parts.flatMap((part) => part.clean).slice(0, PREVIEW_CLEAN_ROWS);
  const rows = [...flagged, ...clean].sort((a, b) => a.line - b.line);
  const hiddenFlagged = flaggedTotal - flagged.length;
  const hiddenRows = checked - rows.length - hiddenFlagged;
  const context = parts[0]?.context ?? { ignoredColumns: [], missingOptional: [] };
  const preview: ImportPreview = { counts, total: checked, ...context, rows, hiddenRows, hiddenFlagged };
  await fs.promises.writeFile(uploadFiles(token)!.preview, JSON.stringify(preview), { mode: 0o600 });
  db.update(centreImports)
    .set({ phase: "checked", checkedRows: checked, updatedAt: new Date() })
    .where(and(eq(centreImports.id, token), eq(centreImports.phase, "checking")))
    .run();
}
