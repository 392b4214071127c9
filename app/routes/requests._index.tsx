import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { DueBadge, RequestStatusBadge } from "~/components/request-parts";
import { SavedViews } from "~/components/saved-views";
import { StewardFilterField, stewardFilterForPage } from "~/components/steward-filter";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useCan } from "~/components/use-can";
import { workingCalendar } from "~/models/calendar.server";
import { listSavedViews } from "~/models/saved-view.server";
import { stewardFilter } from "~/models/steward-pick.server";
import { getSetting, referenceList } from "~/models/reference.server";
import { requestMatchCondition } from "~/models/search.server";
import { listRequestQueue } from "~/models/support-request.server";
import { requirePermission } from "~/utils/auth.server";
import { pageParam } from "~/domain/centre-timeline";
import { isReceiptNoQuery } from "~/domain/search-text";
import { todayInBeijing } from "~/utils/format";
import { labelByCode, labelOf } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

/** Requests per page of the queue. */
const QUEUE_PAGE_SIZE = 50;

const QueueSchema = z.object({
  status: z
    .enum(["submitted", "accepted", "rejected", "referred", "in_progress", "answered", "closed"])
    .optional()
    .catch(undefined),
  category: z.string().max(64).optional().catch(undefined),
  centre: z.string().max(64).optional().catch(undefined),
  steward: z.string().max(64).optional().catch(undefined),
  /** The steward picker's typed text, "" when sent empty (app/domain/steward-pick.ts). */
  steward_text: z.string().max(200).optional().catch(undefined),
  due: z.enum(["overdue", "due_soon"]).optional().catch(undefined),
  all: z.literal("1").optional().catch(undefined),
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v.slice(0, 200).trim() || undefined : undefined)),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.requests")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:request:any");
  const filters = QueueSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const steward = stewardFilter(filters.steward || undefined, filters.steward_text);
  const today = todayInBeijing();
  const calendar = workingCalendar();
  const soon = getSetting("dueSoonWorkingDays");
  // A receipt number finds the request whatever its status; other words search the open ones unless "include closed".
  const byReceipt = filters.q ? isReceiptNoQuery(filters.q) : false;
  const matching = filters.q ? requestMatchCondition(filters.q) : null;
  // One page of the queue at a time (`page`, 0 = the nearest deadlines); one row more tells whether there is a next page.
  const page = pageParam(new URL(request.url).searchParams.get("page"));
  const list = listRequestQueue(
    {
      ...filters,
      matching,
      open: !filters.all && !byReceipt,
      status: filters.status || undefined,
      category: filters.category || undefined,
      centre: filters.centre || undefined,
      steward: steward.id,
    },
    today,
    QUEUE_PAGE_SIZE + 1,
    page * QUEUE_PAGE_SIZE,
  );
  const rows = list.slice(0, QUEUE_PAGE_SIZE).map((r) => ({
    ...r,
    dueState: r.deadline ? calendar.dueStatus(r.deadline, today, soon) : null,
  }));
  return {
    rows,
    page,
    hasMore: list.length > QUEUE_PAGE_SIZE,
    filters,
    categories: referenceList("request_category"),
    departments: referenceList("department"),
    stewardFilter: stewardFilterForPage(steward.shown),
    me: { id: user.id, name: user.name },
    views: listSavedViews(user, "requests"),
  };
}

export default function RequestQueue() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { rows, page, hasMore, filters, categories, departments, stewardFilter, me, views } = useLoaderData<typeof loader>();
  const can = useCan();
  const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <>
      <PageHeader
        title={t("requests.queue")}
        actions={
          can("handle:request:assigned") ? (
            <Link
              to="/requests/new"
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {t("requests.newOnBehalf")}
            </Link>
          ) : null
        }
      />
      <SavedViews page="requests" views={views} />
      <Form
        method="get"
        className="mb-4 grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-6"
      >
        <label className="col-span-2 text-xs font-medium text-slate-600 md:col-span-6">
          {t("search.requestsQ")}
          <input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder={t("search.requestsPlaceholder")}
            className={select}
          />
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("requests.fields.status")}
          <select name="status" defaultValue={filters.status ?? ""} className={select}>
            <option value="">{t("requests.filters.any")}</option>
            {["submitted", "accepted", "referred", "in_progress", "answered", "closed", "rejected"].map((s) => (
              <option key={s} value={s}>
                {t(`requests.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("requests.fields.category")}
          <select name="category" defaultValue={filters.category ?? ""} className={select}>
            <option value="">{t("requests.filters.any")}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {labelOf(c, lng)}
              </option>
            ))}
          </select>
        </label>
        <StewardFilterField
          id="steward-filter"
          label={t("requests.fields.steward")}
          placeholder={t("centres.stewardFilter.placeholder")}
          steward={stewardFilter}
          me={me}
        />
        <label className="text-xs font-medium text-slate-600">
          {t("requests.filters.due")}
          <select name="due" defaultValue={filters.due ?? ""} className={select}>
            <option value="">{t("requests.filters.any")}</option>
            <option value="overdue">{t("requests.filters.overdue")}</option>
            <option value="due_soon">{t("requests.filters.due_soon")}</option>
          </select>
        </label>
        <label className="flex items-end gap-2 pb-2 text-sm">
          <input type="checkbox" name="all" value="1" defaultChecked={filters.all === "1"} />{" "}
          {t("requests.filters.includeClosed")}
        </label>
        <div className="flex items-end gap-2">
          <Button type="submit">{t("requests.filters.apply")}</Button>
          <Link to="/requests" className="pb-2 text-sm text-brand-700 hover:underline">
            {t("requests.filters.clear")}
          </Link>
        </div>
      </Form>
      {rows.length === 0 ? (
        page === 0 && (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {t("requests.noMatches")}
          </p>
        )
      ) : (
        <Table
          stack
          caption={t("requests.queue")}
          head={[
            t("requests.fields.receiptNo"),
            t("requests.fields.title"),
            t("requests.fields.centre"),
            t("requests.fields.status"),
            t("requests.fields.deadline"),
            t("requests.fields.steward"),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} className={r.dueState === "overdue" ? "bg-red-50/50" : undefined}>
              <Td className="whitespace-nowrap font-mono text-xs">{r.receiptNo}</Td>
              <Td>
                <Link to={`/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.title}
                </Link>
                <div className="text-xs text-slate-500">
                  {labelByCode(categories, r.categoryCode, lng)}
                  {r.urgency === "urgent" ? ` · ${t("requests.urgency.urgent")}` : ""}
                  {r.escalated ? ` · ${t("requests.actions.escalated")}` : ""}
                  {r.departmentCode ? ` · ${labelByCode(departments, r.departmentCode, lng)}` : ""}
                </div>
              </Td>
              <Td className="text-sm">{lng === "en" ? r.centreNameEn : r.centreNameZh}</Td>
              <Td>
                <RequestStatusBadge status={r.status} />
              </Td>
              <Td>
                {r.status === "referred" ? (
                  <span className="text-xs text-violet-700">{t("requests.due.paused")}</span>
                ) : (
                  <DueBadge deadline={r.deadline} state={r.dueState} />
                )}
              </Td>
              <Td className="text-sm">{r.stewardName ?? "—"}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager param="page" page={page} hasOlder={hasMore} anchor="main" order="list" empty={rows.length === 0} />
    </>
  );
}
