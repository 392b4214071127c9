import { z } from "zod";
import { emailField } from "./forms";

export const LoginSchema = z.object({
  email: emailField(),
  password: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong:200"),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.infer<typeof LoginSchema>;
