import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { catalogues } from "~/locales";
import { db } from "~/utils/db.server";
import { makePlanner, type PlannedWithExecution } from "./centre-import-plan.server";
import { uploadFiles, uploadRowSlices, type StoredRow } from "./centre-import-upload.server";
import { statement } from "./statements.server";
import type { Actor } from "./write-types.server";

/**
 * The check's plan of every row, kept beside the upload for the commit (issue 14, goal 4). The
 * commit used to plan every row again (the centre form's schema and server checks: about 1.3 s of
 * CPU for 30,000 new centres, a seventh of the commit); it now reads the check's plan back when
 * nothing it was planned from has changed since:
 *
 * - the plan's **basis** (`planBasis`) is the same: the same importer with the same role, the
 *   same day, the same reference lists (codes, labels, parents, active or not), the same active
 *   stewards, the same labels of centre types and levels, and this file format;
 * - the centres the rows name are checked by the commit itself, chunk by chunk, inside the
 *   chunk's transaction (`planAhead` in centre-import-job.server.ts): a chunk whose rows were not
 *   all new centres, or whose codes now name a centre, is planned again there, as before.
 *
 * Otherwise (another day, a reference list or a steward changed, another build of the app, an
 * upload checked before this was kept) the commit plans every row itself. The file
 * (`<token>.checked.jsonl`: the basis, then one `[row, plan]` line per row in the upload's order)
 * is written under a name of its own run and renamed when the check is complete, so a check that
 * stopped half-way leaves none, and two checks of one upload (two server processes) never write
 * into one file. Read back, a line that does not parse or whose plan is not its row's ends the
 * kept plan there: the rows from that one on are read from the upload and planned by the commit.
 */

/** Bumped when the kept plan's shape changes: a plan kept by an older build is not read. */
const FORMAT = 2;

/**
 * This build of the app (when its module file was written): a plan checked under other rules (a
 * deploy between the check and the confirmation) is not reused.
 */
const BUILD = (() => {
  try {
    return String(fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);
  } catch {
    return "unknown";
  }
})();

/** Every reference item, in the order labels are resolved to codes (a label two items share resolves to the first). */
const REFERENCE_ITEMS_SQL = `select json_group_array(json_array(kind, code, parent_code, label_zh, label_en, active, sort_order)) as v
  from (select * from reference_items order by kind, sort_order, code)`;
const ACTIVE_STEWARDS_SQL = `select json_group_array(json_array(id, email)) as v
  from (select id, email from users where role in ('steward', 'admin') and disabled_at is null order by id)`;

/** What a row's plan depends on besides the centres it names, as one comparable string. */
export function planBasis(actor: Pick<Actor, "id" | "role">, today: string): string {
  const references = (statement(db, REFERENCE_ITEMS_SQL).get() as { v: string }).v;
  const stewards = (statement(db, ACTIVE_STEWARDS_SQL).get() as { v: string }).v;
  const labels = [catalogues["zh-CN"], catalogues.en].map((c) => [c.centreTypes, c.levels]);
  return createHash("sha256")
    .update(JSON.stringify([FORMAT, BUILD, actor.id, actor.role, today, references, stewards, labels]))
    .digest("base64url");
}

/**
 * A planner for an upload's rows (makePlanner, with the form's server checks) and the basis its
 * lists were read on: null when they changed while it read them (the basis is read before and
 * after), so that no plan is kept on it and none reused.
 */
export function plannerOnBasis(actor: Actor, header: string[], today: string) {
  const basis = planBasis(actor, today);
  const planner = makePlanner(actor, header, today, true);
  return { ...planner, basis: basis === planBasis(actor, today) ? basis : null };
}

/**
 * Keeps the plan of a part of the check (a range of rows; the first part's file begins with the
 * basis), a slice at a time; `close` answers the part's file, complete, for `assembleCheckedPlan`.
 * Keeping it is a saving, not a duty: when it cannot be written (a full disk), what was written
 * is removed, the check goes on without it (`close` answers null), and the commit plans the rows
 * itself.
 */
