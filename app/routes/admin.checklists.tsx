import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { AdminPageHeader, Card } from "~/components/ui/page-header";
import {
  createChecklistTemplate,
  deleteChecklistTemplate,
  listChecklistTemplates,
  setChecklistTemplateActive,
  updateChecklistTemplate,
  type TemplateWriteResult,
} from "~/models/checklist-template.server";
import { referenceList } from "~/models/reference.server";
import {
  DeleteChecklistTemplateSchema,
  NewChecklistTemplateSchema,
  SetChecklistTemplateActiveSchema,
  UpdateChecklistTemplateSchema,
} from "~/schemas/checklist";
import type { FieldErrors } from "~/schemas/forms";
import { requirePermission, formRefusal } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { NewTemplateForm, TemplateItem, type ChecklistTemplatesActionData } from "~/components/checklist/templates";
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

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:checklists:any");
  const values = formValues(await readForm(request));
  const templateId = typeof values.id === "string" ? values.id : null;
  const fail = (intent: string | null, fieldErrors: FieldErrors, status = 400) =>
    data<ChecklistTemplatesActionData>({ intent, templateId, fieldErrors, values }, { status });
  const locale = await getLocale(request, admin);
  const t = getFixedT(locale);
  /** After a write: back to the template (none to go back to once deleted), saying what was done. */
  const done = (intent: string, result: TemplateWriteResult, outcome = intent) => {
    if (!result.ok) return fail(intent, formRefusal(result).fieldErrors, result.status);
    const title = locale === "en" ? result.titleEn : result.titleZh;
    const hash = outcome === "delete" ? "" : `#template-${result.id}`;
    return redirectWithToast(request, `/admin/checklists${hash}`, t(`checklist.templates.done.${outcome}`, { title }));
  };

  return runIntent(
    values,
    {
      create: intent(NewChecklistTemplateSchema, (input) => done("create", createChecklistTemplate(admin, input))),
      update: intent(UpdateChecklistTemplateSchema, (input) => done("update", updateChecklistTemplate(admin, input.id, input))),
      setActive: intent(SetChecklistTemplateActiveSchema, (input) =>
        done("setActive", setChecklistTemplateActive(admin, input.id, input.active), input.active ? "activated" : "deactivated"),
      ),
      delete: intent(DeleteChecklistTemplateSchema, (input) => done("delete", deleteChecklistTemplate(admin, input.id))),
    },
    fail,
  );
}

export default function AdminChecklists() {
  const { t } = useTranslation();
  const { templates, departments, activeDepartments, stages } = useLoaderData<typeof loader>();
  return (
    <>
      <AdminPageHeader title={t("checklist.templates.title")} subtitle={t("checklist.templates.intro")} />
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
