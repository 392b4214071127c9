import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { LinkButton } from "~/components/ui/button";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useTranslation } from "react-i18next";
import { BulkBar } from "~/components/centre-bulk-bar";
import { CentreFilterForm } from "~/components/centres/centre-filter-form";
import { stewardFilterForPage } from "~/components/steward-filter";
import { CentreListRows, type CentreListItem } from "~/components/centres/centre-list-rows";
import { SavedViews } from "~/components/saved-views";
import { PageHeader } from "~/components/ui/page-header";
import { useCan } from "~/components/use-can";
import { calendarDaysBetween } from "~/domain/working-days";
import { listCentres } from "~/models/centre.server";
import { centreFiltersOf } from "~/models/steward-pick.server";
import { listActiveTemplates } from "~/models/centre-bulk.server";
import { listSavedViews } from "~/models/saved-view.server";
import { can } from "~/domain/permissions";
import { checklistProgressOf } from "~/models/checklist.server";
import { referenceList } from "~/models/reference.server";
import { PAGE_SIZE } from "~/schemas/centre-filters";
import { requirePermission } from "~/utils/auth.server";
import { formatNumber, todayInBeijing } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.centres")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const { filters, steward } = centreFiltersOf(new URL(request.url).searchParams);
  const today = todayInBeijing();
  const { total, rows } = listCentres(filters, { today });
  const progress = checklistProgressOf(
    rows.map((r) => r.id),
    today,
  );
  // Only what the page shows reaches it (the list's rows, labels in both languages for the switch).
  const items = (list: { code: string; labelZh: string; labelEn: string }[]) =>
    list.map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn }));
  return {
    filters,
    total,
    rows: rows.map((r): CentreListItem => ({
      id: r.id,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      countryCode: r.countryCode,
      districtCode: r.districtCode,
      stage: r.stage,
      level: r.level,
      industries: r.industries,
      recognised: r.recognised,
      firstBatch: r.firstBatch,
      daysInStage: calendarDaysBetween(r.stageSince, today),
      checklist: progress.get(r.id) ?? null,
      leadStewardName: r.leadStewardName,
    })),
    lists: {
      stages: items(referenceList("stage")),
      districts: items(referenceList("district")),
      parks: items(referenceList("park")),
      industries: items(referenceList("industry")),
      countries: items(referenceList("country")),
    },
    // The steward filter: the chosen steward, or what its text matched (a picker, not a list of every steward).
    stewardFilter: stewardFilterForPage(steward),
    views: listSavedViews(user, "centres"),
    templates:
      can(user.role, "update:centre-work:any") || can(user.role, "update:centre-work:assigned") ? listActiveTemplates() : [],
  };
}

export default function CentresIndex() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { filters, total, rows, lists, stewardFilter, views, templates } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const can = useCan();
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageLink = (page: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(page));
    return `?${params.toString()}`;
  };
  const exportQuery = (() => {
    const params = new URLSearchParams(searchParams);
    params.delete("page");
    params.delete("lng");
    const q = params.toString();
    return q ? `?${q}` : "";
  })();

  return (
    <>
      <PageHeader
        title={t("centres.title")}
        subtitle={
          <span data-testid="match-count">
            {t("centres.matches", { count: total, formattedCount: formatNumber(total, lng) })}
          </span>
        }
        actions={
          <>
            <a
              href={`/centres/export.csv${exportQuery}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
              download
            >
              {t("centres.exportCsv")}
            </a>
            <a
              href={`/centres/export.xlsx${exportQuery}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
              download
            >
              {t("centres.exportXlsx")}
            </a>
            {can("create:centre:any") ? (
              <>
                <LinkButton to="/centres/import" variant="secondary">
                  {t("centres.import")}
                </LinkButton>
                <LinkButton to="/centres/new">{t("centres.new")}</LinkButton>
              </>
            ) : null}
          </>
        }
      />
      <SavedViews page="centres" views={views} />
      <CentreFilterForm filters={filters} lists={lists} steward={stewardFilter} />

      {rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("centres.noResults")}
        </p>
      ) : (
        <Form method="post" action="/centres/bulk" id="centre-bulk">
          <AuthenticityTokenInput name="csrf" />
          <BulkBar total={total} templates={templates} />
          <CentreListRows rows={rows} lists={lists} />
        </Form>
      )}
      {pages > 1 ? (
        <nav
          aria-label={t("centres.page", { page: filters.page, pages })}
          className="mt-4 flex items-center justify-between text-sm"
        >
          {filters.page > 1 ? (
            <Link to={pageLink(filters.page - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
              ← {t("centres.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">{t("centres.page", { page: filters.page, pages })}</span>
          {filters.page < pages ? (
            <Link to={pageLink(filters.page + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
              {t("centres.next")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
