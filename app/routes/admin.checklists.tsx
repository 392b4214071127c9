import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Pill } from "~/components/steward-ui";
import { TextAreaField } from "~/components/ui/field";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { CENTRE_TYPES } from "~/domain/centre-types";
import {
  createChecklistTemplate,
  deleteChecklistTemplate,
  listChecklistTemplates,
  setChecklistTemplateActive,
  updateChecklistTemplate,
  type ChecklistTemplateRow,
  type TemplateWriteResult,
} from "~/models/checklist-template.server";
import { referenceList, type ReferenceOption } from "~/models/reference.server";
import {
  DeleteChecklistTemplateSchema,
  NewChecklistTemplateSchema,
  SetChecklistTemplateActiveSchema,
  UpdateChecklistTemplateSchema,
  type ChecklistTemplateFormValues,
} from "~/schemas/checklist";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatNumber } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode, labelOf } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { formValues } from "~/schemas/form-values";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("checklist.templates.title"), t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:checklists:any");
  return {
    templates: listChecklistTemplates(),
    departments: referenceList("department", { includeInactive: true }),
    activeDepartments: referenceList("department"),
    stages: referenceList("stage", { includeInactive: true }),
  };
}

type ActionData = { intent: string | null; templateId: string | null; fieldErrors: FieldErrors; values: Record<string, unknown> };

const Intent = z.object({ intent: z.enum(["create", "update", "setActive", "delete"]) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:checklists:any");
  const values = formValues(await readForm(request));
  const templateId = typeof values.id === "string" ? values.id : null;
  const fail = (intent: string | null, fieldErrors: FieldErrors, status = 400) =>
    data<ActionData>({ intent, templateId, fieldErrors, values }, { status });
  const intent = Intent.safeParse(values);
  if (!intent.success) return fail(null, { _form: "validation.invalidChoice" });

  let result: TemplateWriteResult;
  switch (intent.data.intent) {
    case "create": {
      const parsed = NewChecklistTemplateSchema.safeParse(values);
      if (!parsed.success) return fail("create", fieldErrorsOf(parsed.error));
      result = createChecklistTemplate(admin, parsed.data);
      break;
    }
    case "update": {
      const parsed = UpdateChecklistTemplateSchema.safeParse(values);
      if (!parsed.success) return fail("update", fieldErrorsOf(parsed.error));
      result = updateChecklistTemplate(admin, parsed.data.id, parsed.data);
      break;
    }
    case "setActive": {
      const parsed = SetChecklistTemplateActiveSchema.safeParse(values);
      if (!parsed.success) return fail("setActive", fieldErrorsOf(parsed.error));
      result = setChecklistTemplateActive(admin, parsed.data.id, parsed.data.active);
      break;
    }
    case "delete": {
      const parsed = DeleteChecklistTemplateSchema.safeParse(values);
      if (!parsed.success) return fail("delete", fieldErrorsOf(parsed.error));
      result = deleteChecklistTemplate(admin, parsed.data.id);
      break;
    }
  }
  if (!result.ok) return fail(intent.data.intent, formRefusal(result).fieldErrors, result.status);
  const locale = await getLocale(request, admin);
  const t = getFixedT(locale);
  const title = locale === "en" ? result.titleEn : result.titleZh;
  const message = t(
    `checklist.templates.done.${intent.data.intent === "setActive" ? (values.active === "true" ? "activated" : "deactivated") : intent.data.intent}`,
    { title },
  );
  const hash = intent.data.intent === "delete" ? "" : `#template-${result.id}`;
  return redirectWithToast(request, `/admin/checklists${hash}`, message);
}

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
  error: (name: string) => string | undefined;
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

function NewTemplateForm({ departments, stages }: { departments: ReferenceOption[]; stages: ReferenceOption[] }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
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
  const form = useValidatedForm<ChecklistTemplateFormValues>(NewChecklistTemplateSchema, {
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

function TemplateItem({
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
  const actionData = useActionData<typeof action>();
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
      <details
        open={mine?.intent === "update" ? true : undefined}
        className="group mt-3 rounded-lg border border-slate-200 bg-white"
      >
        <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-brand-700 marker:hidden">
          <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
            ▸
          </span>
          {t("checklist.templates.edit")}
          <span className="sr-only">: {title}</span>
        </summary>
        <Form method="post" noValidate className="grid gap-4 border-t border-slate-100 p-3 sm:grid-cols-4">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="id" value={template.id} />
          <TemplateFields field={field} error={error} departments={departments} stages={stages} idPrefix={`t-${template.id}`} />
          <div className="sm:col-span-4">
            <Button type="submit">{t("common.save")}</Button>
          </div>
        </Form>
      </details>
      <div className="mt-3 flex flex-wrap gap-2">
        <Form method="post">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="setActive" />
          <input type="hidden" name="id" value={template.id} />
          <input type="hidden" name="active" value={template.active ? "false" : "true"} />
          <Button type="submit" variant={template.active ? "danger" : "secondary"} className="px-3 py-1.5">
            {template.active ? t("checklist.templates.deactivate") : t("checklist.templates.activate")}
            <span className="sr-only">: {title}</span>
          </Button>
        </Form>
        {template.usage === 0 ? (
          <Form method="post">
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={template.id} />
            <Button type="submit" variant="danger" className="px-3 py-1.5">
              {t("checklist.templates.delete")}
              <span className="sr-only">: {title}</span>
            </Button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}

export default function AdminChecklists() {
  const { t } = useTranslation();
  const { templates, departments, activeDepartments, stages } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={t("checklist.templates.title")}
        subtitle={t("checklist.templates.intro")}
        actions={
          <Link to="/admin" className="text-sm font-medium text-brand-700 hover:underline">
            ← {t("admin.title")}
          </Link>
        }
      />
      <Card title={t("checklist.templates.new")} className="mb-6">
        <NewTemplateForm departments={activeDepartments} stages={stages} />
      </Card>
      <h2 className="mb-2 text-base font-semibold text-slate-800">
        {t("checklist.templates.list")} <span className="text-sm font-normal text-slate-600">({templates.length})</span>
      </h2>
      {templates.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {t("checklist.templates.empty")}
        </p>
      ) : (
        <ul className="space-y-3">
          {templates.map((template) => (
            <TemplateItem key={template.id} template={template} departments={departments} stages={stages} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
