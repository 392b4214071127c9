import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ArticleForm, EMPTY_ARTICLE_FORM } from "~/components/answers/article-form";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { createArticle, templateOptions } from "~/models/answers.server";
import { referenceList } from "~/models/reference.server";
import { ArticleSchema, articleFormValues, type ArticleFormValues } from "~/schemas/answer";
import { fieldErrorsOf } from "~/schemas/forms";
import { formRefusal, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";
import { redirectWithToast } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("answers.new"), t("answers.nav")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "write:answers:any");
  return {
    categories: referenceList("request_category"),
    departments: referenceList("department"),
    templates: templateOptions(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "write:answers:any");
  const values = articleFormValues(await readForm(request));
  const parsed = ArticleSchema.safeParse(values);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), values: values as ArticleFormValues }, { status: 400 });
  const result = createArticle(user, parsed.data);
  if (!result.ok)
    return data({ fieldErrors: formRefusal(result).fieldErrors, values: values as ArticleFormValues }, { status: result.status });
  const t = getFixedT(await getLocale(request, user));
  return redirectWithToast(request, `/answers/${result.id}`, t("answers.done.created"));
}

export default function NewArticle() {
  const { t } = useTranslation();
  const { categories, departments, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/answers">{t("answers.back")}</BackLink>
      <PageHeader title={t("answers.new")} subtitle={t("answers.newHint")} />
      <ArticleForm
        defaultValues={actionData?.values ?? EMPTY_ARTICLE_FORM}
        serverErrors={actionData?.fieldErrors}
        categories={categories}
        departments={departments}
        templates={templates}
        submitLabel={t("answers.saveDraft")}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
