import { and, eq } from "drizzle-orm";
import { centres, checklistItems, followUps } from "../../db/schema";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { canEditCentre, canWorkOnCentre } from "~/domain/permissions";
import type { Db } from "~/utils/db.server";
import { FORBIDDEN, NOT_FOUND, type Actor, type Refusal, type Tx } from "./write-types.server";

export type CentreWorkRefusal = Refusal & { status: 403 | 404 };

/**
 * The check before every write to a centre's service work (checklist, interactions, follow-ups),
 * inside the write's transaction: 404 when the centre does not exist, 403 when the actor may not
 * work on it (canWorkOnCentre), null when the write may go on.
 */
export function refuseCentreWork(conn: Db | Tx, actor: Actor, centreId: string): CentreWorkRefusal | null {
  const centre = conn
    .select({ leadStewardId: centres.leadStewardId, districtStewardId: centres.districtStewardId })
    .from(centres)
    .where(eq(centres.id, centreId))
    .get();
  if (!centre) return NOT_FOUND;
  if (!canWorkOnCentre(actor, centre)) return FORBIDDEN;
  return null;
}

/** The tables of a centre's service work whose rows are edited one at a time. */
type CentreWorkTable = typeof checklistItems | typeof followUps;

/**
 * The opening of every edit to one row of a centre's service work: refuseCentreWork, then the
 * row of `table` with this id on this centre, or a 404 when the centre has none.
 */
export function readCentreWork<T extends CentreWorkTable>(tx: Tx, actor: Actor, centreId: string, table: T, id: string) {
  const refused = refuseCentreWork(tx, actor, centreId);
  if (refused) return { refused, row: undefined };
  const row = tx
    .select()
    .from(table)
    .where(and(eq(table.id, id), eq(table.centreId, centreId)))
    .get();
  return row ? { refused: null, row } : { refused: NOT_FOUND, row: undefined };
}

/**
 * The check before every edit of a centre itself (its record, stage, level and recognition
 * events), inside the write's transaction: the centre's `columns` when the actor may edit it
 * (canEditCentre), else the 404 when it does not exist or the 403.
 */
export function readCentreToEdit<C extends Record<string, SQLiteColumn>>(
  conn: Db | Tx,
  actor: Actor,
  centreId: string,
  columns: C,
) {
  const centre = conn
    .select({ ...columns, leadStewardId: centres.leadStewardId, districtStewardId: centres.districtStewardId })
    .from(centres)
    .where(eq(centres.id, centreId))
    .get();
  if (!centre) return { refused: NOT_FOUND, centre: undefined };
  if (!canEditCentre(actor, centre)) return { refused: FORBIDDEN, centre: undefined };
  return { refused: null, centre };
}
