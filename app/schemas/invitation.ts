import { z } from "zod";
import { LOCALES } from "~/domain/locales";
import { optionalText, requiredText, withNewPassword } from "./forms";

/**
 * One schema for the invitation form (browser and action): a contact of the centre, or an email,
 * name and language. The action dispatches on `intent` before it.
 */
export const InvitationSchema = z
  .object({
    contactId: z
      .string()
      .optional()
      .transform((v) => v || null),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "validation.tooLong:254")
      .optional()
      .transform((v) => v ?? ""),
    name: optionalText(100),
    locale: z
      .enum(["zh-CN", "en", ""], { errorMap: () => ({ message: "validation.invalidChoice" }) })
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((value, ctx) => {
    if (value.contactId) return;
    if (!value.email) ctx.addIssue({ code: "custom", path: ["email"], message: "validation.required" });
    else if (!z.string().email().safeParse(value.email).success)
      ctx.addIssue({ code: "custom", path: ["email"], message: "validation.email" });
    if (!value.name) ctx.addIssue({ code: "custom", path: ["name"], message: "validation.required" });
    if (!value.locale) ctx.addIssue({ code: "custom", path: ["locale"], message: "invite.errors.chooseLanguage" });
  });
export type InvitationFormValues = z.input<typeof InvitationSchema>;

/** Accepting an invitation: the new user's name, password (typed twice) and language. */
export const AcceptInvitationSchema = withNewPassword(
  {
    name: requiredText(100),
    locale: z.enum(LOCALES, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  },
  "invite.accept.mismatch",
);
export type AcceptInvitationValues = z.input<typeof AcceptInvitationSchema>;
