import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { centres, followUps, interactions, users } from "../../db/schema";
import { CLOSED_FOLLOW_UPS, followUpDueFlag, type DueFlag } from "~/domain/steward-work";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db, type Db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { diffFields, recordAudit } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { isActiveStaffOwner } from "./checklist.server";
import type { Actor, Tx, WriteResult } from "./write-types.server";
import { readCentreWork, refuseCentreWork } from "./centre-work.server";

/**
 * Follow-ups: commitments made to a centre (what, who, by when), usually in an interaction.
 * Open until completed or cancelled; the enterprise sees only those marked visible.
 */
type Conn = Db | Tx;

export const FOLLOW_UP_ENTITY = "follow_up";

export type FollowUpInput = { description: string; ownerId: string | null; dueOn: string | null; visibleToEnterprise: boolean };

/** Server-side checks of a follow-up: the owner is an active steward or admin. */
export function checkFollowUp(conn: Conn, input: FollowUpInput, prefix = ""): FieldErrors {
  const fieldErrors: FieldErrors = {};
  if (input.ownerId && !isActiveStaffOwner(conn, input.ownerId)) fieldErrors[`${prefix}owner_id`] = "validation.invalidChoice";
  return fieldErrors;
}

/** Inserts a follow-up and its audit row inside the caller's transaction (checks done by the caller). */
export function insertFollowUp(
  tx: Conn,
  actor: Actor,
  centreId: string,
  input: FollowUpInput,
  links: { interactionId?: string | null; requestId?: string | null } = {},
): string {
  const values = {
    centreId,
    interactionId: links.interactionId ?? null,
    requestId: links.requestId ?? null,
    ...input,
    status: "open" as const,
  };
  const { id } = tx.insert(followUps).values(values).returning({ id: followUps.id }).get();
  recordAudit(tx, {
    actorId: actor.id,
    entity: FOLLOW_UP_ENTITY,
    entityId: id,
    action: "create",
    changes: diffFields(null, values, [
      "description",
      "ownerId",
      "dueOn",
      "visibleToEnterprise",
      "status",
      "interactionId",
      "requestId",
    ]),
  });
  return id;
}

/** A follow-up added on its own (not in an interaction). */
export function addFollowUp(actor: Actor, centreId: string, input: FollowUpInput): WriteResult {
  return db.transaction((tx): WriteResult => {
    const refused = refuseCentreWork(tx, actor, centreId);
    if (refused) return refused;
    const fieldErrors = checkFollowUp(tx, input);
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    return { ok: true, id: insertFollowUp(tx, actor, centreId, input) };
  });
}

