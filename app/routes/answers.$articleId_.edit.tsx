import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ArticleForm } from "~/components/answers/article-form";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { getArticleForStaff, templateOptions, updateArticle } from "~/models/answers.server";
import { referenceList } from "~/models/reference.server";
import { ArticleSchema, articleFormDefaults, articleFormValues, type ArticleFormValues } from "~/schemas/answer";
import { fieldErrorsOf } from "~/schemas/forms";
import { formRefusal, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";
import { redirectWithToast } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, locale) => [
    t("answers.edit"),
    data ? (locale === "en" ? data.title.en || data.title.zh : data.title.zh || data.title.en) : null,
    t("answers.nav"),
  ]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "write:answers:any");
  const article = getArticleForStaff(params.articleId ?? "");
  if (!article) notFound();
  const values = articleFormDefaults(article.current, article.version);
  return {
    id: article.id,
    title: { zh: article.titleZh, en: article.titleEn },
    values,
    categories: referenceList("request_category", { includeInactive: true }),
    departments: referenceList("department"),
    templates: templateOptions(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "write:answers:any");
  const id = params.articleId ?? "";
  const values = articleFormValues(await readForm(request));
  const parsed = ArticleSchema.safeParse(values);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), values: values as ArticleFormValues }, { status: 400 });
  const result = updateArticle(user, id, parsed.data);
  if (!result.ok)
    return data({ fieldErrors: formRefusal(result).fieldErrors, values: values as ArticleFormValues }, { status: result.status });
  const t = getFixedT(await getLocale(request, user));
  const message = result.unchanged ? t("answers.done.unchanged") : t("answers.done.edited", { version: result.version });
  return redirectWithToast(request, `/answers/${id}`, message);
}

export default function EditArticle() {
  const { t } = useTranslation();
  const { id, values, categories, departments, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // After a refusal the form shows what was typed, on the version it was typed on.
  const defaults = actionData?.values ? { ...actionData.values, version: values.version } : values;
  return (
    <>
      <BackLink to={`/answers/${id}`}>{t("answers.backToArticle")}</BackLink>
      <PageHeader title={t("answers.edit")} subtitle={t("answers.editHint", { version: (values.version ?? 0) + 1 })} />
      <ArticleForm
        defaultValues={defaults}
        serverErrors={actionData?.fieldErrors}
        categories={categories}
        departments={departments}
        templates={templates}
        submitLabel={t("answers.saveVersion")}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
