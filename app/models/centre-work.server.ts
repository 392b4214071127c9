import { eq } from "drizzle-orm";
import { centres } from "../../db/schema";
import { canWorkOnCentre } from "~/domain/permissions";
import type { FieldErrors } from "~/schemas/forms";
import type { Db } from "~/utils/db.server";
import type { Actor, Tx } from "./write-types.server";

export type CentreWorkRefusal = { ok: false; fieldErrors: FieldErrors; status: 403 | 404 };

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
  if (!centre) return { ok: false, fieldErrors: {}, status: 404 };
  if (!canWorkOnCentre(actor, centre)) return { ok: false, fieldErrors: { _form: "errors.403.body" }, status: 403 };
  return null;
}
