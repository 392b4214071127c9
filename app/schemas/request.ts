import { z } from "zod";
import { REQUEST_URGENCIES, SATISFACTION_RATINGS } from "~/domain/request-lifecycle";
import { optionalText, requiredText } from "./forms";

/** One schema per request form, shared by the browser and the actions. */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The new-request form; its output is the model's input (NewRequest) but for the language. */
export const NewRequestSchema = z
  .object({
    category: requiredText(64),
    title: requiredText(200),
    description: requiredText(5000),
    urgency: z.enum(REQUEST_URGENCIES, { errorMap: () => ({ message: "validation.invalidChoice" }) }).default("normal"),
    /** A random key the form carries, so a double submit creates one request. */
    idempotency_key: z.string().trim().min(8, "validation.required").max(100),
    /** Only when a steward logs a request on a centre's behalf. */
    centre_id: z.string().optional(),
  })
  .transform(({ idempotency_key, centre_id, ...fields }) => ({
    ...fields,
    idempotencyKey: idempotency_key,
    centreId: centre_id ?? "",
  }));
export type NewRequestInput = z.input<typeof NewRequestSchema>;

const body = requiredText(5000);
const rating = z.enum(SATISFACTION_RATINGS, { errorMap: () => ({ message: "validation.invalidChoice" }) });

export const RequestActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("accept"), note: optionalText(1000) }),
    z.object({ intent: z.literal("reject"), reason: requiredText(1000) }),
    z.object({ intent: z.literal("refer"), department: requiredText(64), note: optionalText(1000) }),
    z.object({ intent: z.literal("record_department_answer"), note: requiredText(2000) }),
    z.object({ intent: z.literal("answer"), body }),
    z.object({ intent: z.literal("close"), note: optionalText(1000) }),
    z.object({ intent: z.literal("reopen"), reason: requiredText(1000) }),
    z.object({ intent: z.literal("reply"), body }),
    z.object({ intent: z.literal("internal_note"), body }),
    z.object({
      intent: z.literal("rate"),
      rating,
      comment: optionalText(2000),
    }),
    z.object({ intent: z.literal("escalate"), escalated: z.enum(["true", "false"]).transform((v) => v === "true") }),
  ],
  { errorMap: () => ({ message: "validation.invalidChoice" }) },
);
export type RequestActionInput = z.output<typeof RequestActionSchema>;

export const ReplySchema = z.object({ intent: z.literal("reply"), body });
export const RateSchema = z.object({
  intent: z.literal("rate"),
  rating,
  comment: optionalText(2000),
});
