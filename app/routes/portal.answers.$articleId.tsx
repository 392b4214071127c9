import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MarkdownBody, SourcesCard } from "~/components/answers/article-parts";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { isCurrent, languagesOf } from "~/domain/answers";
import { sourcesOf } from "~/models/answers.server";
import { getArticleForPortal } from "~/models/answer-search.server";
import { logSuggestionOpen } from "~/models/answer-use.server";
import { notFound, requireEnterpriseUser } from "~/utils/auth.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { pageTitle } from "~/utils/page-title";

const ParamsSchema = z.object({
  show: z.enum(["zh-CN", "en"]).optional().catch(undefined),
  via: z.literal("suggestion").optional().catch(undefined),
  form: z.string().min(8).max(100).optional().catch(undefined),
});

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.title, t("answers.portalTitle")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const locale = await getLocale(request, user);
  // ★ Published only: a draft or retired article is not found, whoever guesses its address.
  const article = getArticleForPortal(params.articleId ?? "");
  if (!article) notFound();
  const query = ParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (query.via === "suggestion" && query.form) logSuggestionOpen(user, article.id, query.form);
  const languages = languagesOf(article);
  const shown = query.show && languages.includes(query.show) ? query.show : languages.includes(locale) ? locale : languages[0]!;
  const today = todayInBeijing();
  return {
    id: article.id,
    title: shown === "en" ? article.titleEn : article.titleZh,
    html: renderMarkdown(shown === "en" ? article.bodyEn : article.bodyZh),
    shown,
    locale,
    other: languages.find((l) => l !== shown) ?? null,
    current: isCurrent(article, today),
    // A published article not yet in force says from when; one past its review date, that it is being reviewed.
    notYetValidFrom: article.validFrom && article.validFrom > today ? article.validFrom : null,
    updatedAt: article.updatedAt,
    sources: sourcesOf(article.id),
  };
}

export default function PortalArticle() {
  const { t, i18n } = useTranslation();
  const { id, title, html, shown, locale, other, current, notYetValidFrom, updatedAt, sources } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/portal/answers">{t("answers.backToPortalAnswers")}</BackLink>
      <PageHeader title={title} subtitle={t("answers.updatedOn", { date: formatDate(updatedAt, i18n.language) })} />
      {!current ? (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notYetValidFrom
            ? t("answers.notYetValid", { date: formatDate(notYetValidFrom, i18n.language) })
            : t("answers.underReview")}
        </p>
      ) : null}
      {shown !== locale ? (
        <p className="mb-4 text-sm text-slate-600">{t("answers.onlyIn", { language: t(`locales.${shown}`) })}</p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <article lang={shown}>
            <MarkdownBody html={html} />
          </article>
          {other ? (
            <p className="mt-4 border-t border-slate-100 pt-3 text-sm">
              <Link to={`/portal/answers/${id}?show=${other}`} className="text-brand-700 hover:underline" lang={other}>
                {t("answers.readIn", { language: t(`locales.${other}`) })}
              </Link>
            </p>
          ) : null}
        </Card>
        <div className="space-y-6">
          <SourcesCard sources={sources} />
          <Card title={t("answers.stillNeedHelp")}>
            <p className="mb-3 text-sm text-slate-600">{t("answers.stillNeedHelpHint")}</p>
            <Link
              to="/portal/requests/new"
              className="inline-block rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {t("requests.new")}
            </Link>
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
