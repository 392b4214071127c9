import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import type { ReferenceOption } from "~/models/reference.server";
import { ArticleSchema, MAX_SOURCES, type ArticleFormValues } from "~/schemas/answer";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { labelOf } from "~/utils/labels";
import { Button } from "../ui/button";
import { SelectField, TextAreaField, TextField } from "../ui/field";
import { useValidatedForm } from "../use-validated-form";

export const EMPTY_ARTICLE_FORM: ArticleFormValues = {
  title_zh: "",
  title_en: "",
  body_zh: "",
  body_en: "",
  category: "",
  departments: [],
  templates: [],
  sources: [],
  valid_from: "",
  review_by: "",
  note: "",
};

/**
 * The article form (new and edit): both languages side by side, what the article concerns,
 * its sources and dates. Works without JavaScript (the action checks with the same schema).
 */
export function ArticleForm({
  defaultValues,
  serverErrors,
  categories,
  departments,
  templates,
  submitLabel,
}: {
  defaultValues: ArticleFormValues;
  serverErrors?: FieldErrors | null;
  categories: ReferenceOption[];
  departments: ReferenceOption[];
  templates: { id: string; titleZh: string; titleEn: string }[];
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigation = useNavigation();
  const sources = [...(defaultValues.sources ?? [])];
  while (sources.length < Math.min(MAX_SOURCES, (defaultValues.sources?.length ?? 0) + 2)) sources.push({});
  const form = useValidatedForm<ArticleFormValues>(ArticleSchema, { serverErrors, defaultValues: { ...defaultValues, sources } });
  const groupError = (name: "departments" | "templates") => form.errorOf(name);
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <AuthenticityTokenInput name="csrf" />
      {defaultValues.version !== undefined ? <input type="hidden" name="version" value={String(defaultValues.version)} /> : null}
      {serverErrors?._form ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {translateError(t, serverErrors._form)}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        {(["zh", "en"] as const).map((l) => (
          <section
            key={l}
            lang={l === "zh" ? "zh-CN" : "en"}
            className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
            aria-labelledby={`lang-${l}`}
          >
            <h2 id={`lang-${l}`} className="text-base font-semibold text-slate-800">
              {t(`locales.${l === "zh" ? "zh-CN" : "en"}`)}
            </h2>
            <TextField
              id={`title_${l}`}
              label={t("answers.fields.title")}
              error={form.errorOf(`title_${l}`)}
              {...form.field(`title_${l}`)}
            />
            <TextAreaField
              id={`body_${l}`}
              rows={12}
              label={t("answers.fields.body")}
              hint={t("answers.hints.body")}
              error={form.errorOf(`body_${l}`)}
              {...form.field(`body_${l}`)}
            />
          </section>
        ))}
      </div>
      <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label={t("answers.fields.categoryCode")}
            placeholder={t("centres.choose")}
            options={categories.map((c) => ({ value: c.code, label: labelOf(c, lng) }))}
            error={form.errorOf("category")}
            {...form.field("category")}
          />
          <TextField
            type="date"
            label={t("answers.fields.validFrom")}
            hint={t("answers.hints.validFrom")}
            error={form.errorOf("valid_from")}
            {...form.field("valid_from")}
          />
          <TextField
            type="date"
            label={t("answers.fields.reviewBy")}
            hint={t("answers.hints.reviewBy")}
            error={form.errorOf("review_by")}
            {...form.field("review_by")}
          />
        </div>
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">{t("answers.fields.departmentCodes")}</legend>
          <div className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {departments.map((d) => (
              <label key={d.code} className="flex items-start gap-2">
                <input type="checkbox" className="mt-1" {...form.checkbox("departments", d.code)} /> {labelOf(d, lng)}
              </label>
            ))}
          </div>
          {groupError("departments") ? <p className="mt-1 text-sm text-red-700">{groupError("departments")}</p> : null}
        </fieldset>
        <details className="group" open={(defaultValues.templates?.length ?? 0) > 0}>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">
            {t("answers.fields.templateIds")} ({defaultValues.templates?.length ?? 0})
          </summary>
          <fieldset className="mt-2">
            <legend className="sr-only">{t("answers.fields.templateIds")}</legend>
            <div className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
              {templates.map((tpl) => (
                <label key={tpl.id} className="flex items-start gap-2">
                  <input type="checkbox" className="mt-1" {...form.checkbox("templates", tpl.id)} />{" "}
                  {lng === "en" ? tpl.titleEn : tpl.titleZh}
                </label>
              ))}
            </div>
            {groupError("templates") ? <p className="mt-1 text-sm text-red-700">{groupError("templates")}</p> : null}
          </fieldset>
        </details>
      </section>
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="sources-title">
        <h2 id="sources-title" className="text-base font-semibold text-slate-800">
          {t("answers.fields.sources")}
        </h2>
        <p className="text-xs text-slate-500">{t("answers.hints.sources")}</p>
        {sources.map((_, i) => (
          <fieldset key={i} className="grid gap-3 border-t border-slate-100 pt-3 sm:grid-cols-2 lg:grid-cols-5">
            <legend className="sr-only">{t("answers.sourceN", { n: i + 1 })}</legend>
            <TextField
              className="lg:col-span-2"
              label={t("answers.source.name")}
              error={form.errorOf(`sources.${i}.name`)}
              {...form.field(`sources.${i}.name`)}
            />
            <TextField
              label={t("answers.source.number")}
              error={form.errorOf(`sources.${i}.number`)}
              {...form.field(`sources.${i}.number`)}
            />
            <TextField
              label={t("answers.source.issuer")}
              error={form.errorOf(`sources.${i}.issuer`)}
              {...form.field(`sources.${i}.issuer`)}
            />
            <TextField
              type="date"
              label={t("answers.source.issuedOn")}
              error={form.errorOf(`sources.${i}.issued_on`)}
              {...form.field(`sources.${i}.issued_on`)}
            />
            <TextField
              className="sm:col-span-2 lg:col-span-5"
              type="url"
              label={t("answers.source.url")}
              error={form.errorOf(`sources.${i}.url`)}
              {...form.field(`sources.${i}.url`)}
            />
          </fieldset>
        ))}
      </section>
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <TextField
          label={t("answers.fields.note")}
          hint={t("answers.hints.note")}
          error={form.errorOf("note")}
          {...form.field("note")}
        />
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </section>
    </Form>
  );
}
