import { z } from "zod";
import { LOCALES } from "~/domain/locales";
import { ROLES } from "~/domain/permissions";
import { emailField, newPasswordField, requiredText } from "./forms";

const ROLE = z.enum(ROLES, {
  errorMap: () => ({ message: "validation.invalidChoice" }),
});
const password = newPasswordField();
const locale = z
  .enum([...LOCALES, ""], { errorMap: () => ({ message: "validation.invalidChoice" }) })
  .optional()
  .transform((v) => (v ? v : null));

export const NewUserSchema = z
  .object({
    email: emailField(),
    name: requiredText(100),
    role: ROLE,
    password,
    locale,
    centreId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((value, ctx) => {
    if (value.role === "enterprise" && !value.centreId)
      ctx.addIssue({ code: "custom", path: ["centreId"], message: "validation.centreRequired" });
  });
export type NewUserInput = z.input<typeof NewUserSchema>;

export const ChangeRoleSchema = z.object({ intent: z.literal("changeRole"), userId: z.string().min(1), role: ROLE });
export const ResetPasswordSchema = z.object({ intent: z.literal("resetPassword"), userId: z.string().min(1), password });
export const SetDisabledSchema = z.object({
  intent: z.literal("setDisabled"),
  userId: z.string().min(1),
  disabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const CreateUserIntent = z.object({ intent: z.literal("create") });
export const PASSWORD_MIN = 12;
