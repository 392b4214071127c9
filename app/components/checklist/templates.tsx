import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { EditDisclosure } from "~/components/ui/disclosure";
import { IntentForm } from "~/components/intent-form";
import { Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { SelectField, TextAreaField, TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { CENTRE_TYPES } from "~/domain/centre-types";
import type { ChecklistTemplateRow } from "~/models/checklist-template.server";
import type { ReferenceOption } from "~/models/reference.server";
import { NewChecklistTemplateSchema, type ChecklistTemplateFormValues } from "~/schemas/checklist";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { formatNumber } from "~/utils/format";
import { labelByCode, labelOf } from "~/utils/labels";

/** What the checklist templates page's action answers when it refuses a form (a template's form names it). */
export type ChecklistTemplatesActionData = {
  intent: string | null;
  templateId: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, unknown>;
};

type FieldProps = (name: keyof ChecklistTemplateFormValues) => Record<string, unknown>;

/** The template's fields, shared by the add form (react-hook-form) and each template's edit form (plain). */
function TemplateFields({
  field,
  error,
  departments,
  stages,
  idPrefix,
}: {
  field: FieldProps;
  error: (name: keyof ChecklistTemplateFormValues) => string | undefined;
  departments: ReferenceOption[];
  stages: ReferenceOption[];
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <TextField
        id={`${idPrefix}-title_zh`}
        lang="zh-CN"
        label={t("checklist.templates.fields.title_zh")}
        error={error("title_zh")}
        className="sm:col-span-2"
        {...field("title_zh")}
      />
      <TextField
        id={`${idPrefix}-title_en`}
        lang="en"
        label={t("checklist.templates.fields.title_en")}
        error={error("title_en")}
        className="sm:col-span-2"
        {...field("title_en")}
      />
      <TextAreaField
        id={`${idPrefix}-description_zh`}
        lang="zh-CN"
        rows={2}
        label={t("checklist.templates.fields.description_zh")}
        error={error("description_zh")}
        className="sm:col-span-2"
        {...field("description_zh")}
      />
      <TextAreaField
        id={`${idPrefix}-description_en`}
        lang="en"
        rows={2}
        label={t("checklist.templates.fields.description_en")}
        error={error("description_en")}
        className="sm:col-span-2"
        {...field("description_en")}
      />
      <SelectField
        id={`${idPrefix}-department`}
        label={t("checklist.templates.fields.department")}
        placeholder={t("checklist.templates.chooseDepartment")}
        options={departments.map((d) => ({ value: d.code, label: labelOf(d, lng) }))}
        error={error("department")}
        className="sm:col-span-2"
        {...field("department")}
      />
      <TextField
        id={`${idPrefix}-due_period`}
        inputMode="numeric"
        label={t("checklist.templates.fields.due_period")}
        hint={t("checklist.templates.duePeriodHint")}
        error={error("due_period")}
        {...field("due_period")}
      />
      <TextField
        id={`${idPrefix}-sort_order`}
        inputMode="numeric"
        label={t("checklist.templates.fields.sort_order")}
        hint={t("checklist.templates.orderHint")}
        error={error("sort_order")}
        {...field("sort_order")}
      />
      <SelectField
        id={`${idPrefix}-applies_at_stage`}
        label={t("checklist.templates.fields.applies_at_stage")}
        placeholder={t("checklist.templates.atCreation")}
        options={stages.map((s) => ({ value: s.code, label: labelOf(s, lng) }))}
        error={error("applies_at_stage")}
        {...field("applies_at_stage")}
      />
      <SelectField
        id={`${idPrefix}-applies_to_type`}
        label={t("checklist.templates.fields.applies_to_type")}
        placeholder={t("checklist.templates.allTypes")}
        options={CENTRE_TYPES.map((type) => ({ value: type, label: t(`centreTypes.${type}`) }))}
        error={error("applies_to_type")}
        {...field("applies_to_type")}
      />
    </>
  );
}

export function NewTemplateForm({ departments, stages }: { departments: ReferenceOption[]; stages: ReferenceOption[] }) {
  const { t } = useTranslation();
  const actionData = useActionData<ChecklistTemplatesActionData>();
  const mine = actionData?.intent === "create" ? actionData : null;
  const submitted = (mine?.values ?? {}) as Record<string, string | undefined>;
  const defaults: ChecklistTemplateFormValues = {
    intent: "create",
    title_zh: submitted.title_zh ?? "",
    title_en: submitted.title_en ?? "",
    description_zh: submitted.description_zh ?? "",
    description_en: submitted.description_en ?? "",
    department: submitted.department ?? "",
    due_period: submitted.due_period ?? "20",
    sort_order: submitted.sort_order ?? "",
    applies_at_stage: submitted.applies_at_stage ?? "",
    applies_to_type: (submitted.applies_to_type ?? "") as ChecklistTemplateFormValues["applies_to_type"],
  };
  const form = useValidatedForm(NewChecklistTemplateSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-4" data-testid="new-template">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" {...form.field("intent")} />
      {mine?.fieldErrors._form ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-4">
          {translateError(t, mine.fieldErrors._form)}
        </p>
      ) : null}
      <TemplateFields
        field={(name) => form.field(name)}
        error={(name) => form.errorOf(name)}
        departments={departments}
        stages={stages}
        idPrefix="new"
      />
      <div className="sm:col-span-4">
        <Button type="submit">{t("checklist.templates.add")}</Button>
      </div>
    </Form>
  );
}

export function TemplateItem({
  template,
  departments,
  stages,
}: {
  template: ChecklistTemplateRow;
  departments: ReferenceOption[];
  stages: ReferenceOption[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actionData = useActionData<ChecklistTemplatesActionData>();
  const mine = actionData && actionData.templateId === template.id ? actionData : null;
  const submitted = mine?.intent === "update" ? (mine.values as Record<string, string | undefined>) : null;
  const current: Record<string, string> = {
    title_zh: template.titleZh,
    title_en: template.titleEn,
    description_zh: template.descriptionZh,
    description_en: template.descriptionEn,
    department: template.departmentCode,
    due_period: String(template.duePeriodWorkingDays),
    sort_order: String(template.sortOrder),
    applies_at_stage: template.appliesAtStage ?? "",
    applies_to_type: template.appliesToType ?? "",
  };
  const field: FieldProps = (name) => ({ name, defaultValue: submitted?.[name] ?? current[name] ?? "" });
  const error = (name: string) =>
    mine?.intent === "update" && mine.fieldErrors[name] ? translateError(t, mine.fieldErrors[name]!) : undefined;
  const title = lng === "en" ? template.titleEn : template.titleZh;
  return (
    <li
      id={`template-${template.id}`}
      data-testid="template"
      className={`scroll-mt-4 rounded-xl border border-slate-200 p-4 shadow-sm ${template.active ? "bg-white" : "bg-slate-50"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
          <h3 className="font-medium text-slate-900">{title}</h3>
          <p className="text-sm text-slate-600">{lng === "en" ? template.titleZh : template.titleEn}</p>
        </div>
        <div className="flex flex-wrap gap-1">
          {template.active ? (
            <Pill tone="green">{t("common.active")}</Pill>
          ) : (
            <Pill tone="slate">{t("checklist.templates.inactive")}</Pill>
          )}
          <Pill tone="brand">{t("checklist.templates.usage", { count: template.usage })}</Pill>
        </div>
      </div>
      <p className="mt-2 text-sm text-slate-700">
        {[
          labelByCode(departments, template.departmentCode, lng),
          t("checklist.templates.period", { days: formatNumber(template.duePeriodWorkingDays, lng) }),
          template.appliesAtStage
            ? t("checklist.templates.atStage", { stage: labelByCode(stages, template.appliesAtStage, lng) })
            : t("checklist.templates.atCreation"),
          template.appliesToType ? t(`centreTypes.${template.appliesToType}`) : t("checklist.templates.allTypes"),
          t("checklist.templates.order", { order: template.sortOrder }),
        ].join(" · ")}
      </p>
      {mine?.fieldErrors._form ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {translateError(t, mine.fieldErrors._form)}
        </p>
      ) : null}
      <EditDisclosure open={mine?.intent === "update"} label={t("checklist.templates.edit")} name={title} className="bg-white">
        <Form method="post" noValidate className="grid gap-4 border-t border-slate-100 p-3 sm:grid-cols-4">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="id" value={template.id} />
          <TemplateFields field={field} error={error} departments={departments} stages={stages} idPrefix={`t-${template.id}`} />
          <div className="sm:col-span-4">
            <Button type="submit">{t("common.save")}</Button>
          </div>
        </Form>
      </EditDisclosure>
      <div className="mt-3 flex flex-wrap gap-2">
        <IntentForm intent="setActive" values={{ id: template.id, active: template.active ? "false" : "true" }}>
          <Button type="submit" variant={template.active ? "danger" : "secondary"} className="px-3 py-1.5">
            {template.active ? t("checklist.templates.deactivate") : t("checklist.templates.activate")}
            <span className="sr-only">: {title}</span>
          </Button>
        </IntentForm>
        {template.usage === 0 ? (
          <IntentForm intent="delete" values={{ id: template.id }}>
            <Button type="submit" variant="danger" className="px-3 py-1.5">
              {t("checklist.templates.delete")}
              <span className="sr-only">: {title}</span>
            </Button>
          </IntentForm>
        ) : null}
      </div>
    </li>
  );
}
