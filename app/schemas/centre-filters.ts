import { z } from "zod";

/** The centre list's filters, sort and page, all in the URL so a view can be bookmarked. */
export const CENTRE_SORTS = [
  "name",
  "-name",
  "stage",
  "days_in_stage",
  "-days_in_stage",
  "level",
  "-level",
  "-updated",
  "updated",
] as const;
export const PAGE_SIZE = 25;

const optional = z
  .string()
  .trim()
  .max(200, "filterTooLong")
  .optional()
  .transform((v) => (v ? v : undefined));

export const CentreFiltersSchema = z.object({
  q: optional,
  stage: optional,
  level: optional,
  type: optional,
  district: optional,
  park: optional,
  industry: optional,
  country: optional,
  steward: optional,
  /** The steward picker's typed text, "" when sent empty (app/domain/steward-pick.ts). */
  steward_text: z.string().max(200, "filterTooLong").optional(),
  batch: z.coerce.number().int().positive().optional().catch(undefined),
  recognised: z.enum(["yes", "no"]).optional().catch(undefined),
  sort: z.enum(CENTRE_SORTS).default("name").catch("name"),
  page: z.coerce.number().int().positive().max(100_000).default(1).catch(1),
});
export type CentreFilters = z.output<typeof CentreFiltersSchema>;

/** The filters of a URL; a value over 200 characters answers 400 with the reason "filterTooLong". */
export function parseCentreFilters(searchParams: URLSearchParams): CentreFilters {
  const parsed = CentreFiltersSchema.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) throw new Response("filterTooLong", { status: 400, statusText: "filterTooLong" });
  return parsed.data;
}
