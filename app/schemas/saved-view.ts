import { z } from "zod";
import { SAVED_VIEW_PAGES } from "~/domain/saved-views";
import { requiredText } from "./forms";

export { SAVED_VIEW_PAGES, type SavedViewPage } from "~/domain/saved-views";

/** Query parameters a saved view never keeps: the page number and the language switch. */
const DROPPED = new Set(["page", "lng"]);

/** The list's current query string as a view keeps it: known order, no page or language, empty values left out. */
export function viewQuery(search: string | URLSearchParams): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const [key, value] of params) if (!DROPPED.has(key) && value.trim() !== "") kept.append(key, value);
  return kept.toString();
}

/** Saving the current filters as a named view (intent "save"). */
export const SaveViewSchema = z.object({
  intent: z.literal("save"),
  page: z.enum(SAVED_VIEW_PAGES, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  name: requiredText(60),
  query: z
    .string()
    .max(2000, "validation.tooLong:2000")
    .default("")
    .transform((q) => viewQuery(q.replace(/^\?/, ""))),
});
/** Deleting a saved view (intent "delete"). */
export const DeleteViewSchema = z.object({
  intent: z.literal("delete"),
  page: z.enum(SAVED_VIEW_PAGES, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  id: z.string().min(1).max(64),
});
/** Either form of the saved views, by intent. */
export const SavedViewFormSchema = z.discriminatedUnion("intent", [SaveViewSchema, DeleteViewSchema]);
export type SavedViewForm = z.output<typeof SavedViewFormSchema>;
