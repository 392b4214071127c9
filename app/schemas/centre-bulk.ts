import { z } from "zod";

/** Bulk actions on the centre list (issue 13): each submit button names one. */
export const CENTRE_BULK_INTENTS = ["assign_lead", "assign_district", "apply_template", "export"] as const;
export type CentreBulkIntent = (typeof CENTRE_BULK_INTENTS)[number];
/** At most this many centres per bulk action (the rest: narrow the filters). */
export const MAX_BULK_CENTRES = 5000;

const id = z.string().trim().max(64);
const choice = { errorMap: () => ({ message: "validation.invalidChoice" }) };

/** The bulk form: which centres (the ticked ones, or all matching the list's filters) and what to do. */
export const CentreBulkSchema = z
  .object({
    intent: z.enum(CENTRE_BULK_INTENTS, choice),
    scope: z.enum(["selected", "all"], choice).default("selected"),
    ids: z.array(id).max(MAX_BULK_CENTRES, "bulk.tooMany").default([]),
    /** The list's query string, for "all matching". */
    filters: z.string().max(2000).default(""),
    steward_id: id.optional().default(""),
    /** The steward picker's typed text, null when not sent (app/domain/steward-pick.ts). */
    steward_text: z.string().max(200).nullable().default(null),
    template_id: id.optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "selected" && v.ids.length === 0)
      ctx.addIssue({ code: "custom", path: ["ids"], message: "bulk.noneSelected" });
    const stewardNamed = v.steward_text === null ? !!v.steward_id : !!v.steward_text.trim();
    if (v.intent === "assign_lead" && !stewardNamed)
      ctx.addIssue({ code: "custom", path: ["steward_id"], message: "bulk.chooseSteward" });
    if (v.intent === "apply_template" && !v.template_id)
      ctx.addIssue({ code: "custom", path: ["template_id"], message: "bulk.chooseTemplate" });
  });
export type CentreBulkInput = z.output<typeof CentreBulkSchema>;