function closeFollowUp(actor: Actor, centreId: string, followUpId: string, status: "done" | "cancelled"): WriteResult {
  return db.transaction((tx): WriteResult => {
    const { refused, row: before } = readCentreWork(tx, actor, centreId, followUps, followUpId);
    if (refused) return refused;
    if (before.status !== "open") return { ok: false, fieldErrors: { _form: "followUps.errors.notOpen" }, status: 409 };
    const changed = tx
      .update(followUps)
      .set({
        status,
        completedAt: status === "done" ? new Date() : null,
        version: sql`${followUps.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(followUps.id, followUpId), eq(followUps.status, "open")))
      .run();
    if (changed.changes !== 1) return { ok: false, fieldErrors: { _form: "followUps.errors.notOpen" }, status: 409 };
    recordAudit(tx, {
      actorId: actor.id,
      entity: FOLLOW_UP_ENTITY,
      entityId: followUpId,
      action: status === "done" ? "complete" : "cancel",
      changes: [{ field: "status", before: "open", after: status }],
    });
    return { ok: true, id: followUpId };
  });
}

/** Marks an open follow-up done. */
export function completeFollowUp(actor: Actor, centreId: string, followUpId: string): WriteResult {
  return closeFollowUp(actor, centreId, followUpId, "done");
}

/** Cancels an open follow-up (no longer needed). */
export function cancelFollowUp(actor: Actor, centreId: string, followUpId: string): WriteResult {
  return closeFollowUp(actor, centreId, followUpId, "cancelled");
}

const EDITABLE_FIELDS = ["description", "ownerId", "dueOn", "visibleToEnterprise"] as const;

/**
 * Changes what, who, by when and visibility of an open follow-up, when `version` is still the
 * current one (else 409 and nothing changes); audits the fields that changed.
 */
export function updateFollowUp(
  actor: Actor,
  centreId: string,
  followUpId: string,
  input: FollowUpInput,
  version: number,
): WriteResult {
  return db.transaction((tx): WriteResult => {
    const { refused, row: before } = readCentreWork(tx, actor, centreId, followUps, followUpId);
    if (refused) return refused;
    if (before.status !== "open") return { ok: false, fieldErrors: { _form: "followUps.errors.notOpen" }, status: 409 };
    // The version first: a form made on an older version is answered with the current values, whatever else is wrong with it.
    if (before.version !== version) return { ok: false, fieldErrors: { _form: "followUps.errors.stale" }, status: 409 };
    const fieldErrors = input.ownerId !== before.ownerId ? checkFollowUp(tx, input) : {};
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const changes = diffFields(before, { ...before, ...input }, [...EDITABLE_FIELDS]);
    if (changes.length === 0) return { ok: true, id: followUpId };
    const changed = tx
      .update(followUps)
      .set({ ...input, version: version + 1, updatedAt: new Date() })
      .where(and(eq(followUps.id, followUpId), eq(followUps.version, version), eq(followUps.status, "open")))
      .run();
    if (changed.changes !== 1) return { ok: false, fieldErrors: { _form: "followUps.errors.stale" }, status: 409 };
    recordAudit(tx, { actorId: actor.id, entity: FOLLOW_UP_ENTITY, entityId: followUpId, action: "update", changes });
    return { ok: true, id: followUpId };
  });
}

/** Opens a done or cancelled follow-up again (the commitment turned out not to be met, or is needed after all). */
export function reopenFollowUp(actor: Actor, centreId: string, followUpId: string): WriteResult {
  return db.transaction((tx): WriteResult => {
    const { refused, row: before } = readCentreWork(tx, actor, centreId, followUps, followUpId);
    if (refused) return refused;
    if (before.status === "open") return { ok: false, fieldErrors: { _form: "followUps.errors.alreadyOpen" }, status: 409 };
    tx.update(followUps)
      .set({ status: "open", completedAt: null, version: sql`${followUps.version} + 1`, updatedAt: new Date() })
      .where(eq(followUps.id, followUpId))
      .run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: FOLLOW_UP_ENTITY,
      entityId: followUpId,
      action: "reopen",
      changes: [{ field: "status", before: before.status, after: "open" }],
    });
    return { ok: true, id: followUpId };
  });
}

/**
 * A centre's follow-ups for staff: every open one (by due date), then the newest `closedLimit`
 * closed ones (done or cancelled; default CLOSED_FOLLOW_UPS.first, 0 for none).
 */
export function listFollowUps(
  centreId: string,
  options: { today?: string; calendar?: WorkingCalendar; closedLimit?: number } = {},
) {
  const today = options.today ?? todayInBeijing();
  const calendar = options.calendar ?? workingCalendar();
  const rows = (open: boolean, limit: number) =>
    db
      .select({
        id: followUps.id,
        description: followUps.description,
        ownerId: followUps.ownerId,
        ownerName: users.name,
        dueOn: followUps.dueOn,
        status: followUps.status,
        visibleToEnterprise: followUps.visibleToEnterprise,
        completedAt: followUps.completedAt,
        version: followUps.version,
        createdAt: followUps.createdAt,
        interactionId: followUps.interactionId,
        interactionKind: interactions.kind,
        interactionAt: interactions.occurredAt,
      })
      .from(followUps)
      .leftJoin(users, eq(users.id, followUps.ownerId))
      .leftJoin(interactions, eq(interactions.id, followUps.interactionId))
      .where(and(eq(followUps.centreId, centreId), open ? eq(followUps.status, "open") : ne(followUps.status, "open")))
      .orderBy(...(open ? [sql`${followUps.dueOn} is null`, asc(followUps.dueOn)] : []), desc(followUps.createdAt))
      .limit(limit)
      .all();
  const closedLimit = options.closedLimit ?? CLOSED_FOLLOW_UPS.first;
  return [...rows(true, -1), ...(closedLimit > 0 ? rows(false, closedLimit) : [])].map((f) => ({
    ...f,
    dueFlag: followUpDueFlag(f, today, calendar) as DueFlag | null,
  }));
}

/** How many of a centre's follow-ups are closed (done or cancelled). */
export function countClosedFollowUps(centreId: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(followUps)
    .where(and(eq(followUps.centreId, centreId), ne(followUps.status, "open")))
    .get()!.n;
}

export type FollowUpRow = ReturnType<typeof listFollowUps>[number];

/**
 * ★ The portal's follow-ups: the signed-in enterprise user's own centre only, those marked visible
 * only, cancelled ones left out, and only fields safe for the enterprise (no owner, no links).
 */
/** ★ The follow-ups an enterprise user sees: their centre's, shared with it, open or done (never cancelled). */
export function followUpsSharedWith(centreId: string): SQL {
  return and(
    eq(followUps.centreId, centreId),
    eq(followUps.visibleToEnterprise, true),
    inArray(followUps.status, ["open", "done"]),
  )!;
}

export function portalFollowUps(user: { centreId: string }) {
  const rows = (open: boolean) =>
    db
      .select({
        id: followUps.id,
        description: followUps.description,
        dueOn: followUps.dueOn,
        status: followUps.status,
        completedAt: followUps.completedAt,
      })
      .from(followUps)
      .where(and(followUpsSharedWith(user.centreId), open ? eq(followUps.status, "open") : ne(followUps.status, "open")))
      .orderBy(...(open ? [asc(followUps.dueOn)] : []), desc(followUps.createdAt))
      // Every open one; of those done, the newest (CLOSED_FOLLOW_UPS.first).
      .limit(open ? -1 : CLOSED_FOLLOW_UPS.first)
      .all();
  return [...rows(true), ...rows(false)];
}

/** Open follow-ups due on or before `horizon` that are the steward's: owned by them, or unowned on a centre they lead. */
export function followUpsDueForSteward(stewardId: string, horizon: string) {
  return db
    .select({
      id: followUps.id,
      centreId: followUps.centreId,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
      leadStewardId: centres.leadStewardId,
      districtStewardId: centres.districtStewardId,
      description: followUps.description,
      dueOn: followUps.dueOn,
      status: followUps.status,
    })
    .from(followUps)
    .innerJoin(centres, eq(centres.id, followUps.centreId))
    .where(
      and(
        or(eq(followUps.ownerId, stewardId), and(isNull(followUps.ownerId), eq(centres.leadStewardId, stewardId))),
        eq(followUps.status, "open"),
        isNotNull(followUps.dueOn),
        lte(followUps.dueOn, horizon),
      ),
    )
    .orderBy(asc(followUps.dueOn))
    .all();
}
