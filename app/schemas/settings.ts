import { z } from "zod";
import { CALENDAR_OVERRIDE_KINDS } from "~/domain/working-days";
import type { CategoryTimeLimits } from "~/domain/request-clock";
import type { SettingsValues } from "~/models/settings-write.server";
import { dateField } from "./dates";
import { optionalText, type FieldErrors } from "./forms";

/**
 * The settings page's forms. The settings form is flat: one key per input name
 * ("requestTimeLimits.tax.accept"), so field errors match the input names.
 */
export const LIMIT_FIELDS = ["accept", "firstContact", "answer", "satisfactionFollowUp"] as const;
export const LEVELS = ["regional", "greater_regional", "global"] as const;
export const DEFAULT_CATEGORY = "default";

const RANGE = "settings.errors.range";
const COUNT_RANGE = "settings.errors.countRange";
/** Cadences are calendar days and default to 60–90, so they get a wider range than working-day limits. */
const CADENCE_RANGE = "settings.errors.cadenceRange";

/** A whole number within [min, max], given as form text. */
const intIn = (min: number, max: number, message: string) =>
  z
    .string({ required_error: "validation.required", invalid_type_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

export const limitName = (code: string, field: (typeof LIMIT_FIELDS)[number]) => `requestTimeLimits.${code}.${field}`;

/** A category row filled in only partly: an error on each blank field (reported with the schema's errors). */
export function partialRowErrors(values: Record<string, string>, categoryCodes: string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const code of categoryCodes) {
    const blank = LIMIT_FIELDS.filter((f) => (values[limitName(code, f)] ?? "").trim() === "");
    if (blank.length > 0 && blank.length < LIMIT_FIELDS.length)
      for (const f of blank) errors[limitName(code, f)] = "settings.errors.rowIncomplete";
  }
  return errors;
}

/** The flat form schema: one key per input name, so field errors match the input names. */
export function settingsSchema(categoryCodes: string[]) {
  const shape: Record<string, z.ZodTypeAny> = {
    "target.count": intIn(1, 10000, COUNT_RANGE),
    "target.date": dateField,
    reopenWindowWorkingDays: intIn(0, 60, RANGE),
    dueSoonWorkingDays: intIn(0, 60, RANGE),
  };
  for (const level of LEVELS) shape[`contactCadenceDays.${level}`] = intIn(1, 366, CADENCE_RANGE);
  for (const code of [DEFAULT_CATEGORY, ...categoryCodes]) {
    for (const field of LIMIT_FIELDS) {
      // A category's row may be left wholly blank (it then uses "default"); partialRowErrors handles partial rows.
      shape[limitName(code, field)] =
        code === DEFAULT_CATEGORY ? intIn(0, 60, RANGE) : z.union([z.literal(""), intIn(0, 60, RANGE)]).optional();
    }
  }
  return z.object(shape).transform((v): SettingsValues => {
    const num = (key: string) => v[key] as number;
    const requestTimeLimits: Record<string, CategoryTimeLimits> = {};
    for (const code of [DEFAULT_CATEGORY, ...categoryCodes]) {
      if (typeof v[limitName(code, "accept")] !== "number") continue;
      requestTimeLimits[code] = {
        accept: num(limitName(code, "accept")),
        firstContact: num(limitName(code, "firstContact")),
        answer: num(limitName(code, "answer")),
        satisfactionFollowUp: num(limitName(code, "satisfactionFollowUp")),
      };
    }
    return {
      target: { count: num("target.count"), date: v["target.date"] as string },
      requestTimeLimits,
      reopenWindowWorkingDays: num("reopenWindowWorkingDays"),
      dueSoonWorkingDays: num("dueSoonWorkingDays"),
      contactCadenceDays: {
        regional: num("contactCadenceDays.regional"),
        greater_regional: num("contactCadenceDays.greater_regional"),
        global: num("contactCadenceDays.global"),
      },
    };
  });
}

export const AddOverrideSchema = z.object({
  date: dateField,
  kind: z.enum(CALENDAR_OVERRIDE_KINDS, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  note: optionalText(200),
});
export const RemoveOverrideSchema = z.object({ date: dateField });
export const CalendarYearSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100), complete: z.enum(["1", "0"]) });
