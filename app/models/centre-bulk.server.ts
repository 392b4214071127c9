import { and, eq, inArray, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { auditLog, centres, checklistItems, checklistTemplates, users, type FieldChange } from "../../db/schema";
import { canEditCentre, canWorkOnCentre } from "~/domain/permissions";
import type { CentreBulkIntent } from "~/schemas/centre-bulk";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { preparedQuery } from "~/utils/prepared-query.server";
import { recordAudit } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { insertTemplateItem } from "./checklist.server";
import { refusal, type Actor, type WriteResult } from "./write-types.server";

/** Why a centre was left out of a bulk action. */
export type BulkRefusal = "notFound" | "notAllowed" | "typeMismatch";
export type BulkOutcome = { done: string[]; unchanged: string[]; refused: { id: string; reason: BulkRefusal }[] };
type Result = WriteResult<{ resultId: string }>;

/** The audit entity of a bulk action's summary row; its id is the result page's id. */
export const BULK_ENTITY = "centre_bulk";

function centresByIds(conn: Pick<typeof db, "select">, ids: readonly string[]) {
  const rows = conn
    .select({
      id: centres.id,
      type: centres.type,
      leadStewardId: centres.leadStewardId,
      districtStewardId: centres.districtStewardId,
      version: centres.version,
    })
    .from(centres)
    .where(inArray(centres.id, [...ids]))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

function summary(
  tx: Parameters<Parameters<typeof db.transaction>[0]>[0],
  actor: Actor,
  intent: CentreBulkIntent,
  outcome: BulkOutcome,
  extra: FieldChange[],
) {
  const resultId = uuidv7();
  recordAudit(tx, {
    actorId: actor.id,
    entity: BULK_ENTITY,
    entityId: resultId,
    action: intent,
    changes: [
      ...extra,
      { field: "done", before: null, after: outcome.done },
      { field: "unchanged", before: null, after: outcome.unchanged },
      { field: "refused", before: null, after: outcome.refused },
    ],
  });
  return resultId;
}

/**
 * Makes one steward the lead (or district) steward of many centres in one transaction: each
 * centre the actor may edit (app/domain/permissions.ts canEditCentre) gets the change, a version
 * bump and its own audit row; the others are refused with a reason; one summary row records it all.
 * A district steward may be cleared (`stewardId` null); a lead steward may not.
 */
export function assignStewardInBulk(
  actor: Actor,
  ids: readonly string[],
  role: "lead" | "district",
  stewardId: string | null,
): Result {
  if (role === "lead" && !stewardId) return refusal({ _form: "bulk.chooseSteward" });
  return db.transaction((tx): Result => {
    if (stewardId) {
      const steward = tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, stewardId), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
        .get();
      if (!steward) return refusal({ _form: "bulk.chooseSteward" });
    }
    const column = role === "lead" ? "leadStewardId" : "districtStewardId";
    const found = centresByIds(tx, ids);
    const outcome: BulkOutcome = { done: [], unchanged: [], refused: [] };
    for (const id of new Set(ids)) {
      const centre = found.get(id);
      if (!centre) outcome.refused.push({ id, reason: "notFound" });
      else if (!canEditCentre(actor, centre)) outcome.refused.push({ id, reason: "notAllowed" });
      else if (centre[column] === stewardId) outcome.unchanged.push(id);
      else {
        tx.update(centres)
          .set({ [column]: stewardId, version: centre.version + 1, updatedAt: new Date() })
          .where(eq(centres.id, id))
          .run();
        recordAudit(tx, {
          actorId: actor.id,
          entity: "centre",
          entityId: id,
          action: "bulk_update",
          changes: [{ field: column, before: centre[column], after: stewardId }],
        });
        outcome.done.push(id);
      }
    }
    const resultId = summary(tx, actor, role === "lead" ? "assign_lead" : "assign_district", outcome, [
      { field: column, before: null, after: stewardId },
    ]);
    return { ok: true, resultId };
  });
}

/**
 * Applies one checklist template to many centres in one transaction: to each centre the actor
 * may work on, of a type the template fits, that does not have its item yet (one item per centre
 * and template, as app/models/checklist.server.ts applies them).
 */
export function applyTemplateInBulk(actor: Actor, ids: readonly string[], templateId: string): Result {
  return db.transaction((tx): Result => {
    const template = tx
      .select()
      .from(checklistTemplates)
      .where(and(eq(checklistTemplates.id, templateId), eq(checklistTemplates.active, true)))
      .get();
    if (!template) return refusal({ _form: "bulk.chooseTemplate" });
    const found = centresByIds(tx, ids);
    const having = new Set(
      tx
        .select({ centreId: checklistItems.centreId })
        .from(checklistItems)
        .where(and(eq(checklistItems.templateId, template.id), inArray(checklistItems.centreId, [...ids])))
        .all()
        .map((r) => r.centreId),
    );
    const calendar = workingCalendar(tx);
    const today = todayInBeijing();
    const outcome: BulkOutcome = { done: [], unchanged: [], refused: [] };
    for (const id of new Set(ids)) {
      const centre = found.get(id);
      if (!centre) outcome.refused.push({ id, reason: "notFound" });
      else if (!canWorkOnCentre(actor, centre)) outcome.refused.push({ id, reason: "notAllowed" });
      else if (template.appliesToType && template.appliesToType !== centre.type)
        outcome.refused.push({ id, reason: "typeMismatch" });
      else if (having.has(id)) outcome.unchanged.push(id);
      else if (insertTemplateItem(tx, centre, template, { calendar, today, actorId: actor.id })) outcome.done.push(id);
      else outcome.unchanged.push(id);
    }
    const resultId = summary(tx, actor, "apply_template", outcome, [{ field: "templateId", before: null, after: template.id }]);
    return { ok: true, resultId };
  });
}

const SHOWN = 500;

/** A bulk action's result for the actor who ran it (another user's result is not found). */
export function getBulkResult(actor: { id: string }, resultId: string) {
  const row = db
    .select({ action: auditLog.action, at: auditLog.at, changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entity, BULK_ENTITY), eq(auditLog.entityId, resultId), eq(auditLog.actorId, actor.id)))
    .get();
  if (!row) return null;
  const field = (name: string) => row.changes.find((c) => c.field === name)?.after;
  const done = (field("done") as string[] | undefined) ?? [];
  const unchanged = (field("unchanged") as string[] | undefined) ?? [];
  const refused = (field("refused") as BulkOutcome["refused"] | undefined) ?? [];
  const stewardId = (field("leadStewardId") ?? field("districtStewardId") ?? null) as string | null;
  const templateId = (field("templateId") ?? null) as string | null;
  const shownIds = [...done.slice(0, SHOWN), ...unchanged.slice(0, SHOWN), ...refused.slice(0, SHOWN).map((r) => r.id)];
  const names = new Map(
    shownIds.length
      ? db
          .select({ id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn })
          .from(centres)
          .where(inArray(centres.id, shownIds))
          .all()
          .map((c) => [c.id, c])
      : [],
  );
  const named = (id: string) => ({ id, nameZh: names.get(id)?.nameZh ?? null, nameEn: names.get(id)?.nameEn ?? null });
  return {
    action: row.action as CentreBulkIntent,
    at: row.at,
    steward: stewardId ? (db.select({ name: users.name }).from(users).where(eq(users.id, stewardId)).get()?.name ?? null) : null,
    template: templateId
      ? (db
          .select({ titleZh: checklistTemplates.titleZh, titleEn: checklistTemplates.titleEn })
          .from(checklistTemplates)
          .where(eq(checklistTemplates.id, templateId))
          .get() ?? null)
      : null,
    counts: { done: done.length, unchanged: unchanged.length, refused: refused.length },
    done: done.slice(0, SHOWN).map(named),
    unchanged: unchanged.slice(0, SHOWN).map(named),
    refused: refused.slice(0, SHOWN).map((r) => ({ ...named(r.id), reason: r.reason })),
    shown: SHOWN,
  };
}

/** Active checklist templates as choices for the bulk form. */
export function listActiveTemplates() {
  return activeTemplates().all();
}

const activeTemplates = preparedQuery((conn) =>
  conn
    .select({ id: checklistTemplates.id, titleZh: checklistTemplates.titleZh, titleEn: checklistTemplates.titleEn })
    .from(checklistTemplates)
    .where(eq(checklistTemplates.active, true))
    .orderBy(checklistTemplates.sortOrder, checklistTemplates.titleEn)
    .prepare(),
);
