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

export const emailField = () =>
  z
    .string({ required_error: "validation.required" })
    .trim()
    .toLowerCase()
    .min(1, "validation.required")
    .max(254, "validation.tooLong:254")
    .email("validation.email");

export type FieldErrors = Record<string, string>;

/** Flattens a zod error to one message key per field (the first). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    // Messages are i18n keys ("validation.required", "reference.codeTaken"); zod's own English texts are not shown.
    if (!out[key]) out[key] = /^[a-zA-Z]+\.[\w.]+(:\d+)?$/.test(issue.message) ? issue.message : "validation.invalidChoice";
  }
  return out;
}

/** Messages are "key" or "key:number" (a limit); the number fills {{max}} and {{min}}. */
export function translateError(t: (key: string, options?: Record<string, unknown>) => string, message: string) {
  // "key:value": the value fills {{max}}/{{min}} (length limits) or {{value}} (e.g. a conflicting event's date).
  const [key = message, limit] = message.split(":");
  return t(key, { max: limit, min: limit, value: limit });
}
