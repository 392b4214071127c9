import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { ROLES } from "~/domain/permissions";
import { NewUserSchema, type NewUserInput } from "~/schemas/user";
import type { FieldErrors } from "~/schemas/forms";

/** What the users page's action answers when it refuses a form (a row's form names its user). */
export type UsersActionData = { intent: string | null; fieldErrors: FieldErrors; userId: string | null };

export function NewUserForm({ centres }: { centres: { id: string; nameZh: string; nameEn: string }[] }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<UsersActionData>();
  const serverErrors = actionData?.intent === "create" ? actionData.fieldErrors : null;
  const form = useValidatedForm<NewUserInput>(NewUserSchema, { serverErrors, defaultValues: { role: "steward" } });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="create" />
      <TextField label={t("common.email")} type="email" error={form.errorOf("email")} {...form.field("email")} />
      <TextField label={t("common.name")} error={form.errorOf("name")} {...form.field("name")} />
      <SelectField
        label={t("common.role")}
        options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        error={form.errorOf("role")}
        {...form.field("role")}
      />
      <TextField
        label={t("users.password")}
        type="password"
        autoComplete="new-password"
        error={form.errorOf("password")}
        {...form.field("password")}
      />
      <SelectField
        label={t("users.preferredLanguage")}
        options={[
          { value: "zh-CN", label: t("locales.zh-CN") },
          { value: "en", label: t("locales.en") },
        ]}
        placeholder={t("users.browserDefault")}
        error={form.errorOf("locale")}
        {...form.field("locale")}
      />
      <SelectField
        label={t("users.centreFor")}
        options={centres.map((c) => ({ value: c.id, label: i18n.language === "en" ? c.nameEn : c.nameZh }))}
        placeholder={t("users.selectCentre")}
        error={form.errorOf("centreId")}
        {...form.field("centreId")}
      />
      <div className="sm:col-span-2 lg:col-span-3">
        <Button type="submit">{t("users.create")}</Button>
      </div>
    </Form>
  );
}