export async function keepCheckedPart(token: string, basis: string | null, { first }: { first: boolean }) {
  const file = uploadFiles(token)!.checked;
  // This run's own file until it is complete: another check of the same upload writes its own.
  const partial = `${file}.${randomUUID()}.part`;
  let handle: fs.promises.FileHandle | null = null;
  const giveUp = async () => {
    const open = handle;
    handle = null;
    await open?.close().catch(() => undefined);
    await fs.promises.rm(partial, { force: true }).catch(() => undefined);
  };
  const attempt = async (write: (open: fs.promises.FileHandle) => Promise<unknown>) => {
    if (!handle) return;
    try {
      await write(handle);
    } catch {
      await giveUp();
    }
  };
  try {
    // No basis: nothing to keep (the lists changed while they were read).
    handle = basis === null ? null : await fs.promises.open(partial, "w", 0o600);
  } catch {
    handle = null;
  }
  if (first) await attempt((open) => open.write(`${JSON.stringify({ basis })}\n`));
  return {
    add: (rows: readonly StoredRow[], planned: readonly PlannedWithExecution[]) =>
      attempt((open) => open.write(rows.map((row, i) => `${JSON.stringify([row, planned[i]])}\n`).join(""))),
    async close(): Promise<string | null> {
      let closed = false;
      await attempt(async (open) => {
        await open.close();
        handle = null;
        closed = true;
      });
      return closed ? partial : null;
    },
    abandon: giveUp,
  };
}

/**
 * Makes the check's plan readable for the commit: the parts' files (`keepCheckedPart`, in the
 * order of their rows) joined into the first and renamed to the kept plan, when `keep` and every
 * part was kept; otherwise none is kept. The parts' files are gone afterwards either way.
 */
export async function assembleCheckedPlan(token: string, parts: readonly (string | null)[], keep: boolean) {
  const [first, ...rest] = parts;
  const whole = keep && first !== undefined && parts.every((part) => part !== null);
  try {
    if (whole && first) {
      const out = await fs.promises.open(first, "a");
      try {
        for (const part of rest) for await (const chunk of fs.createReadStream(part!)) await out.write(chunk as Buffer);
        await out.sync();
      } finally {
        await out.close();
      }
      await fs.promises.rename(first, uploadFiles(token)!.checked);
    }
  } catch {
    // Not kept: the commit plans the rows itself.
  } finally {
    await Promise.all(parts.map((part) => part && fs.promises.rm(part, { force: true }).catch(() => undefined)));
  }
}

export type CheckedSlice = { rows: StoredRow[]; planned: PlannedWithExecution[] | null };

/**
 * The upload's rows from the `skip`-th on, in slices of at most `size` rows, each with the check's
 * plan of its rows while one was kept whole on this `basis`, else with `planned: null` (plan
 * them): a kept plan on another basis is not read at all, and one damaged or cut short is read
 * up to the last good line, the rest of the rows then coming from the upload.
 */
export async function* checkedRowSlices(
  token: string,
  basis: string | null,
  options: { skip?: number; size: () => number },
): AsyncGenerator<CheckedSlice> {
  const { skip = 0, size } = options;
  let next = skip;
  const file = uploadFiles(token)?.checked;
  if (basis !== null && file && fs.existsSync(file)) {
    const input = fs.createReadStream(file, "utf8");
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      let index = -1;
      let slice: { rows: StoredRow[]; planned: PlannedWithExecution[] } = { rows: [], planned: [] };
      for await (const line of lines) {
        if (line === "") continue;
        if (index === -1) {
          if (!keptOn(line, basis)) break;
          index = 0;
          continue;
        }
        if (index++ < skip) continue;
        const kept = keptRow(line);
        if (!kept) break;
        slice.rows.push(kept[0]);
        slice.planned.push(kept[1]);
        if (slice.rows.length >= size()) {
          yield slice;
          next += slice.rows.length;
          slice = { rows: [], planned: [] };
        }
      }
      if (slice.rows.length) {
        yield slice;
        next += slice.rows.length;
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }
  // Rows the kept plan did not cover (none when it was whole and on this basis).
  for await (const rows of uploadRowSlices(token, { skip: next, size })) yield { rows, planned: null };
}

function keptOn(line: string, basis: string): boolean {
  try {
    return (JSON.parse(line) as { basis?: unknown }).basis === basis;
  } catch {
    return false;
  }
}

/** A kept line: the row and its plan, or null when it does not parse or the plan is not the row's. */
function keptRow(line: string): [StoredRow, PlannedWithExecution] | null {
  try {
    const [row, planned] = JSON.parse(line) as [StoredRow, PlannedWithExecution];
    return row && planned && typeof row.line === "number" && planned.line === row.line ? [row, planned] : null;
  } catch {
    return null;
  }
}
