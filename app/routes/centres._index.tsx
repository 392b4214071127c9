import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useTranslation } from "react-i18next";
import { BulkBar } from "~/components/centre-bulk-bar";
import { SavedViews } from "~/components/saved-views";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useCan } from "~/components/use-can";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS } from "~/domain/levels";
import { calendarDaysBetween } from "~/domain/working-days";
import { listCentres, listStewards } from "~/models/centre.server";
import { listActiveTemplates } from "~/models/centre-bulk.server";
import { listSavedViews } from "~/models/saved-view.server";
import { can } from "~/domain/permissions";
import { checklistProgressOf } from "~/models/checklist.server";
import { referenceList } from "~/models/reference.server";
import { CENTRE_SORTS, PAGE_SIZE, parseCentreFilters } from "~/schemas/centre-filters";
import { requirePermission } from "~/utils/auth.server";
import { formatNumber, todayInBeijing } from "~/utils/format";
import { labelByCode, labelOf } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.centres")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const filters = parseCentreFilters(new URL(request.url).searchParams);
  const today = todayInBeijing();
  const { total, rows } = listCentres(filters, { today });
  const progress = checklistProgressOf(
    rows.map((r) => r.id),
    today,
  );
  return {
    filters,
    total,
    rows: rows.map((r) => ({
      ...r,
      daysInStage: calendarDaysBetween(r.stageSince, today),
      checklist: progress.get(r.id) ?? null,
    })),
    lists: {
      stages: referenceList("stage"),
      districts: referenceList("district"),
      parks: referenceList("park"),
      industries: referenceList("industry"),
      countries: referenceList("country"),
    },
    stewards: listStewards(),
    views: listSavedViews(user, "centres"),
    templates:
      can(user.role, "update:centre-work:any") || can(user.role, "update:centre-work:assigned") ? listActiveTemplates() : [],
  };
}

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | number | undefined;
  options: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <label className="block text-xs font-medium text-slate-600">
      {label}
      <select
        name={name}
        defaultValue={value ?? ""}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
      >
        <option value="">{t("centres.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function CentresIndex() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { filters, total, rows, lists, stewards, views, templates } = useLoaderData<typeof loader>();
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
  const opts = (items: { code: string; labelZh: string; labelEn: string }[]) =>
    items.map((i) => ({ value: i.code, label: labelOf(i, lng) }));
  const batches = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t("centres.batchN", { batch: i + 1 }) }));

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
                <Link
                  to="/centres/import"
                  className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
                >
                  {t("centres.import")}
                </Link>
                <Link
                  to="/centres/new"
                  className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
                >
                  {t("centres.new")}
                </Link>
              </>
            ) : null}
          </>
        }
      />
      <SavedViews page="centres" views={views} />
      <Form method="get" className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" role="search">
        <div className="flex flex-col gap-2 sm:flex-row">
          <label htmlFor="q" className="sr-only">
            {t("centres.search")}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            placeholder={t("centres.searchPlaceholder")}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <Button type="submit">{t("centres.filter")}</Button>
          <Link to="/centres" className="self-center whitespace-nowrap text-sm text-brand-700 hover:underline">
            {t("centres.clear")}
          </Link>
        </div>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6">
          <FilterSelect name="stage" label={t("centres.fields.stage")} value={filters.stage} options={opts(lists.stages)} />
          <FilterSelect
            name="level"
            label={t("centres.fields.level")}
            value={filters.level}
            options={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
          />
          <FilterSelect
            name="type"
            label={t("centres.fields.type")}
            value={filters.type}
            options={CENTRE_TYPES.map((v) => ({ value: v, label: t(`centreTypes.${v}`) }))}
          />
          <FilterSelect
            name="district"
            label={t("centres.fields.district")}
            value={filters.district}
            options={opts(lists.districts)}
          />
          <FilterSelect name="park" label={t("centres.fields.park")} value={filters.park} options={opts(lists.parks)} />
          <FilterSelect
            name="industry"
            label={t("centres.fields.industries")}
            value={filters.industry}
            options={opts(lists.industries)}
          />
          <FilterSelect
            name="country"
            label={t("centres.fields.country")}
            value={filters.country}
            options={opts(lists.countries)}
          />
          <FilterSelect
            name="steward"
            label={t("centres.stewards")}
            value={filters.steward}
            options={stewards.map((s) => ({ value: s.id, label: s.name }))}
          />
          <FilterSelect name="batch" label={t("centres.batchFilter")} value={filters.batch} options={batches} />
          <FilterSelect
            name="recognised"
            label={t("centres.recognisedFilter.label")}
            value={filters.recognised}
            options={[
              { value: "yes", label: t("centres.recognisedFilter.yes") },
              { value: "no", label: t("centres.recognisedFilter.no") },
            ]}
          />
          <label className="block text-xs font-medium text-slate-600">
            {t("centres.sort")}
            <select
              name="sort"
              defaultValue={filters.sort}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
            >
              {CENTRE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`centres.sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </Form>

      {rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("centres.noResults")}
        </p>
      ) : (
        <Form method="post" action="/centres/bulk" id="centre-bulk">
          <AuthenticityTokenInput name="csrf" />
          <BulkBar total={total} stewards={stewards} templates={templates} />
          <ul className="space-y-2 sm:hidden">
            {rows.map((c) => (
              <li key={c.id} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <input
                  type="checkbox"
                  name="ids"
                  value={c.id}
                  aria-label={t("bulk.select", { name: lng === "en" ? c.nameEn : c.nameZh })}
                  className="mt-1 h-5 w-5 shrink-0 rounded border-slate-300"
                />
                <div>
                  <Link to={`/centres/${c.id}`} className="font-medium text-brand-700">
                    {lng === "en" ? c.nameEn : c.nameZh}
                  </Link>
                  <p className="mt-1 text-xs text-slate-600">
                    {labelByCode(lists.stages, c.stage, lng)} · {t(`levels.${c.level}`)} ·{" "}
                    {labelByCode(lists.districts, c.districtCode, lng)}
                    {c.recognised ? ` · ${t("centres.batchN", { batch: c.firstBatch })}` : ""}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <Table
              caption={t("centres.title")}
              head={[
                <span key="select" className="sr-only">
                  {t("bulk.selectColumn")}
                </span>,
                t("common.centre"),
                t("centres.fields.stage"),
                t("centres.fields.level"),
                t("centres.fields.district"),
                t("centres.fields.industries"),
                t("centres.recognisedFilter.label"),
                t("centres.links.checklist"),
                t("centres.fields.lead_steward_email"),
              ]}
            >
              {rows.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <Td className="w-8 !min-w-0">
                    <input
                      type="checkbox"
                      name="ids"
                      value={c.id}
                      aria-label={t("bulk.select", { name: lng === "en" ? c.nameEn : c.nameZh })}
                      className="h-4 w-4 rounded border-slate-300"
                    />
                  </Td>
                  <Td>
                    <Link to={`/centres/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {lng === "en" ? c.nameEn : c.nameZh}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {lng === "en" ? c.nameZh : c.nameEn} · {labelByCode(lists.countries, c.countryCode, lng)}
                    </div>
                  </Td>
                  <Td>
                    {labelByCode(lists.stages, c.stage, lng)}
                    <div className="text-xs text-slate-500">{t("centres.daysInStage", { count: c.daysInStage })}</div>
                  </Td>
                  <Td>{t(`levels.${c.level}`)}</Td>
                  <Td>{labelByCode(lists.districts, c.districtCode, lng)}</Td>
                  <Td className="text-xs">
                    {c.industries.map((code) => labelByCode(lists.industries, code, lng)).join(lng === "en" ? ", " : "、")}
                  </Td>
                  <Td>
                    {c.recognised ? (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900">
                        {t("centres.batchN", { batch: c.firstBatch })}
                      </span>
                    ) : (
                      <span className="text-xs text-slate-500">{t("centres.recognisedFilter.no")}</span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap text-xs">
                    {c.checklist && c.checklist.applicable > 0 ? (
                      <span
                        title={t("centres.checklistProgress", { done: c.checklist.done, applicable: c.checklist.applicable })}
                      >
                        {c.checklist.done}/{c.checklist.applicable}
                        {c.checklist.overdue > 0 ? (
                          <span className="ml-1 rounded bg-red-100 px-1 text-red-800">
                            {t("centres.overdueCount", { count: c.checklist.overdue })}
                          </span>
                        ) : null}
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="text-sm">{c.leadStewardName ?? "—"}</Td>
                </tr>
              ))}
            </Table>
          </div>
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
