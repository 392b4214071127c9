import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { centreEvents, centres, referenceItems, users } from "../../db/schema";
import { canEditCentre } from "~/domain/permissions";
import type { Level } from "~/domain/levels";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import { applyTemplates } from "./checklist.server";
import type { Actor, Tx, WriteResult } from "./centre-write.server";

/**
 * ★ Stage, recognition, level and withdrawal events. Each is a record of its own with the
 * effective date from the document; the centre's cached stage and level are recomputed from
 * the events in the same transaction.
 */
type EventInput =
  | { kind: "stage_changed"; stage: string; effectiveOn: string; note: string }
  | { kind: "recognised"; batch: number; level: Level; effectiveOn: string; documentRef: string; note: string }
  | { kind: "level_changed"; level: Level; effectiveOn: string; documentRef: string; note: string }
  | { kind: "withdrawn"; effectiveOn: string; documentRef: string; note: string };

function refreshCache(tx: Tx, centreId: string) {
  const events = tx
    .select({ kind: centreEvents.kind, toStage: centreEvents.toStage, toLevel: centreEvents.toLevel, effectiveOn: centreEvents.effectiveOn })
    .from(centreEvents)
    .where(eq(centreEvents.centreId, centreId))
    .orderBy(asc(centreEvents.effectiveOn), asc(centreEvents.recordedAt))
    .all();
  const lastStage = events.filter((e) => e.kind === "stage_changed").at(-1);
  const lastLevel = events.filter((e) => (e.kind === "recognised" || e.kind === "level_changed") && e.toLevel).at(-1);
  const set: Partial<typeof centres.$inferInsert> = { updatedAt: new Date() };
  if (lastStage?.toStage) {
    set.stage = lastStage.toStage;
    set.stageSince = lastStage.effectiveOn;
  }
  if (lastLevel?.toLevel) set.level = lastLevel.toLevel;
  tx.update(centres).set(set).where(eq(centres.id, centreId)).run();
}

export function recordCentreEvent(actor: Actor, centreId: string, input: EventInput, tx?: Tx): WriteResult {
  const write = (t: Tx): WriteResult => {
    const centre = t
      .select({ id: centres.id, level: centres.level, stage: centres.stage, leadStewardId: centres.leadStewardId, districtStewardId: centres.districtStewardId })
      .from(centres)
      .where(eq(centres.id, centreId))
      .get();
    if (!centre) return { ok: false, fieldErrors: {}, status: 404 };
    if (!canEditCentre(actor, centre)) return { ok: false, fieldErrors: { _form: "errors.403.body" }, status: 403 };
    const fieldErrors: FieldErrors = {};
    if (input.effectiveOn > todayInBeijing()) fieldErrors.effective_on = "validation.futureDate";
    if (input.kind === "stage_changed") {
      const known = t
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(and(eq(referenceItems.kind, "stage"), eq(referenceItems.code, input.stage)))
        .get();
      if (!known) fieldErrors.stage = "validation.stageUnknown";
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };

    const base = { centreId, kind: input.kind, effectiveOn: input.effectiveOn, note: input.note, actorId: actor.id };
    const values =
      input.kind === "stage_changed"
        ? { ...base, fromStage: centre.stage, toStage: input.stage }
        : input.kind === "recognised"
          ? { ...base, batch: input.batch, toLevel: input.level, documentRef: input.documentRef }
          : input.kind === "level_changed"
            ? { ...base, fromLevel: centre.level, toLevel: input.level, documentRef: input.documentRef }
            : { ...base, documentRef: input.documentRef };
    const event = t.insert(centreEvents).values(values).returning({ id: centreEvents.id }).get();
    refreshCache(t, centreId);
    // Reaching a stage applies its checklist templates (each at most once per centre).
    if (input.kind === "stage_changed") applyTemplates(t, { id: centreId }, { actorId: actor.id });
    recordAudit(t, {
      actorId: actor.id,
      entity: "centre",
      entityId: centreId,
      action: input.kind,
      changes: Object.entries(values)
        .filter(([k]) => !["centreId", "actorId", "kind"].includes(k))
        .map(([field, after]) => ({ field, before: null, after })),
    });
    return { ok: true, id: event.id };
  };
  return tx ? write(tx) : db.transaction(write);
}

/** A centre's events, oldest first, with who recorded them. */
export function listCentreEvents(centreId: string) {
  return db
    .select({
      id: centreEvents.id,
      kind: centreEvents.kind,
      effectiveOn: centreEvents.effectiveOn,
      recordedAt: centreEvents.recordedAt,
      documentRef: centreEvents.documentRef,
      note: centreEvents.note,
      batch: centreEvents.batch,
      fromLevel: centreEvents.fromLevel,
      toLevel: centreEvents.toLevel,
      fromStage: centreEvents.fromStage,
      toStage: centreEvents.toStage,
      actorName: users.name,
    })
    .from(centreEvents)
    .leftJoin(users, eq(users.id, centreEvents.actorId))
    .where(eq(centreEvents.centreId, centreId))
    .orderBy(asc(centreEvents.effectiveOn), asc(centreEvents.recordedAt))
    .all();
}

/** Latest events across centres of the given kinds, newest first (for feeds). */
export function latestEvents(kinds: ("stage_changed" | "recognised" | "level_changed" | "withdrawn")[], limit = 20) {
  return db
    .select({ id: centreEvents.id, centreId: centreEvents.centreId, kind: centreEvents.kind, effectiveOn: centreEvents.effectiveOn })
    .from(centreEvents)
    .where(inArray(centreEvents.kind, kinds))
    .orderBy(desc(centreEvents.effectiveOn))
    .limit(limit)
    .all();
}
