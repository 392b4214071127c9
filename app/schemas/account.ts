import { z } from "zod";

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
