import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ArticleStatusBadge, ReviewDate } from "~/components/answers/article-parts";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useCan } from "~/components/use-can";
import { ARTICLE_STATUSES, REVIEW_FILTERS, reviewState } from "~/domain/answers";
import { articlesDueForReview, listArticlesForStaff } from "~/models/answer-search.server";
import { referenceList } from "~/models/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

const FiltersSchema = z.object({
  q: z.string().max(200).catch(""),
  status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
  review: z.enum(REVIEW_FILTERS).optional().catch(undefined),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("answers.nav")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:answers:any");
  const filters = FiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = todayInBeijing();
  const withReview = <T extends { status: (typeof ARTICLE_STATUSES)[number]; reviewBy: string }>(rows: T[]) =>
    rows.map((r) => ({ ...r, reviewState: reviewState(r, today) }));
  return {
    filters,
    rows: withReview(
      listArticlesForStaff({ q: filters.q, status: filters.status ?? null, review: filters.review ?? null }, today),
    ),
    // The admin's list of every article due for review (authors see their own on /work).
    dueForReview: user.role === "admin" ? withReview(articlesDueForReview(today)) : [],
    categories: referenceList("request_category", { includeInactive: true }),
  };
}

export default function AnswersLibrary() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { filters, rows, dueForReview, categories } = useLoaderData<typeof loader>();
  const can = useCan();
  const title = (r: { titleZh: string; titleEn: string }) => (lng === "en" ? r.titleEn || r.titleZh : r.titleZh || r.titleEn);
  const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <>
      <PageHeader
        title={t("answers.title")}
        subtitle={t("answers.subtitle")}
        actions={
          can("write:answers:any") ? (
            <>
              <Link
                to="/answers/import"
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
              >
                {t("answers.import.link")}
              </Link>
              <Link
                to="/answers/new"
                className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
              >
                {t("answers.new")}
              </Link>
            </>
          ) : null
        }
      />
      {dueForReview.length > 0 ? (
        <Card title={t("answers.review.adminTitle", { count: dueForReview.length })} className="mb-4">
          <ul className="divide-y divide-slate-100 text-sm" data-testid="review-due-list">
            {dueForReview.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <Link to={`/answers/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    {title(r)}
                  </Link>
                  <span className="block text-xs text-slate-500">{r.authorName ?? "—"}</span>
                </span>
                <ReviewDate reviewBy={r.reviewBy} state={r.reviewState} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Form
        method="get"
        className="mb-4 grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-5"
      >
        <label className="col-span-2 text-xs font-medium text-slate-600">
          {t("answers.search")}
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder={t("answers.searchPlaceholder")}
            className={select}
          />
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("answers.fields.status")}
          <select name="status" defaultValue={filters.status ?? ""} className={select}>
            <option value="">{t("requests.filters.any")}</option>
            {ARTICLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`answers.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("answers.fields.reviewBy")}
          <select name="review" defaultValue={filters.review ?? ""} className={select}>
            <option value="">{t("requests.filters.any")}</option>
            {REVIEW_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`answers.review.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-end gap-2">
          <Button type="submit">{t("requests.filters.apply")}</Button>
          <a href="/answers/export.csv" className="pb-2 text-sm text-brand-700 hover:underline">
            {t("answers.export")}
          </a>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("answers.none")}
        </p>
      ) : (
        <Table
          stack
          caption={t("answers.title")}
          head={[
            t("answers.fields.title"),
            t("answers.fields.categoryCode"),
            t("answers.fields.status"),
            t("answers.fields.reviewBy"),
            t("answers.fields.updated"),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id}>
              <Td>
                <Link to={`/answers/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {title(r) || t("answers.untitled")}
                </Link>
                <div className="text-xs text-slate-500">
                  {[r.titleZh ? t("locales.zh-CN") : null, r.titleEn ? t("locales.en") : null].filter(Boolean).join(" · ")} · v
                  {r.version}
                </div>
              </Td>
              <Td className="text-sm">{labelByCode(categories, r.categoryCode, lng)}</Td>
              <Td>
                <ArticleStatusBadge status={r.status} />
              </Td>
              <Td>
                <ReviewDate reviewBy={r.reviewBy} state={r.reviewState} />
              </Td>
              <Td className="whitespace-nowrap text-sm">
                {formatDate(r.updatedAt, lng)}
                <span className="block text-xs text-slate-500">{r.authorName ?? ""}</span>
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
