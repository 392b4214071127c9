import { z } from "zod";
import { isIsoDate } from "~/domain/working-days";

/**
 * Dates people type: a real 'YYYY-MM-DD' date ("validation.date") between 2000-01-01 and
 * 2100-12-31 ("validation.dateRange"). The range keeps a typo such as 9999-12-31 out of deadlines
 * and counts; every date field of a form uses these.
 */
export const DATE_RANGE = { from: "2000-01-01", through: "2100-12-31" } as const;

export function isDateInRange(value: string): boolean {
  return value >= DATE_RANGE.from && value <= DATE_RANGE.through;
}

/** A required date where a blank one reads "validation.date" (the centre's events). */
export const eventDateField = z
  .string({ required_error: "validation.required", invalid_type_error: "validation.date" })
  .trim()
  .refine(isIsoDate, "validation.date")
  .refine(isDateInRange, "validation.dateRange");

/** A required date: blank reads "validation.required". */
export const dateField = z
  .string({ required_error: "validation.required", invalid_type_error: "validation.date" })
  .trim()
  .min(1, "validation.required")
  .refine(isIsoDate, "validation.date")
  .refine(isDateInRange, "validation.dateRange");

/** An optional date: blank becomes null. */
export const optionalDateField = z
  .string({ invalid_type_error: "validation.date" })
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || isIsoDate(v), "validation.date")
  .refine((v) => v === "" || isDateInRange(v), "validation.dateRange")
  .transform((v) => (v === "" ? null : v));

/**
 * The date a source document was issued: optional, a real date, and since the founding of the
 * People's Republic ("validation.issuedDateRange"), as a regulation quoted in an answer may be old.
 */
export const ISSUED_DATE_RANGE = { from: "1949-10-01", through: DATE_RANGE.through } as const;

export const issuedOnField = z
  .string({ invalid_type_error: "validation.date" })
  .trim()
  .max(10, "validation.date")
  .optional()
  .default("")
  .refine((v) => v === "" || isIsoDate(v), "validation.date")
  .refine(
    (v) => v === "" || !isIsoDate(v) || (v >= ISSUED_DATE_RANGE.from && v <= ISSUED_DATE_RANGE.through),
    "validation.issuedDateRange",
  );
