import { z } from "zod";
import { INTERACTION_KINDS, isClockTime } from "~/domain/steward-work";
import { todayInBeijing } from "~/utils/format";
import { checkboxField, dateField, idField, optionalDateField, optionalIdField } from "./checklist";
import { requiredText, versionField } from "./forms";

/** A group of checkboxes: none ticked (undefined/false), one (a string) or several (an array). */
const idList = (max: number) =>
  z
    .union([z.array(z.union([z.string(), z.boolean()])), z.string(), z.boolean()])
    .optional()
    .transform((v) => {
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      return [
        ...new Set(
          list
            .filter((s): s is string => typeof s === "string")
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
    })
    .pipe(z.array(idField).max(max, "validation.invalidChoice"));

/** A commitment made in an interaction (or on its own): what, who, by when, and whether the enterprise sees it. */
const followUpFields = {
  description: requiredText(500),
  owner_id: optionalIdField,
  due_on: optionalDateField,
  visible: checkboxField,
};

/** The form's fields as the follow-up models take them (FollowUpInput). */
const followUpInput = (f: z.output<z.ZodObject<typeof followUpFields>>) => ({
  description: f.description,
  ownerId: f.owner_id,
  dueOn: f.due_on,
  visibleToEnterprise: f.visible,
});

export const FollowUpSchema = z.object(followUpFields).transform(followUpInput);

export type FollowUpFormValues = z.input<typeof FollowUpSchema>;

/** Rows the form offers but the user left empty (no description, no date) are dropped before validation. */
const followUpRows = z
  .array(z.record(z.string(), z.unknown()))
  .optional()
  .default([])
  .transform((rows) => rows.filter((r) => [r.description, r.due_on].some((v) => typeof v === "string" && v.trim() !== "")))
  .pipe(z.array(FollowUpSchema).max(10, "validation.invalidChoice"));

/** The fast logging form: kind, when, who, what, linked checklist items, follow-ups; it outputs logInteraction's input. */
export const InteractionSchema = z
  .object({
    kind: z.enum(INTERACTION_KINDS, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
    occurred_on: dateField.refine((v) => v <= todayInBeijing(), "validation.futureDate"),
    occurred_time: z.string({ required_error: "validation.required" }).trim().refine(isClockTime, "interactions.errors.time"),
    summary: requiredText(5000),
    contacts: idList(50),
    staff: idList(50),
    checklist_items: idList(100),
    followUps: followUpRows,
  })
  .transform((v) => ({
    kind: v.kind,
    occurredOn: v.occurred_on,
    occurredTime: v.occurred_time,
    summary: v.summary,
    contactIds: v.contacts,
    userIds: v.staff,
    checklistItemIds: v.checklist_items,
    followUps: v.followUps,
  }));

export type InteractionFormValues = {
  kind: string;
  occurred_on: string;
  occurred_time: string;
  summary: string;
  contacts: string[];
  staff: string[];
  checklist_items: string[];
  followUps: { description: string; owner_id: string; due_on: string; visible: boolean | string }[];
};
export type InteractionInput = z.output<typeof InteractionSchema>;

/** A follow-up added on its own (follow-ups page). */
export const NewFollowUpSchema = z.object({ ...followUpFields, intent: z.literal("create") }).transform(followUpInput);
export const FollowUpStatusSchema = z.object({ intent: z.enum(["complete", "cancel", "reopen"]), follow_up_id: idField });
/** An open follow-up edited in place: the same fields, on the version the form was opened with. */
export const EditFollowUpSchema = z
  .object({ ...followUpFields, intent: z.literal("update"), follow_up_id: idField, version: versionField })
  .transform((f) => ({ followUpId: f.follow_up_id, version: f.version, followUp: followUpInput(f) }));

/** Arrays and row groups of the interaction form, for stewardFormValues. */
export const INTERACTION_ARRAY_FIELDS = ["contacts", "staff", "checklist_items"] as const;
