import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import crypto from "node:crypto";
import { useTranslation } from "react-i18next";
import { CentreChoiceSearch, centreChoiceQuery } from "~/components/centres/centre-choice-search";
import { RequestForm } from "~/components/request-form";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { centreChoices } from "~/models/centre.server";
import { referenceList } from "~/models/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { pageTitle } from "~/utils/page-title";
import { newRequestAction } from "./__request-forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("requests.newOnBehalf"), t("nav.requests")]);

/**
 * A steward logs a request on behalf of a centre they look after (an admin: any centre). The
 * centre select lists the first CENTRE_CHOICES_MAX of them, or those matching `?centreQ=`, and
 * the one a link chose (`?centre=`).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "handle:request:assigned");
  const search = new URL(request.url).searchParams;
  const q = centreChoiceQuery(search);
  const { choices, list } = centreChoices({
    stewardId: user.role === "admin" ? undefined : user.id,
    q,
    chosen: search.get("centre"),
  });
  return {
    categories: referenceList("request_category"),
    idempotencyKey: crypto.randomUUID(),
    centres: choices,
    centreList: list,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handle:request:assigned");
  return newRequestAction(request, user, context?.clientAddress ?? "unknown", (id) => `/requests/${id}`);
}

export default function NewStaffRequest() {
  const { t } = useTranslation();
  const { categories, idempotencyKey, centres, centreList } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="mx-auto max-w-3xl">
      <BackLink to="/requests">{t("requests.backToQueue")}</BackLink>
      <PageHeader title={t("requests.newOnBehalf")} />
      <CentreChoiceSearch list={centreList} id="centre-choice-q" />
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
