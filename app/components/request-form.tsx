import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { REQUEST_URGENCIES } from "~/domain/request-lifecycle";
import type { ReferenceOption } from "~/models/reference.server";
import { MAX_ATTACHMENTS, NewRequestSchema, type NewRequestInput } from "~/schemas/request";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { labelOf } from "~/utils/labels";
import { Button } from "./ui/button";
import { FieldLabel, SelectField, TextAreaField, TextField } from "./ui/field";
import { useValidatedForm } from "./use-validated-form";

/** The support-request form (multipart, works without JavaScript); a fresh idempotency key per page load. */
export function RequestForm({
  categories,
  idempotencyKey,
  serverErrors,
  values,
  centres,
}: {
  categories: ReferenceOption[];
  idempotencyKey: string;
  serverErrors?: FieldErrors | null;
  values?: Partial<NewRequestInput> | null;
  centres?: { id: string; nameZh: string; nameEn: string }[];
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const form = useValidatedForm<NewRequestInput>(NewRequestSchema, {
    serverErrors,
    defaultValues: { category: "", title: "", description: "", urgency: "normal", ...values, idempotency_key: idempotencyKey },
  });
  const attachmentsError = serverErrors?.attachments ? translateError(t, serverErrors.attachments) : undefined;
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      {serverErrors?._form ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {translateError(t, serverErrors._form)}
        </p>
      ) : null}
      {centres ? (
        <SelectField
          label={t("requests.fields.centre")}
          placeholder={t("centres.choose")}
          options={centres.map((c) => ({ value: c.id, label: i18n.language === "en" ? c.nameEn : c.nameZh }))}
          error={form.errorOf("centre_id")}
          {...form.field("centre_id")}
        />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("requests.fields.category")}
          placeholder={t("centres.choose")}
          options={categories.map((c) => ({ value: c.code, label: labelOf(c, i18n.language) }))}
          error={form.errorOf("category")}
          {...form.field("category")}
        />
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("requests.fields.urgency")}</legend>
          <div className="flex gap-4 pt-2 text-sm">
            {REQUEST_URGENCIES.map((u) => (
              <label key={u} className="flex items-center gap-2">
                <input type="radio" {...form.checkbox("urgency", u)} /> {t(`requests.urgency.${u}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <TextField label={t("requests.fields.title")} error={form.errorOf("title")} {...form.field("title")} />
      <TextAreaField
        id="description"
        rows={6}
        label={t("requests.fields.description")}
        hint={t("requests.hints.description")}
        error={form.errorOf("description")}
        {...form.field("description")}
      />
      <div>
        <FieldLabel htmlFor="attachments">{t("requests.fields.attachments")}</FieldLabel>
        <input
          id="attachments"
          name="attachments"
          type="file"
          multiple
          accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
          aria-invalid={attachmentsError ? true : undefined}
          aria-describedby={attachmentsError ? "attachments-error" : "attachments-hint"}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700"
        />
        {attachmentsError ? (
          <p id="attachments-error" className="mt-1 text-sm text-red-700">
            {attachmentsError}
          </p>
        ) : (
          <p id="attachments-hint" className="mt-1 text-xs text-slate-500">
            {t("requests.hints.attachments", { count: MAX_ATTACHMENTS })}
          </p>
        )}
      </div>
      <Button type="submit" disabled={navigation.state === "submitting"}>
        {navigation.state === "submitting" ? t("requests.submitting") : t("requests.submit")}
      </Button>
      {/* Last, so the spacing between fields starts at the first one the user sees. */}
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" {...form.field("idempotency_key")} />
    </Form>
  );
}
