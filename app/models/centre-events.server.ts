import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { centreEvents, centres, referenceItems, users } from "../../db/schema";
import { centreHistory, historyConflicts, type CentreEvent, type HistoryConflict } from "~/domain/counting";
import type { Level } from "~/domain/levels";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { preparedQuery } from "~/utils/prepared-query.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import { countingEventOf } from "./centre-event-row.server";
import { readCentreToEdit } from "./centre-work.server";
import { applyTemplates } from "./checklist.server";
import { statement } from "./statements.server";
import { NOT_FOUND, type Actor, type Tx, type WriteResult } from "./write-types.server";

/**
 * ★ Stage, recognition, level and withdrawal events. Each is a record of its own with the
 * effective date from the document; the centre's cached stage and level are recomputed from
 * the events in the same transaction.
 */
export type CentreEventInput =
  | { kind: "stage_changed"; stage: string; effectiveOn: string; note: string }
  | { kind: "recognised"; batch: number; level: Level; effectiveOn: string; documentRef: string; note: string }
  | { kind: "level_changed"; level: Level; effectiveOn: string; documentRef: string; note: string }
  | { kind: "withdrawn"; effectiveOn: string; documentRef: string; note: string };

/** A centre's events as the counting rules read them. */
function historyOf(tx: Tx, centreId: string): CentreEvent[] {
  const rows = statement(
    tx,
    `select id, kind, to_stage as toStage, to_level as toLevel, from_stage as fromStage, from_level as fromLevel,
       batch, effective_on as effectiveOn, recorded_at as recordedAt
     from centre_events where centre_id = ?`,
  ).all(centreId) as {
    id: string;
    kind: CentreEvent["kind"];
    toStage: string | null;
    toLevel: Level | null;
    fromStage: string | null;
    fromLevel: Level | null;
    batch: number | null;
    effectiveOn: string;
    recordedAt: number;
  }[];
  return rows.map((e) => ({
    id: e.id,
    ...countingEventOf({ ...e, centreId }),
    stage: e.toStage,
    fromStage: e.fromStage,
  }));
}

/**
 * The centre's cached stage and level, and every event's "from" level and stage, recomputed
 * from its events by the counting rules (`centreHistory`), so the centre header, the timeline
 * and the counts read the same history. A back-dated event therefore changes the "from" of
 * the events after it.
 */
function refreshCache(tx: Tx, centreId: string) {
  const history = centreHistory(historyOf(tx, centreId));
  for (const { event, levelBefore, stageBefore } of history.sequence) {
    if (event.kind === "level_changed" && event.fromLevel !== levelBefore)
      statement(tx, "update centre_events set from_level = ? where id = ?").run(levelBefore ?? null, event.id!);
    if (event.kind === "stage_changed" && event.fromStage !== stageBefore)
      statement(tx, "update centre_events set from_stage = ? where id = ?").run(stageBefore ?? null, event.id!);
  }
  const stage = history.stage && history.stageSince ? history.stage : null;
  statement(
    tx,
    `update centres set stage = coalesce(?, stage), stage_since = coalesce(?, stage_since), level = coalesce(?, level),
       updated_at = ? where id = ?`,
  ).run(stage, stage ? history.stageSince : null, history.level ?? null, Date.now(), centreId);
}

/**
 * The first inconsistency the new event brings into the centre's history (see
 * `historyConflicts`), as a message key naming the conflicting event's date, or null.
 * Conflicts already in the history (data from before this check) do not block new events.
 */
export function conflictOf(existing: readonly CentreEvent[], added: CentreEvent): string | null {
  const key = (c: HistoryConflict) => `${c.event.id ?? "new"}|${c.reason}|${c.other?.id ?? ""}`;
  const before = new Set(historyConflicts(existing).map(key));
  const conflict = historyConflicts([...existing, added]).find((c) => !before.has(key(c)));
  if (!conflict) return null;
  // Name the event the new one collides with: the earlier one it conflicts with, or the
  // existing later event that the new one would make inconsistent.
  if (conflict.event === added || conflict.reason === "sameDayLevel") {
    const named = conflict.other ?? added;
    return `centres.conflict.${conflict.reason}:${named.effectiveOn}`;
  }
  return `centres.conflict.${conflict.reason}Later:${conflict.event.effectiveOn}`;
}

