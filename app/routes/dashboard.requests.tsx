import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { isIsoDate } from "~/domain/working-days";
import { pageParam } from "~/domain/centre-timeline";
import { Pager } from "~/components/pager";
import { loadReferenceData } from "~/models/dashboard/labels.server";
import { requestsBehindOffThread } from "~/models/dashboard/figures-worker.server";
import { SERVICE_DIMENSIONS } from "~/domain/figure-dimensions";
import { badRequest, requirePermission } from "~/utils/auth.server";
import { formatDate, formatNumber, todayInBeijing } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.requests"), t("nav.dashboard")]);

/**
 * The requests behind a service figure: those submitted in the period (optionally in one
 * category, department or steward's group), or those overdue today (`overdue=1`).
 * Officials read requests without internal notes: this list shows none.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:dashboard:any");
  const today = todayInBeijing();
  const date = z.string().refine((v) => isIsoDate(v) && v <= today);
  const Schema = z
    .object({
      from: date,
      to: date,
      dimension: z.enum(SERVICE_DIMENSIONS).optional(),
      key: z.string().min(1).max(100).optional(),
      overdue: z.literal("1").optional(),
    })
    .refine((v) => v.from <= v.to && Boolean(v.dimension) === Boolean(v.key));
  const search = new URL(request.url).searchParams;
  const parsed = Schema.safeParse(Object.fromEntries(search));
  if (!parsed.success) badRequest();
  const { from, to, dimension, key, overdue } = parsed.data;
  const behind = await requestsBehindOffThread({
    period: { from, to },
    today,
    dimension,
    key,
    overdue: overdue === "1",
    page: pageParam(search.get("page")),
  });
  const ref = loadReferenceData();
  return {
    from,
    to,
    today,
    overdue: overdue === "1",
    dimension: dimension ?? null,
    groupLabel: dimension && key ? ref.label(dimension, key) : null,
    categories: Object.fromEntries(ref.lists.request_category.labels),
    rows: behind.rows.map((r) => ({
      id: r.id,
      receiptNo: r.receiptNo,
      centreId: r.centreId,
      centre: r.centre,
      categoryCode: r.categoryCode,
      status: r.status,
      submittedOn: r.submittedOn,
      respondedOnTime: r.respondedOnTime,
      resolved: r.resolved,
      rating: r.rating,
      workingDaysToAnswer: r.workingDaysToAnswer,
      dueOn: r.dueOn,
    })),
    total: behind.total,
    paging: { page: behind.page, hasOlder: behind.hasOlder },
  };
}

export default function DashboardRequests() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "zh-CN";
  const data = useLoaderData<typeof loader>();
  const period = { from: formatDate(data.from, lng), to: formatDate(data.to, lng) };
  const heading = data.overdue
    ? t("dash.drill.requestsOverdue", { date: formatDate(data.today, lng) })
    : data.dimension && data.groupLabel
      ? t("dash.drill.requestsGroup", {
          dimension: t(`dash.drill.dimensions.${data.dimension}`),
          group: data.groupLabel[lng],
          ...period,
        })
      : t("dash.drill.requestsAll", period);
  const subtitle =
    data.overdue && data.dimension && data.groupLabel
      ? `${t(`dash.drill.dimensions.${data.dimension}`)}: ${data.groupLabel[lng]} · ${t("dash.drill.requestsCount", { n: formatNumber(data.total, lng) })}`
      : t("dash.drill.requestsCount", { n: formatNumber(data.total, lng) });
  const yesNo = (v: boolean | null) => (v === null ? t("dash.drill.pending") : v ? t("dash.drill.yes") : t("dash.drill.no"));
  return (
    <>
      <PageHeader
        title={heading}
        subtitle={<span data-testid="drill-count">{subtitle}</span>}
        actions={
          <Link to="/dashboard" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">
            ← {t("dash.backToDashboard")}
          </Link>
        }
      />
      {data.rows.length === 0 ? (
        data.paging.page === 0 && (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {t("dash.drill.noRequests")}
          </p>
        )
      ) : (
        <Table
          stack
          caption={heading}
          head={[
            t("dash.drill.columns.receiptNo"),
            t("dash.drill.columns.centre"),
            t("dash.drill.columns.category"),
            t("dash.drill.columns.submittedOn"),
            t("dash.drill.columns.requestStatus"),
            t("dash.drill.columns.respondedOnTime"),
            t("dash.drill.columns.resolved"),
            t("dash.drill.columns.rating"),
            t("dash.drill.columns.workingDays"),
            t("dash.drill.columns.dueOn"),
          ]}
        >
          {data.rows.map((r) => (
            <tr key={r.id} data-testid="drill-row">
              <Td className="whitespace-nowrap font-mono text-xs">
                <Link to={`/requests/${r.id}`} className="text-brand-700 underline underline-offset-2">
                  {r.receiptNo}
                </Link>
              </Td>
              <Td>
                <Link to={`/centres/${r.centreId}`} className="text-brand-700 hover:underline">
                  {lng === "en" ? r.centre.nameEn : r.centre.nameZh}
                </Link>
              </Td>
              <Td>{data.categories[r.categoryCode]?.[lng] ?? r.categoryCode}</Td>
              <Td className="whitespace-nowrap">{formatDate(r.submittedOn, lng)}</Td>
              <Td>{t(`dash.drill.requestStatuses.${r.status}`)}</Td>
              <Td>{yesNo(r.respondedOnTime)}</Td>
              <Td>{r.resolved === null ? "—" : yesNo(r.resolved)}</Td>
              <Td>{r.rating ? t(`dash.drill.ratings.${r.rating}`) : "—"}</Td>
              <Td className="text-right tabular-nums">{r.workingDaysToAnswer ?? "—"}</Td>
              <Td className="whitespace-nowrap">{r.dueOn ? formatDate(r.dueOn, lng) : "—"}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager
        param="page"
        page={data.paging.page}
        hasOlder={data.paging.hasOlder}
        anchor="main"
        order="list"
        empty={data.rows.length === 0}
      />
    </>
  );
}
