import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CentreForm, EMPTY_CENTRE_FORM } from "~/components/centre-form";
import { PageHeader } from "~/components/ui/page-header";
import { centreFormOptions, readCentreForm } from "~/models/centre-form.server";
import { createCentre } from "~/models/centre-write.server";
import { NewCentreSchema } from "~/schemas/centre";
import { formRefusal, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("centres.new"), t("nav.centres")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:centre:any");
  return { options: centreFormOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create:centre:any");
  // The steward pickers' typed names or emails become the stewards' emails first (readCentreForm).
  const form = readCentreForm(NewCentreSchema, await readForm(request));
  if (!form.ok) return data(form.refusal, { status: 400 });
  const result = createCentre(user, form.input);
  if (!result.ok) return data(form.refusal(formRefusal(result).fieldErrors), { status: result.status });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const name = locale === "en" ? form.input.name_en : form.input.name_zh;
  return redirectWithToast(request, `/centres/${result.id}`, t("centres.created", { name }));
}

export default function NewCentre() {
  const { t } = useTranslation();
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("centres.new")} />
      <CentreForm
        mode="new"
        options={options}
        defaultValues={actionData?.values ?? EMPTY_CENTRE_FORM}
        serverErrors={actionData?.fieldErrors}
        stewards={actionData?.stewards}
      />
    </>
  );
}
