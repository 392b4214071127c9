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
export const FollowUpSchema = z.object({
  description: requiredText(500),
  owner_id: optionalIdField,
  due_on: optionalDateField,
  visible: checkboxField,
});

export type FollowUpFormValues = z.input<typeof FollowUpSchema>;

/** Rows the form offers but the user left empty (no description, no date) are dropped before validation. */
const followUpRows = z
  .array(z.record(z.string(), z.unknown()))
  .optional()
  .default([])
  .transform((rows) => rows.filter((r) => [r.description, r.due_on].some((v) => typeof v === "string" && v.trim() !== "")))
  .pipe(z.array(FollowUpSchema).max(10, "validation.invalidChoice"));

/** The fast logging form: kind, when, who, what, linked checklist items, follow-ups. */
export const InteractionSchema = z.object({
  kind: z.enum(INTERACTION_KINDS, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  occurred_on: dateField.refine((v) => v <= todayInBeijing(), "validation.futureDate"),
  occurred_time: z.string({ required_error: "validation.required" }).trim().refine(isClockTime, "interactions.errors.time"),
  summary: requiredText(5000),
  contacts: idList(50),
  staff: idList(50),
  checklist_items: idList(100),
  followUps: followUpRows,
});

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
export const NewFollowUpSchema = FollowUpSchema.extend({ intent: z.literal("create") });
export const FollowUpStatusSchema = z.object({ intent: z.enum(["complete", "cancel", "reopen"]), follow_up_id: idField });
/** An open follow-up edited in place: the same fields, on the version the form was opened with. */
export const EditFollowUpSchema = FollowUpSchema.extend({
  intent: z.literal("update"),
  follow_up_id: idField,
  version: versionField,
});

/** Arrays and row groups of the interaction form, for stewardFormValues. */
export const INTERACTION_ARRAY_FIELDS = ["contacts", "staff", "checklist_items"] as const;
