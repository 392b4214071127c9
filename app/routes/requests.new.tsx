import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import crypto from "node:crypto";
import { useTranslation } from "react-i18next";
import { RequestForm } from "~/components/request-form";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { listCentresOfSteward, listCentreChoices } from "~/models/centre.server";
import { referenceList } from "~/models/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { pageTitle } from "~/utils/page-title";
import { newRequestAction } from "./__request-forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("requests.newOnBehalf"), t("nav.requests")]);

/** A steward logs a request on behalf of a centre they look after (an admin: any centre). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "handle:request:assigned");
  const centres = user.role === "admin" ? listCentreChoices() : listCentresOfSteward(user);
  return {
    categories: referenceList("request_category"),
    idempotencyKey: crypto.randomUUID(),
    centres: centres.map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handle:request:assigned");
  return newRequestAction(request, user, context?.clientAddress ?? "unknown", (id) => `/requests/${id}`);
}

export default function NewStaffRequest() {
  const { t } = useTranslation();
  const { categories, idempotencyKey, centres } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-3xl">
      <BackLink to="/requests">{t("requests.backToQueue")}</BackLink>
      <PageHeader title={t("requests.newOnBehalf")} />
      <RequestForm
        categories={categories}
        idempotencyKey={idempotencyKey}
        centres={centres}
        serverErrors={actionData?.fieldErrors}
        values={actionData?.values ?? { centre_id: params.get("centre") ?? "" }}
      />
    </div>
  );
}
