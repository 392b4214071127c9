import { z } from "zod";

/**
 * Zod messages are i18n keys ("validation.required"); the UI translates them, so one schema
 * serves the browser (react-hook-form) and the server (actions) in either language.
 */
export const requiredText = (max = 200) =>
  z
    .string({ required_error: "validation.required", invalid_type_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(max, `validation.tooLong:${max}`);

export const optionalText = (max = 2000) =>
  z
    .string({ invalid_type_error: "validation.invalidChoice" })
    .trim()
    .max(max, `validation.tooLong:${max}`)
    .optional()
    .default("");

/**
 * A whole number from 0 to `max`, typed in a form or read from a file: separators ("1,000",
 * "1 000", "1_000") are allowed; empty is null, or "validation.required" when `required`.
 */
export const wholeNumberField = (max: number, { required = false } = {}) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || String(v).trim() === "") {
        if (required) ctx.addIssue({ code: "custom", message: "validation.required" });
        return null;
      }
      const n = typeof v === "number" ? v : Number(v.replace(/[,\s_]/g, ""));
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: "validation.wholeNumber" });
        return z.NEVER;
      }
      if (n > max) {
        ctx.addIssue({ code: "custom", message: `validation.tooLarge:${max}` });
        return z.NEVER;
      }
      return n;
    });

/** The version of a record the form was made from (optimistic concurrency). */
export const versionField = z.coerce.number({ invalid_type_error: "validation.invalidChoice" }).int().positive();

export const emailField = () =>
  z
    .string({ required_error: "validation.required" })
    .trim()
    .toLowerCase()
    .min(1, "validation.required")
    .max(254, "validation.tooLong:254")
    .email("validation.email");

/** A password someone chooses: at least 12 characters (the sign-in pages say so), at most 200. */
export const newPasswordField = () =>
  z.string({ required_error: "validation.required" }).min(12, "validation.passwordLength:12").max(200, "validation.tooLong:200");

/**
 * A form that sets a new password typed twice (an invitation, a reset link): `fields` plus
 * `password` and `confirm`, refused on `confirm` with `mismatch` when the two differ.
 */
export function withNewPassword<T extends z.ZodRawShape>(fields: T, mismatch: string) {
  return z
    .object({
      ...fields,
      password: newPasswordField(),
      confirm: z.string({ required_error: "validation.required" }).min(1, "validation.required"),
    })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: mismatch });
}

export type FieldErrors = Record<string, string>;

const MESSAGE_KEY = /^[a-zA-Z]+(\.\w+)+(:[\w-]+)?$/;

/**
 * The message key a field shows for a zod message, in the browser and on the server alike:
 * messages are i18n keys, optionally with a value ("validation.required", "reference.codeTaken",
 * "validation.tooLong:200", "pipeline.errors.beforeStageSince:2026-01-05"); zod's own English
 * texts ("Required", "Invalid enum value…") are never shown and become "validation.invalidChoice".
 */
export function errorKeyOf(message: string): string {
  return MESSAGE_KEY.test(message) ? message : "validation.invalidChoice";
}

/** Flattens a zod error to one message key per field (the first), keyed by the field's dotted path. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    out[key] ??= errorKeyOf(issue.message);
  }
  return out;
}

/** Messages are "key" or "key:number" (a limit); the number fills {{max}} and {{min}}. */
export function translateError(t: (key: string, options?: Record<string, unknown>) => string, message: string) {
  // "key:value": the value fills {{max}}/{{min}} (length limits) or {{value}} (e.g. a conflicting event's date).
  const [key = message, limit] = message.split(":");
  return t(key, { max: limit, min: limit, value: limit });
}
