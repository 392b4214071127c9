import { z } from "zod";
import { NOTIFICATION_MODES } from "~/domain/notification-policy";
import { emailField } from "./forms";

/** One schema per form of the account pages, shared by the browser and the actions. */

export const ForgotPasswordSchema = z.object({ email: emailField() });
export type ForgotPasswordInput = z.input<typeof ForgotPasswordSchema>;

export const ResetPasswordSchema = z
  .object({
    password: z.string({ required_error: "validation.required" }).min(12, "validation.passwordLength:12").max(200, "validation.tooLong:200"),
    confirm: z.string({ required_error: "validation.required" }).min(1, "validation.required"),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "passwordReset.reset.mismatch" });
export type ResetPasswordInput = z.input<typeof ResetPasswordSchema>;

export const NotificationSettingsSchema = z.object({
  mode: z.enum(NOTIFICATION_MODES, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
});
export type NotificationSettingsInput = z.input<typeof NotificationSettingsSchema>;

export const InboxActionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("open"), id: z.string().min(1).max(64) }), z.object({ intent: z.literal("read_all") })],
  { errorMap: () => ({ message: "validation.invalidChoice" }) },
);
