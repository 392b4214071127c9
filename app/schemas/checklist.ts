import { z } from "zod";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { CHECKLIST_STATUSES } from "~/domain/checklist";
import { dateField, optionalDateField } from "./dates";
import { optionalText, requiredText, versionField, wholeNumberField } from "./forms";

/**
 * Forms of the service checklist: the admin's templates and a centre's items. Messages are i18n
 * keys; the same schemas run in the browser (react-hook-form) and in the actions.
 */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: "validation.invalidChoice" }) });

export const idField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(64, "validation.tooLong:64");

export { dateField, optionalDateField };

/** An optional id from a select: blank becomes null. */
export const optionalIdField = z
  .string()
  .trim()
  .max(64, "validation.tooLong:64")
  .optional()
  .transform((v) => (v ? v : null));

/** A checkbox: the browser sends its value ("on") when ticked and nothing otherwise; react-hook-form gives a boolean. */
export const checkboxField = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const ChecklistTemplateFieldsSchema = z.object({
  title_zh: requiredText(200),
  title_en: requiredText(200),
  description_zh: optionalText(2000),
  description_en: optionalText(2000),
  department: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(64, "validation.tooLong:64"),
  due_period: wholeNumberField(250, { required: true }),
  applies_to_type: z
    .union([z.literal(""), choice(CENTRE_TYPES)])
    .optional()
    .transform((v) => (v ? v : null)),
  applies_at_stage: z
    .string()
    .trim()
    .max(64, "validation.tooLong:64")
    .optional()
    .transform((v) => (v ? v : null)),
  sort_order: wholeNumberField(1_000_000),
});

export const NewChecklistTemplateSchema = ChecklistTemplateFieldsSchema.extend({ intent: z.literal("create") });
export const UpdateChecklistTemplateSchema = ChecklistTemplateFieldsSchema.extend({ intent: z.literal("update"), id: idField });
export const SetChecklistTemplateActiveSchema = z.object({
  intent: z.literal("setActive"),
  id: idField,
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const DeleteChecklistTemplateSchema = z.object({ intent: z.literal("delete"), id: idField });

export type ChecklistTemplateFormValues = z.input<typeof NewChecklistTemplateSchema>;
export type ChecklistTemplateFields = z.output<typeof ChecklistTemplateFieldsSchema>;

/** Which item, as of which version: what every change to an item names. */
const itemVersion = { item_id: idField, version: versionField };

/** A centre's checklist item, edited inline: every field the steward maintains, as updateChecklistItem's patch. */
export const ChecklistItemSchema = z
  .object({
    intent: z.literal("update"),
    ...itemVersion,
    status: choice(CHECKLIST_STATUSES),
    owner_id: optionalIdField,
    due_on: optionalDateField,
    notes: optionalText(2000),
    visible: checkboxField,
  })
  .transform((v) => ({
    itemId: v.item_id,
    version: v.version,
    patch: { status: v.status, ownerId: v.owner_id, dueOn: v.due_on, notes: v.notes, visibleToEnterprise: v.visible },
  }));

/**
 * A steward's own item, for work no template covers. A title in at least one language is
 * needed; the other language shows the same title until someone gives it one.
 */
const NewItemTitles = z.object({ title_zh: optionalText(200), title_en: optionalText(200) }).superRefine((v, ctx) => {
  if (!v.title_zh && !v.title_en) ctx.addIssue({ code: "custom", path: ["title_zh"], message: "checklist.errors.titleNeeded" });
});
// An intersection, so the title rule is checked even when another field is wrong (a refinement on
// one object would wait until every field parsed): the user sees every problem at once.
export const NewChecklistItemSchema = z
  .intersection(
    z.object({
      intent: z.literal("add"),
      department: z
        .string({ required_error: "validation.required" })
        .trim()
        .min(1, "validation.required")
        .max(64, "validation.tooLong:64"),
      owner_id: optionalIdField,
      due_on: optionalDateField,
      notes: optionalText(2000),
      visible: checkboxField,
    }),
    NewItemTitles,
  )
  .transform((v) => ({
    // The model's input: addChecklistItem takes it as it is.
    titleZh: v.title_zh,
    titleEn: v.title_en,
    departmentCode: v.department,
    ownerId: v.owner_id,
    dueOn: v.due_on,
    notes: v.notes,
    visibleToEnterprise: v.visible,
  }));
export type NewChecklistItemValues = z.input<typeof NewChecklistItemSchema>;
export type NewChecklistItem = z.output<typeof NewChecklistItemSchema>;

/** One click: a new status only (e.g. "Mark done"). */
export const ChecklistStatusSchema = z
  .object({ intent: z.literal("status"), ...itemVersion, status: choice(CHECKLIST_STATUSES) })
  .transform((v) => ({ itemId: v.item_id, version: v.version, patch: { status: v.status } }));

export const ApplyTemplatesSchema = z.object({ intent: z.literal("apply") });
