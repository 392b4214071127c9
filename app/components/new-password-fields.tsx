import { useTranslation } from "react-i18next";
import { TextField } from "./ui/field";

/** What the page's validated form (use-validated-form.ts) must offer for the two password fields. */
type Form = {
  errorOf: (name: "password" | "confirm") => string | undefined;
  field: (name: "password" | "confirm") => React.InputHTMLAttributes<HTMLInputElement> & { name: string };
};

/**
 * The inputs of a form that sets a new password (schemas/forms.ts withNewPassword): the account's
 * email, hidden, so password managers store the new password under it; the password with its
 * hint; the repeat. Labels are `<messages>.password`, `.passwordHint` and `.confirm`.
 */
export function NewPasswordFields({ email, messages, form }: { email: string; messages: string; form: Form }) {
  const { t } = useTranslation();
  return (
    <>
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <TextField
        label={t(`${messages}.password`)}
        type="password"
        autoComplete="new-password"
        hint={t(`${messages}.passwordHint`)}
        error={form.errorOf("password")}
        {...form.field("password")}
      />
      <TextField
        label={t(`${messages}.confirm`)}
        type="password"
        autoComplete="new-password"
        error={form.errorOf("confirm")}
        {...form.field("confirm")}
      />
    </>
  );
}
