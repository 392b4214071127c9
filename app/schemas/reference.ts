import { z } from "zod";
import type { ReferenceKind } from "~/domain/reference-kinds";
import { requiredText } from "./forms";

/** The lists in the order the tabs show them: the pipeline's stages first. */
export const KIND_TABS = [
  "stage",
  "district",
  "park",
  "industry",
  "country",
  "department",
  "request_category",
] as const satisfies readonly ReferenceKind[];
// Every list has a tab: this line stops compiling when domain/reference-kinds gains a kind missing above.
const _allKindsHaveATab: Exclude<ReferenceKind, (typeof KIND_TABS)[number]> extends never ? true : never = true;
export const DEFAULT_KIND: ReferenceKind = "stage";

const kindField = z.enum(KIND_TABS, { errorMap: () => ({ message: "validation.invalidChoice" }) });
const codeField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(64, "validation.tooLong:64")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "reference.errors.codeFormat");
const orderField = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || String(v).trim() === "") return null;
    const n = Number(String(v).trim());
    if (!Number.isInteger(n) || n < 0) {
      ctx.addIssue({ code: "custom", message: "validation.wholeNumber" });
      return z.NEVER;
    }
    if (n > 1_000_000) {
      ctx.addIssue({ code: "custom", message: "validation.tooLarge:1000000" });
      return z.NEVER;
    }
    return n;
  });
const parentField = z
  .string()
  .trim()
  .max(64, "validation.tooLong:64")
  .optional()
  .transform((v) => (v ? v : null));

/** The add form (also used by react-hook-form in the browser). A park needs its district; it outputs createReferenceItem's input. */
export const NewReferenceItemSchema = z
  .object({
    intent: z.literal("create"),
    kind: kindField,
    code: codeField,
    label_zh: requiredText(200),
    label_en: requiredText(200),
    sort_order: orderField,
    parent_code: parentField,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "park" && !v.parent_code)
      ctx.addIssue({ code: "custom", path: ["parent_code"], message: "validation.required" });
  })
  .transform((v) => ({
    kind: v.kind,
    code: v.code,
    labelZh: v.label_zh,
    labelEn: v.label_en,
    sortOrder: v.sort_order,
    parentCode: v.parent_code,
  }));
export type NewReferenceItemInput = z.input<typeof NewReferenceItemSchema>;

/** A row's inline edit: labels, order and (parks) district, as updateReferenceItem's changes. The code is not editable. */
export const UpdateReferenceItemSchema = z
  .object({
    intent: z.literal("update"),
    id: z.string().trim().min(1, "validation.required"),
    label_zh: requiredText(200),
    label_en: requiredText(200),
    sort_order: orderField.refine((v): v is number => v !== null, "validation.required"),
    parent_code: parentField,
  })
  .transform((v) => ({
    id: v.id,
    changes: { labelZh: v.label_zh, labelEn: v.label_en, sortOrder: v.sort_order, parentCode: v.parent_code },
  }));

export const SetReferenceActiveSchema = z.object({
  intent: z.literal("setActive"),
  id: z.string().trim().min(1, "validation.required"),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});
