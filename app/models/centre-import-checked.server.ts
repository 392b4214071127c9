import { createHash } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { catalogues } from "~/locales";
import { db } from "~/utils/db.server";
import type { PlannedWithExecution } from "./centre-import-plan.server";
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
 * Otherwise (another day, a reference list or a steward changed, an upload checked before this
 * was kept) the commit plans every row itself. The file (`<token>.checked.jsonl`: the basis, then
 * one `[row, plan]` line per row in the upload's order) is written under a temporary name and
 * renamed when the check is complete, so a check that stopped half-way leaves none.
 */

/** Bumped when the kept plan's shape changes: a plan kept by an older build is not read. */
const FORMAT = 1;

const REFERENCE_ITEMS_SQL = `select json_group_array(json_array(kind, code, parent_code, label_zh, label_en, active)) as v
  from (select * from reference_items order by kind, code)`;
const ACTIVE_STEWARDS_SQL = `select json_group_array(json_array(id, email)) as v
  from (select id, email from users where role in ('steward', 'admin') and disabled_at is null order by id)`;

/** What a row's plan depends on besides the centres it names, as one comparable string. */
export function planBasis(actor: Pick<Actor, "id" | "role">, today: string): string {
  const references = (statement(db, REFERENCE_ITEMS_SQL).get() as { v: string }).v;
  const stewards = (statement(db, ACTIVE_STEWARDS_SQL).get() as { v: string }).v;
  const labels = [catalogues["zh-CN"], catalogues.en].map((c) => [c.centreTypes, c.levels]);
  return createHash("sha256")
    .update(JSON.stringify([FORMAT, actor.id, actor.role, today, references, stewards, labels]))
    .digest("base64url");
}

/**
 * Keeps the check's plan, a slice at a time; `finish` makes it readable for the commit. Keeping
 * it is a saving, not a duty: when it cannot be written (a full disk), what was written is
 * removed, the check goes on without it, and the commit plans the rows itself.
 */
export async function keepCheckedPlan(token: string, basis: string) {
  const file = uploadFiles(token)!.checked;
  const partial = `${file}.part`;
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
    handle = await fs.promises.open(partial, "w", 0o600);
  } catch {
    handle = null;
  }
  await attempt((open) => open.write(`${JSON.stringify({ basis })}\n`));
  return {
    add: (rows: readonly StoredRow[], planned: readonly PlannedWithExecution[]) =>
      attempt((open) => open.write(rows.map((row, i) => `${JSON.stringify([row, planned[i]])}\n`).join(""))),
    finish: () =>
      attempt(async (open) => {
        await open.close();
        handle = null;
        await fs.promises.rename(partial, file);
      }),
    abandon: giveUp,
  };
}

export type CheckedSlice = { rows: StoredRow[]; planned: PlannedWithExecution[] | null };

/**
 * The upload's rows from the `skip`-th on, in slices of at most `size` rows, each with the check's
 * plan of its rows when one was kept on this `basis`, else with `planned: null` (plan them).
 */
export async function* checkedRowSlices(
  token: string,
  basis: string,
  options: { skip?: number; size: () => number },
): AsyncGenerator<CheckedSlice> {
  const file = uploadFiles(token)?.checked;
  const lines =
    file && fs.existsSync(file)
      ? readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity })
      : null;
  const iterator = lines?.[Symbol.asyncIterator]();
  const head = iterator ? await iterator.next() : null;
  if (!lines || !iterator || !head || head.done || !keptOn(head.value, basis)) {
    lines?.close();
    for await (const rows of uploadRowSlices(token, options)) yield { rows, planned: null };
    return;
  }
  const { skip = 0, size } = options;
  let index = 0;
  let slice: CheckedSlice = { rows: [], planned: [] };
  for (let line = await iterator.next(); !line.done; line = await iterator.next()) {
    if (line.value === "" || index++ < skip) continue;
    const [row, planned] = JSON.parse(line.value) as [StoredRow, PlannedWithExecution];
    slice.rows.push(row);
    slice.planned!.push(planned);
    if (slice.rows.length >= size()) {
      yield slice;
      slice = { rows: [], planned: [] };
    }
  }
  if (slice.rows.length) yield slice;
}

function keptOn(line: string, basis: string): boolean {
  try {
    return (JSON.parse(line) as { basis?: unknown }).basis === basis;
  } catch {
    return false;
  }
}
