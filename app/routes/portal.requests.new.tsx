import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import crypto from "node:crypto";
import { useTranslation } from "react-i18next";
import { AnswerSuggestions } from "~/components/answers/answer-suggestions";
import { RequestForm } from "~/components/request-form";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { referenceList } from "~/models/reference.server";
import { requireEnterpriseUser } from "~/utils/auth.server";
import { pageTitle } from "~/utils/page-title";
import { newRequestAction } from "./__request-forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("requests.new"), t("nav.portal")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request);
  return { categories: referenceList("request_category"), idempotencyKey: crypto.randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  return newRequestAction(request, user, context?.clientAddress ?? "unknown", (id) => `/portal/requests/${id}`);
}

export default function NewPortalRequest() {
  const { t } = useTranslation();
  const { categories, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-6xl">
      <BackLink to="/portal">{t("requests.backToPortal")}</BackLink>
      <PageHeader title={t("requests.new")} />
      <AnswerSuggestions formKey={idempotencyKey}>
        <RequestForm
          categories={categories}
          idempotencyKey={idempotencyKey}
          serverErrors={actionData?.fieldErrors}
          values={actionData?.values}
        />
      </AnswerSuggestions>
    </div>
  );
}
