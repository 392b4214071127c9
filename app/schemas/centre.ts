import { z } from "zod";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS } from "~/domain/levels";
import { LOCALES } from "~/domain/locales";
import { isValidUscc, normalizeUscc } from "~/domain/uscc";
import { eventDateField } from "./dates";
import { formValues } from "./form-values";
import { optionalText, requiredText, wholeNumberField } from "./forms";

/**
 * The centre form. Input names follow the CSV columns of the import (name_zh, uscc, …), so a
 * row of the CSV and a submitted form go through the same schema.
 */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: "validation.invalidChoice" }) });

const code = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(64, "validation.tooLong:64");

/** A steward named by email (the server checks it is an active steward); empty is none. */
const stewardEmailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .optional()
  .transform((v) => (v ? v : null));

export const usccField = z
  .string({ required_error: "validation.required" })
  .transform(normalizeUscc)
  .pipe(
    z
      .string()
      .min(1, "validation.required")
      .refine((v) => v.length === 18, "validation.usccLength")
      .refine((v) => v.length !== 18 || isValidUscc(v), "validation.usccInvalid"),
  );

const websiteField = z
  .string()
  .trim()
  .max(300, "validation.tooLong:300")
  .optional()
  .default("")
  .refine((v) => v === "" || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v), "validation.url");

export const ContactSchema = z.object({
  name: requiredText(100),
  role: optionalText(100),
  email: z
    .string()
    .trim()
    .max(254, "validation.tooLong:254")
    .optional()
    .default("")
    .refine((v) => v === "" || z.string().email().safeParse(v).success, "validation.email"),
  phone: z
    .string()
    .trim()
    .max(40, "validation.tooLong:40")
    .optional()
    .default("")
    .refine((v) => v === "" || /^[+\d][\d\s\-()]{4,}$/.test(v), "validation.phone"),
  language: choice(LOCALES).default("zh-CN"),
});

const industriesField = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => {
    const list = v === undefined ? [] : Array.isArray(v) ? v : v.split(/[;；]/);
    return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  })
  .refine((v) => v.length > 0, "validation.industryRequired");

export const CentreFieldsSchema = z.object({
  name_zh: requiredText(200),
  name_en: requiredText(200),
  uscc: usccField,
  parent_company: requiredText(200),
  country: code,
  district: code,
  park: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : null)),
  industries: industriesField,
  type: choice(CENTRE_TYPES),
  level: choice(LEVELS),
  rd_headcount: wholeNumberField(1_000_000),
  rd_spend_cny: wholeNumberField(1_000_000_000_000),
  website: websiteField,
  address: optionalText(300),
  lead_steward_email: stewardEmailField,
  district_steward_email: stewardEmailField,
  notes: optionalText(5000),
  contacts: z
    .array(z.record(z.string(), z.unknown()))
    .optional()
    .default([])
    // Blank contact rows (the empty row the form offers) are dropped before validation.
    .transform((rows) =>
      rows.filter((r) => Object.entries(r).some(([k, v]) => k !== "language" && typeof v === "string" && v.trim() !== "")),
    )
    .pipe(z.array(ContactSchema).max(20)),
});

export const NewCentreSchema = CentreFieldsSchema.extend({
  stage: code.default("lead"),
});

export const EditCentreSchema = CentreFieldsSchema.omit({ level: true }).extend({
  version: z.coerce.number().int().positive(),
});

export type CentreFields = z.output<typeof CentreFieldsSchema>;
export type NewCentreInput = z.output<typeof NewCentreSchema>;
export type EditCentreInput = z.output<typeof EditCentreSchema>;

const isoDate = eventDateField;

/**
 * The centre page's event forms. Each outputs the event as recordCentreEvent takes it
 * (CentreEventInput); StageChangeSchema is the stage form's fields, which the pipeline's move
 * form extends.
 */
export const StageChangeSchema = z.object({
  intent: z.literal("stage"),
  stage: code,
  effective_on: isoDate,
  note: optionalText(1000),
});
export const StageEventSchema = StageChangeSchema.transform((v) => ({
  kind: "stage_changed" as const,
  stage: v.stage,
  effectiveOn: v.effective_on,
  note: v.note,
}));

export const RecognitionSchema = z
  .object({
    intent: z.literal("recognised"),
    batch: z.coerce
      .number({ invalid_type_error: "validation.wholeNumber" })
      .int("validation.wholeNumber")
      .min(1, "validation.wholeNumber")
      .max(1000, "validation.tooLarge:1000"),
    effective_on: isoDate,
    level: choice(LEVELS),
    document_ref: requiredText(200),
    note: optionalText(1000),
  })
  .transform((v) => ({
    kind: "recognised" as const,
    batch: v.batch,
    level: v.level,
    effectiveOn: v.effective_on,
    documentRef: v.document_ref,
    note: v.note,
  }));

export const LevelChangeSchema = z
  .object({
    intent: z.literal("level"),
    level: choice(LEVELS),
    effective_on: isoDate,
    document_ref: requiredText(200),
    note: optionalText(1000),
  })
  .transform((v) => ({
    kind: "level_changed" as const,
    level: v.level,
    effectiveOn: v.effective_on,
    documentRef: v.document_ref,
    note: v.note,
  }));

export const WithdrawalSchema = z
  .object({
    intent: z.literal("withdrawn"),
    effective_on: isoDate,
    document_ref: optionalText(200),
    note: requiredText(1000),
  })
  .transform((v) => ({ kind: "withdrawn" as const, effectiveOn: v.effective_on, documentRef: v.document_ref, note: v.note }));

export const isoDateField = isoDate;

/** Reads a submitted form into the nested shape the schema expects (contacts.0.name → contacts[0].name). */
export function centreFormValues(formData: FormData): Record<string, unknown> {
  const values = formValues(formData, { arrays: ["industries"] });
  values.contacts ??= [];
  return values;
}