export function recordCentreEvent(actor: Actor, centreId: string, input: CentreEventInput, tx?: Tx): WriteResult {
  const write = (t: Tx): WriteResult => {
    const { refused, centre } = readCentreToEdit(t, actor, centreId, {
      id: centres.id,
      level: centres.level,
      stage: centres.stage,
    });
    if (refused) return refused;
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
    if (input.kind !== "stage_changed") {
      const added: CentreEvent = {
        centreId,
        kind: input.kind,
        effectiveOn: input.effectiveOn,
        batch: input.kind === "recognised" ? input.batch : null,
        level: input.kind === "withdrawn" ? null : input.level,
      };
      const conflict = conflictOf(historyOf(t, centreId), added);
      if (conflict) return { ok: false, fieldErrors: { _form: conflict }, status: 409 };
    }

    const base = { centreId, kind: input.kind, effectiveOn: input.effectiveOn, note: input.note, actorId: actor.id };
    const values: typeof centreEvents.$inferInsert =
      input.kind === "stage_changed"
        ? { ...base, fromStage: centre.stage, toStage: input.stage }
        : input.kind === "recognised"
          ? { ...base, batch: input.batch, toLevel: input.level, documentRef: input.documentRef }
          : input.kind === "level_changed"
            ? { ...base, fromLevel: centre.level, toLevel: input.level, documentRef: input.documentRef }
            : { ...base, documentRef: input.documentRef };
    const event = t.insert(centreEvents).values(values).returning({ id: centreEvents.id }).get();
    refreshCache(t, centreId);
    // The "from" values as the rules derived them (a back-dated event is not "from" today's cache).
    const derived = t
      .select({ fromLevel: centreEvents.fromLevel, fromStage: centreEvents.fromStage })
      .from(centreEvents)
      .where(eq(centreEvents.id, event.id))
      .get();
    if ("fromLevel" in values) values.fromLevel = derived?.fromLevel ?? null;
    if ("fromStage" in values) values.fromStage = derived?.fromStage ?? null;
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

/**
 * Corrects the effective date of one of the centre's recognitions (a re-import whose
 * `recognised_on` differs for a batch it already has): refused, like a new event, when the
 * corrected history would be inconsistent; otherwise written with an audit row (before/after)
 * and the cache recomputed, in the caller's transaction.
 */
export function correctRecognitionDate(
  actor: Actor,
  centreId: string,
  eventId: string,
  effectiveOn: string,
  note: string,
  tx: Tx,
): WriteResult {
  const { refused } = readCentreToEdit(tx, actor, centreId, {});
  if (refused) return refused;
  if (effectiveOn > todayInBeijing()) return { ok: false, fieldErrors: { recognised_on: "validation.futureDate" }, status: 400 };
  const history = historyOf(tx, centreId);
  const target = history.find((e) => e.id === eventId && e.kind === "recognised");
  if (!target) return NOT_FOUND;
  const others = history.filter((e) => e !== target);
  const conflict = conflictOf(others, { ...target, id: undefined, effectiveOn });
  if (conflict) return { ok: false, fieldErrors: { recognised_on: conflict }, status: 409 };
  tx.update(centreEvents)
    .set({ effectiveOn, note: note ? `${note} (correction)` : "correction" })
    .where(eq(centreEvents.id, eventId))
    .run();
  refreshCache(tx, centreId);
  recordAudit(tx, {
    actorId: actor.id,
    entity: "centre",
    entityId: centreId,
    action: "recognition_corrected",
    changes: [
      { field: "recognised_on", before: target.effectiveOn, after: effectiveOn },
      { field: "batch", before: target.batch ?? null, after: target.batch ?? null },
    ],
  });
  return { ok: true, id: eventId };
}

const eventsOfCentre = preparedQuery((conn) =>
  conn
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
    .where(eq(centreEvents.centreId, sql.placeholder("centreId")))
    .orderBy(asc(centreEvents.effectiveOn), asc(centreEvents.recordedAt))
    .prepare(),
);

/** A centre's events in the order the counting rules apply them (oldest first), with who recorded them. */
export function listCentreEvents(centreId: string) {
  const rows = eventsOfCentre().all({ centreId });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // "From" level and stage as the rules derive them, whatever an older version stored.
  return centreHistory(
    rows.map((r) => ({
      id: r.id,
      centreId,
      kind: r.kind,
      effectiveOn: r.effectiveOn,
      recordedAt: r.recordedAt.toISOString(),
      batch: r.batch,
      level: r.toLevel,
      stage: r.toStage,
    })),
  ).sequence.map(({ event, levelBefore, stageBefore }) => {
    const row = byId.get(event.id!)!;
    return {
      ...row,
      fromLevel: row.kind === "level_changed" ? levelBefore : row.fromLevel,
      fromStage: row.kind === "stage_changed" ? stageBefore : row.fromStage,
    };
  });
}

/** Latest events across centres of the given kinds, newest first (for feeds). */
export function latestEvents(kinds: ("stage_changed" | "recognised" | "level_changed" | "withdrawn")[], limit = 20) {
  return db
    .select({
      id: centreEvents.id,
      centreId: centreEvents.centreId,
      kind: centreEvents.kind,
      effectiveOn: centreEvents.effectiveOn,
    })
    .from(centreEvents)
    .where(inArray(centreEvents.kind, kinds))
    .orderBy(desc(centreEvents.effectiveOn))
    .limit(limit)
    .all();
}
