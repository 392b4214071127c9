import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChecklistAnswers } from "~/components/answers/checklist-answers";
import { Pager } from "~/components/pager";
import { Commitment, RequestStatusBadge } from "~/components/request-parts";
import { Card, PageHeader } from "~/components/ui/page-header";
import { pageParam } from "~/domain/centre-timeline";
import { answerCommitment, requestMilestones } from "~/domain/request-clock";
import { workingCalendar } from "~/models/calendar.server";
import { portalChecklistAnswers } from "~/models/answer-search.server";
import { getPortalCentre } from "~/models/centre.server";
import { portalChecklist } from "~/models/checklist.server";
import { portalFollowUps } from "~/models/follow-up.server";
import { getSetting, referenceList } from "~/models/reference.server";
import { listPortalRequests } from "~/models/support-request.server";
import { metDatesOf } from "~/models/support-request-due-dates.server";
import { notFound, requireEnterpriseUser } from "~/utils/auth.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.portal")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  // ★ Every query below is scoped to the user's own centre inside its model function.
  const centre = getPortalCentre(user);
  if (!centre) notFound();
  const calendar = workingCalendar();
  const today = todayInBeijing();
  const soon = getSetting("dueSoonWorkingDays");
  return {
    userName: user.name,
    centre,
    // The enterprise is shown one commitment per request: the answer's due date (or when it was answered).
    requests: pageOfRequests(listPortalRequests(user, pageParam(new URL(request.url).searchParams.get("page"))), (list) =>
      list.map(({ acceptedAt, firstContactAt, answeredAt, ...r }) => ({
        ...r,
        commitment: answerCommitment(
          requestMilestones(calendar, { ...r, ...metDatesOf({ acceptedAt, firstContactAt, answeredAt }) }, today, soon),
        ),
      })),
    ),
    checklist: portalChecklist(user),
    checklistAnswers: portalChecklistAnswers(user, today),
    followUps: portalFollowUps(user),
    countries: referenceList("country"),
    districts: referenceList("district"),
    parks: referenceList("park"),
    stages: referenceList("stage"),
    categories: referenceList("request_category", { includeInactive: true }),
    departments: referenceList("department", { includeInactive: true }),
  };
}

/** A page of requests with its rows turned into what the list shows. */
function pageOfRequests<R, S>(page: { page: number; rows: R[]; hasOlder: boolean }, shape: (rows: R[]) => S[]) {
  return { ...page, rows: shape(page.rows) };
}

export default function PortalHome() {
  const { t, i18n } = useTranslation();
  const {
    userName,
    centre,
    requests,
    checklist,
    checklistAnswers,
    followUps,
    countries,
    districts,
    parks,
    stages,
    categories,
    departments,
  } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const rows: [string, string][] = [
    [t("portal.nameZh"), centre.nameZh],
    [t("portal.nameEn"), centre.nameEn],
    [t("portal.parent"), centre.parentCompany],
    [t("portal.country"), labelByCode(countries, centre.countryCode, lng)],
    [t("portal.district"), labelByCode(districts, centre.districtCode, lng)],
    [t("portal.park"), centre.parkCode ? labelByCode(parks, centre.parkCode, lng) : t("common.notSet")],
    [t("portal.type"), t(`centreTypes.${centre.type}`)],
    [t("portal.level"), t(`levels.${centre.level}`)],
    [t("portal.stage"), labelByCode(stages, centre.stage, lng)],
  ];
  const done = checklist.filter((i) => i.status === "done").length;
  const applicable = checklist.filter((i) => i.status !== "not_applicable").length;
  return (
    <>
      <PageHeader
        title={lng === "en" ? centre.nameEn : centre.nameZh}
        subtitle={t("portal.welcome", { name: userName })}
        actions={
          <Link
            to="/portal/requests/new"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            {t("requests.new")}
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t("requests.mine")} id="requests">
            {requests.rows.length === 0 ? (
              requests.page === 0 && <p className="text-sm text-slate-600">{t("requests.none")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {requests.rows.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                    <div>
                      <Link to={`/portal/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                        {r.title}
                      </Link>
                      <p className="text-xs text-slate-500">
                        <span className="font-mono">{r.receiptNo}</span> · {labelByCode(categories, r.categoryCode, lng)} ·{" "}
                        {formatDate(r.submittedOn, lng)}
                      </p>
                    </div>
                    <div className="flex items-center gap-3">
                      <span className="text-xs">
                        <Commitment commitment={r.commitment} />
                      </span>
                      <RequestStatusBadge status={r.status} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <Pager
              param="page"
              page={requests.page}
              hasOlder={requests.hasOlder}
              anchor="requests"
              empty={requests.rows.length === 0}
            />
          </Card>
          <Card title={t("portal.checklist")}>
            {checklist.length === 0 ? (
              <p className="text-sm text-slate-600">{t("portal.noChecklist")}</p>
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-600">{t("portal.checklistProgress", { done, applicable })}</p>
                <div className="mb-3 h-2 rounded-full bg-slate-100" aria-hidden>
                  <div
                    className="h-2 rounded-full bg-brand-500"
                    style={{ width: `${applicable ? (done / applicable) * 100 : 0}%` }}
                  />
                </div>
                <ul className="divide-y divide-slate-100 text-sm">
                  {checklist.map((item) => (
                    <li key={item.id} className="flex flex-wrap justify-between gap-2 py-2">
                      <span>
                        {lng === "en" ? item.titleEn : item.titleZh}
                        <span className="block text-xs text-slate-500">{labelByCode(departments, item.departmentCode, lng)}</span>
                        <ChecklistAnswers articles={checklistAnswers[item.id]} />
                      </span>
                      <span className="text-xs text-slate-600" data-testid="portal-checklist-when">
                        {item.status === "done" && item.completedAt
                          ? t("portal.doneOn", { date: formatDate(item.completedAt, lng) })
                          : t(`checklist.statuses.${item.status}`)}
                        {item.status !== "done" && item.status !== "not_applicable" && item.dueOn
                          ? ` · ${t("portal.dueOn", { date: formatDate(item.dueOn, lng) })}`
                          : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card title={t("portal.steward")}>
            {centre.stewardName ? (
              <>
                <p className="font-medium">{centre.stewardName}</p>
                <p className="mt-1 text-sm text-slate-600">{t("portal.stewardContact", { email: centre.stewardEmail })}</p>
              </>
            ) : (
              <p className="text-sm text-slate-600">{t("portal.noSteward")}</p>
            )}
          </Card>
          <Card title={t("portal.followUps")}>
            {followUps.length === 0 ? (
              <p className="text-sm text-slate-600">{t("portal.noFollowUps")}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {followUps.map((f) => (
                  <li key={f.id}>
                    <span className={f.status === "done" ? "text-slate-500 line-through" : ""}>{f.description}</span>
                    {f.status === "done" && f.completedAt ? (
                      <span className="block text-xs text-slate-500">
                        {t("portal.doneOn", { date: formatDate(f.completedAt, lng) })}
                      </span>
                    ) : f.status !== "done" && f.dueOn ? (
                      <span className="block text-xs text-slate-500">
                        {t("portal.dueOn", { date: formatDate(f.dueOn, lng) })}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t("portal.profile")}>
            <dl className="space-y-2">
              {rows.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
                  <dd className="text-sm text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </div>
      </div>
    </>
  );
}
