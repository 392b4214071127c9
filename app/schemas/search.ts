import { z } from "zod";
import { SEARCH_KINDS } from "~/domain/search-text";

/** The search page's URL parameters: the query (cut to 200 characters) and, for "more", one kind. */
export const SearchParamsSchema = z.object({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ?? "").slice(0, 200).trim()),
  kind: z.enum(SEARCH_KINDS).optional().catch(undefined),
});
