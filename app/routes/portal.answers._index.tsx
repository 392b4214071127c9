import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Highlight } from "~/components/highlight";
import { SearchForm } from "~/components/search-page";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { markdownPlainText } from "~/domain/markdown-text";
import { parseSearchQuery, snippetAround } from "~/domain/search-text";
import { listArticlesForPortal } from "~/models/answer-search.server";
import { referenceList } from "~/models/reference.server";
import { requireEnterpriseUser } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

const ParamsSchema = z.object({
  q: z.string().max(200).catch(""),
  category: z.string().max(64).optional().catch(undefined),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("answers.portalTitle"), t("nav.portal")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const locale = await getLocale(request, user);
  const { q, category: asked } = ParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const terms = parseSearchQuery(q).terms;
  // ★ Current published articles only; shown in the reader's language, the other one when it is the only one.
  const found = listArticlesForPortal(q, todayInBeijing());
  // Browsing by category: the categories of the articles found, with how many each has.
  const counts = new Map<string, number>();
  for (const a of found) counts.set(a.categoryCode, (counts.get(a.categoryCode) ?? 0) + 1);
  const category = asked && counts.has(asked) ? asked : null;
  const articles = found
    .filter((a) => !category || a.categoryCode === category)
    .map((a) => {
      const own = locale === "en" ? { title: a.titleEn, body: a.bodyEn } : { title: a.titleZh, body: a.bodyZh };
      const other = locale === "en" ? { title: a.titleZh, body: a.bodyZh } : { title: a.titleEn, body: a.bodyEn };
      const shown = own.title && own.body ? own : other;
      return {
        id: a.id,
        title: shown.title,
        language: shown === own ? locale : locale === "en" ? "zh-CN" : "en",
        snippet: snippetAround(markdownPlainText(shown.body), terms, 70),
        categoryCode: a.categoryCode,
      };
    });
  const categories = referenceList("request_category", { includeInactive: true });
  return {
    q,
    terms,
    articles,
    locale,
    categories,
    category,
    browse: [...counts].map(([code, count]) => ({ code, count, label: labelByCode(categories, code, locale) })),
  };
}

export default function PortalAnswers() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { q, terms, articles, locale, categories, category, browse } = useLoaderData<typeof loader>();
  const hrefFor = (code: string | null) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (code) params.set("category", code);
    const query = params.toString();
    return query ? `/portal/answers?${query}` : "/portal/answers";
  };
  const chip = (active: boolean) =>
    `inline-block rounded-full border px-3 py-1 text-sm ${active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`;
  return (
    <>
      <BackLink to="/portal">{t("requests.backToPortal")}</BackLink>
      <PageHeader title={t("answers.portalTitle")} subtitle={t("answers.portalSubtitle")} />
      <SearchForm inputId="answers-q" label={t("answers.search")} placeholder={t("answers.searchPlaceholder")} q={q}>
        {category ? <input type="hidden" name="category" value={category} /> : null}
      </SearchForm>
      {browse.length > 1 ? (
        <nav aria-label={t("answers.byCategory")} className="mb-4">
          <ul className="flex flex-wrap gap-2" data-testid="portal-categories">
            <li>
              <Link to={hrefFor(null)} className={chip(!category)} aria-current={category ? undefined : "true"}>
                {t("answers.allCategories")}
              </Link>
            </li>
            {[...browse]
              .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, lng))
              .map((c) => (
                <li key={c.code}>
                  <Link
                    to={hrefFor(c.code)}
                    className={chip(c.code === category)}
                    aria-current={c.code === category ? "true" : undefined}
                  >
                    {c.label} <span className="tabular-nums">({c.count})</span>
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      ) : null}
      {articles.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {q ? t("answers.noMatches") : t("answers.none")}
        </p>
      ) : (
        <ul className="space-y-3" data-testid="portal-articles">
          {articles.map((a) => (
            <li key={a.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <Link to={`/portal/answers/${a.id}`} className="font-medium text-brand-700 hover:underline" lang={a.language}>
                <Highlight text={a.title} terms={terms} />
              </Link>
              <p className="text-xs text-slate-500">
                {labelByCode(categories, a.categoryCode, lng)}
                {a.language !== locale ? ` · ${t("answers.onlyIn", { language: t(`locales.${a.language}`) })}` : ""}
              </p>
              <p className="mt-1 text-sm text-slate-700" lang={a.language}>
                <Highlight text={a.snippet} terms={terms} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
