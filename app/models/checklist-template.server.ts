import { and, asc, eq, sql } from "drizzle-orm";
import { checklistItems, checklistTemplates, referenceItems } from "../../db/schema";
import { can } from "~/domain/permissions";
import type { ChecklistTemplateFields } from "~/schemas/checklist";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { diffFields, recordAudit } from "./audit.server";
import { FORBIDDEN, NOT_FOUND, type Actor, type Tx, type WriteResult } from "./write-types.server";

/**
 * The admin's checklist templates. A template used by centres' items is retired by deactivating
 * it (its items stay as they are); only an unused template can be deleted.
 */
export const CHECKLIST_TEMPLATE_ENTITY = "checklist_template";

export type TemplateWriteResult = WriteResult<{ id: string; titleEn: string; titleZh: string }>;

export function listChecklistTemplates() {
  return db
    .select({
      id: checklistTemplates.id,
      titleZh: checklistTemplates.titleZh,
      titleEn: checklistTemplates.titleEn,
      descriptionZh: checklistTemplates.descriptionZh,
      descriptionEn: checklistTemplates.descriptionEn,
      departmentCode: checklistTemplates.departmentCode,
      duePeriodWorkingDays: checklistTemplates.duePeriodWorkingDays,
      appliesToType: checklistTemplates.appliesToType,
      appliesAtStage: checklistTemplates.appliesAtStage,
      sortOrder: checklistTemplates.sortOrder,
      active: checklistTemplates.active,
      // Qualified by hand: in a one-table select drizzle writes columns unqualified, which the subquery would read as its own.
      usage: sql<number>`(select count(*) from ${checklistItems} ci where ci.template_id = "checklist_templates"."id")`,
    })
    .from(checklistTemplates)
    .orderBy(asc(checklistTemplates.sortOrder), asc(checklistTemplates.titleEn))
    .all();
}

export type ChecklistTemplateRow = ReturnType<typeof listChecklistTemplates>[number];

function checkCodes(tx: Tx, input: ChecklistTemplateFields): FieldErrors {
  const fieldErrors: FieldErrors = {};
  const known = (kind: "department" | "stage", code: string) =>
    Boolean(
      tx
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(and(eq(referenceItems.kind, kind), eq(referenceItems.code, code)))
        .get(),
    );
  if (!known("department", input.department)) fieldErrors.department = "validation.unknownCode";
  if (input.applies_at_stage && !known("stage", input.applies_at_stage)) fieldErrors.applies_at_stage = "validation.stageUnknown";
  return fieldErrors;
}

function recordValues(input: ChecklistTemplateFields) {
  return {
    titleZh: input.title_zh,
    titleEn: input.title_en,
    descriptionZh: input.description_zh,
    descriptionEn: input.description_en,
    departmentCode: input.department,
    duePeriodWorkingDays: input.due_period ?? 0,
    appliesToType: input.applies_to_type,
    appliesAtStage: input.applies_at_stage,
  };
}

const FIELDS = [
  "titleZh",
  "titleEn",
  "descriptionZh",
  "descriptionEn",
  "departmentCode",
  "duePeriodWorkingDays",
  "appliesToType",
  "appliesAtStage",
  "sortOrder",
  "active",
] as const;

export function createChecklistTemplate(actor: Actor, input: ChecklistTemplateFields): TemplateWriteResult {
  if (!can(actor.role, "manage:checklists:any")) return FORBIDDEN;
  return db.transaction((tx): TemplateWriteResult => {
    const fieldErrors = checkCodes(tx, input);
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const last = tx
      .select({ max: sql<number | null>`max(${checklistTemplates.sortOrder})` })
      .from(checklistTemplates)
      .get();
    const values = { ...recordValues(input), sortOrder: input.sort_order ?? (last?.max ?? 0) + 10, active: true };
    const { id } = tx.insert(checklistTemplates).values(values).returning({ id: checklistTemplates.id }).get();
    recordAudit(tx, {
      actorId: actor.id,
      entity: CHECKLIST_TEMPLATE_ENTITY,
      entityId: id,
      action: "create",
      changes: diffFields(null, values, [...FIELDS]),
    });
    return { ok: true, id, titleEn: values.titleEn, titleZh: values.titleZh };
  });
}

export function updateChecklistTemplate(actor: Actor, id: string, input: ChecklistTemplateFields): TemplateWriteResult {
  if (!can(actor.role, "manage:checklists:any")) return FORBIDDEN;
  return db.transaction((tx): TemplateWriteResult => {
    const before = tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, id)).get();
    if (!before) return NOT_FOUND;
    const fieldErrors = checkCodes(tx, input);
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const values = { ...recordValues(input), sortOrder: input.sort_order ?? before.sortOrder };
    const changes = diffFields(before, { ...before, ...values }, [...FIELDS]);
    if (changes.length > 0) {
      tx.update(checklistTemplates)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(checklistTemplates.id, id))
        .run();
      recordAudit(tx, { actorId: actor.id, entity: CHECKLIST_TEMPLATE_ENTITY, entityId: id, action: "update", changes });
    }
    return { ok: true, id, titleEn: values.titleEn, titleZh: values.titleZh };
  });
}

export function setChecklistTemplateActive(actor: Actor, id: string, active: boolean): TemplateWriteResult {
  if (!can(actor.role, "manage:checklists:any")) return FORBIDDEN;
  return db.transaction((tx): TemplateWriteResult => {
    const before = tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, id)).get();
    if (!before) return NOT_FOUND;
    if (before.active !== active) {
      tx.update(checklistTemplates).set({ active, updatedAt: new Date() }).where(eq(checklistTemplates.id, id)).run();
      recordAudit(tx, {
        actorId: actor.id,
        entity: CHECKLIST_TEMPLATE_ENTITY,
        entityId: id,
        action: "update",
        changes: [{ field: "active", before: before.active, after: active }],
      });
    }
    return { ok: true, id, titleEn: before.titleEn, titleZh: before.titleZh };
  });
}

/** Deletes a template no centre uses; a used one answers 409 (deactivate it instead). */
export function deleteChecklistTemplate(actor: Actor, id: string): TemplateWriteResult {
  if (!can(actor.role, "manage:checklists:any")) return FORBIDDEN;
  return db.transaction((tx): TemplateWriteResult => {
    const before = tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, id)).get();
    if (!before) return NOT_FOUND;
    const used = tx
      .select({ id: checklistItems.id })
      .from(checklistItems)
      .where(eq(checklistItems.templateId, id))
      .limit(1)
      .get();
    if (used) return { ok: false, fieldErrors: { _form: "checklist.templates.inUse" }, status: 409 };
    tx.delete(checklistTemplates).where(eq(checklistTemplates.id, id)).run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: CHECKLIST_TEMPLATE_ENTITY,
      entityId: id,
      action: "delete",
      changes: diffFields(before, {}, [...FIELDS]),
    });
    return { ok: true, id, titleEn: before.titleEn, titleZh: before.titleZh };
  });
}
