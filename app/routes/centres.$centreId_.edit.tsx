import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CentreForm } from "~/components/centre-form";
import { PageHeader } from "~/components/ui/page-header";
import { canEditCentre } from "~/domain/permissions";
import { getCentre } from "~/models/centre.server";
import { centreFormOptions, centreFormStewards, centreToFormValues, readCentreForm } from "~/models/centre-form.server";
import { updateCentre } from "~/models/centre-write.server";
import { EditCentreSchema } from "~/schemas/centre";
import { forbidden, formRefusal, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";

async function loadEditable(request: Request, centreId: string | undefined) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = centreId ? getCentre(centreId) : null;
  if (!centre) notFound();
  if (!canEditCentre(user, centre)) forbidden();
  return { user, centre };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("centres.edit"), centreName(data, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { centre } = await loadEditable(request, params.centreId);
  return {
    centreId: centre.id,
    nameEn: centre.nameEn,
    nameZh: centre.nameZh,
    version: centre.version,
    values: centreToFormValues(centre),
    stewards: centreFormStewards(centre),
    options: centreFormOptions(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await loadEditable(request, params.centreId);
  // The steward pickers' typed names or emails become the stewards' emails first (readCentreForm).
  const form = readCentreForm(EditCentreSchema, await readForm(request));
  if (!form.ok) return data(form.refusal, { status: 400 });
  const result = updateCentre(user, centre.id, form.input);
  if (!result.ok) return data(form.refusal(formRefusal(result).fieldErrors), { status: result.status });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const name = locale === "en" ? form.input.name_en : form.input.name_zh;
  // A new lead steward takes over: show the printable handover page.
  const handedOver = (centre.leadStewardEmail ?? null) !== form.input.lead_steward_email;
  return redirectWithToast(
    request,
    handedOver ? `/centres/${centre.id}/handover` : `/centres/${centre.id}`,
    t("centres.saved", { name }),
  );
}

export default function EditCentre() {
  const { t, i18n } = useTranslation();
  const { centreId, nameEn, nameZh, version, values, stewards, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const conflict = actionData?.fieldErrors._form === "validation.staleVersion";
  const changedByOthers = conflict
    ? (Object.keys(values) as (keyof typeof values)[]).filter(
        (k) => JSON.stringify(values[k]) !== JSON.stringify(actionData.values[k]),
      )
    : [];
  return (
    <>
      <PageHeader
        title={`${t("centres.edit")} · ${i18n.language === "en" ? nameEn : nameZh}`}
        actions={
          <Link to={`/centres/${centreId}`} className="text-sm text-brand-700 hover:underline">
            ← {i18n.language === "en" ? nameEn : nameZh}
          </Link>
        }
      />
      {conflict && changedByOthers.length > 0 ? (
        <section className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm" aria-labelledby="conflict-title">
          <h2 id="conflict-title" className="font-semibold text-amber-900">
            {t("centres.conflictCurrent")}
          </h2>
          <dl className="mt-2 grid gap-1 sm:grid-cols-2">
            {changedByOthers.map((k) => (
              <div key={k}>
                <dt className="inline font-medium">{t(`centres.fields.${k}`)}: </dt>
                <dd className="inline">
                  {Array.isArray(values[k])
                    ? (values[k] as unknown[]).map((v) => (typeof v === "string" ? v : (v as { name: string }).name)).join("; ")
                    : String(values[k])}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <CentreForm
        mode="edit"
        version={version}
        options={options}
        defaultValues={actionData?.values ?? values}
        serverErrors={actionData?.fieldErrors}
        stewards={actionData?.stewards ?? stewards}
      />
    </>
  );
}
