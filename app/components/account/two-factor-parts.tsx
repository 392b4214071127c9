import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { Card } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { TwoFactorCodeSchema, type TwoFactorCodeInput } from "~/schemas/account";
import type { FieldErrors } from "~/schemas/forms";

/** What the two-factor page's action answers: a refused code, or the recovery codes to show once. */
export type SecurityActionData = {
  intent: string | null;
  fieldErrors: FieldErrors;
  formError: { key: string; time?: string } | null;
  recoveryCodes: string[] | null;
};

/** A form that asks for a code from the authenticator (or a recovery code) to confirm, disable or regenerate. */
export function CodeForm({
  intent,
  submit,
  variant = "primary",
}: {
  intent: "confirm" | "disable" | "regenerate";
  submit: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const { t } = useTranslation();
  const actionData = useActionData<SecurityActionData>();
  const serverErrors = actionData?.intent === intent ? actionData.fieldErrors : null;
  const form = useValidatedForm<TwoFactorCodeInput>(TwoFactorCodeSchema, { serverErrors });
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="flex flex-wrap items-end gap-3"
      data-testid={`form-${intent}`}
    >
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      <TextField
        label={t("account.security.code")}
        id={`code-${intent}`}
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        className="w-full sm:w-56"
        error={form.errorOf("code")}
        {...form.field("code")}
      />
      <Button type="submit" variant={variant}>
        {submit}
      </Button>
      {actionData?.intent === intent && actionData.formError ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {t(actionData.formError.key, { time: actionData.formError.time })}
        </p>
      ) : null}
    </Form>
  );
}

export function RecoveryCodes({ codes, enabled }: { codes: string[]; enabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Card title={t("account.security.codesTitle")} className="mb-6 border-amber-300">
      {enabled ? (
        <p role="status" className="mb-2 text-sm font-medium text-emerald-800">
          {t("account.security.enabledDone")}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{t("account.security.codesIntro")}</p>
      <ul className="mt-3 grid grid-cols-2 gap-2 font-mono text-base sm:grid-cols-5" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code} className="rounded bg-slate-100 px-2 py-1 text-center">
            {code}
          </li>
        ))}
      </ul>
      <a href="/account/security" className="mt-4 inline-block text-sm text-brand-700 underline">
        {t("account.security.codesDone")}
      </a>
    </Card>
  );
}
