import { z } from "zod";
import { todayInBeijing } from "~/utils/format";
import { StageChangeSchema } from "./centre";

/** The move form of a pipeline card: the stage-change schema plus the centre; no date in the future. */
export const MoveCentreSchema = StageChangeSchema.extend({ centreId: z.string().trim().min(1, "validation.required") }).refine(
  (v) => v.effective_on <= todayInBeijing(),
  { path: ["effective_on"], message: "validation.futureDate" },
);
export type MoveCentreValues = z.input<typeof MoveCentreSchema>;

/** The move as the action gives it to moveCentre: which centre, and the stage change. */
export const MoveCentreInputSchema = MoveCentreSchema.transform((v) => ({
  centreId: v.centreId,
  change: { stage: v.stage, effectiveOn: v.effective_on, note: v.note },
}));

/**
 * The same form as the browser checks it for one card: also no date before the card's current
 * stage began (the action's model checks that against the database).
 */
export function moveCentreSchemaFor(stageSince: string) {
  return MoveCentreSchema.refine((v) => v.effective_on >= stageSince, {
    path: ["effective_on"],
    message: `pipeline.errors.beforeStageSince:${stageSince}`,
  });
}
