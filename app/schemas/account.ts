import { z } from "zod";
import { NOTIFICATION_MODES } from "~/domain/notification-policy";
import { emailField, withNewPassword } from "./forms";

/** One schema per form of the account pages, shared by the browser and the actions. */

export const ForgotPasswordSchema = z.object({ email: emailField() });
export type ForgotPasswordInput = z.input<typeof ForgotPasswordSchema>;

export const ResetPasswordSchema = withNewPassword({}, "passwordReset.reset.mismatch");
export type ResetPasswordInput = z.input<typeof ResetPasswordSchema>;

export const NotificationSettingsSchema = z.object({
  mode: z.enum(NOTIFICATION_MODES, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
});
export type NotificationSettingsInput = z.input<typeof NotificationSettingsSchema>;

/** The notification inbox's two forms: open one item, or mark them all read. */
export const OpenInboxItemSchema = z.object({ intent: z.literal("open"), id: z.string().min(1).max(64) });
export const ReadAllInboxSchema = z.object({ intent: z.literal("read_all") });

/** A code from an authenticator app (6 digits) or a recovery code (xxxxx-xxxxx); checked on the server. */
const code = z
  .string({ required_error: "validation.required", invalid_type_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(40, "validation.tooLong:40");

export const TwoFactorCodeSchema = z.object({ code });
export type TwoFactorCodeInput = z.infer<typeof TwoFactorCodeSchema>;

/** The forms of /account/security, dispatched on `intent`. */
export const AccountSecurityIntent = z.object({ intent: z.enum(["start", "cancel", "confirm", "disable", "regenerate"]) });
export const CodeIntentSchema = z.object({ intent: z.enum(["confirm", "disable", "regenerate"]), code });

/** Admin actions on a user's sign-in at /admin/users. */
export const UnlockSchema = z.object({ intent: z.literal("unlock"), userId: z.string().min(1).max(64) });
export const ResetTwoFactorSchema = z.object({ intent: z.literal("resetTwoFactor"), userId: z.string().min(1).max(64) });
