import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useAuthenticityToken } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { buttonLink, DueBadge, Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { can } from "~/domain/permissions";
import { referenceList } from "~/models/reference.server";
import { findSteward, stewardChoices, stewardWork } from "~/models/work.server";
import { forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { AnswersDueForReview } from "~/components/answers/review-due";
import { reviewState } from "~/domain/answers";
import { articlesDueForReview } from "~/models/answer-search.server";
import { formatDate } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { pageTitle } from "~/utils/page-title";

/** Rows each list shows before "Show all" (the counts above always cover every row). */
const PREVIEW = { contact: 20, checklist: 25, followups: 25, centres: 50 } as const;
type ListName = keyof typeof PREVIEW;

/** The first rows of a list, or all of them when the URL asks (`?checklist=all`); only those rows reach the page. */
function preview<T, S = T>(rows: T[], url: URL, name: ListName, shape: (row: T) => S = (row) => row as unknown as S) {
  const all = url.searchParams.get(name) === "all";
  return { rows: (all ? rows : rows.slice(0, PREVIEW[name])).map(shape), total: rows.length, all };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.work")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:work:own");
  const url = new URL(request.url);
  const stewardParam = url.searchParams.get("steward");
  const mayViewOthers = can(user.role, "read:work:any");
  let steward: { id: string; name: string } = { id: user.id, name: user.name };
  if (stewardParam && stewardParam !== user.id) {
    if (!mayViewOthers) forbidden();
    steward = findSteward(stewardParam) ?? notFound();
  }
  const { dueForContact, checklist, followUps, centres, ...work } = stewardWork(steward, user);
  return {
    ...work,
    // Only what the lists show reaches the page.
    centres: preview(centres, url, "centres", (c) => ({
      id: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      isLead: c.isLead,
      stage: c.stage,
      level: c.level,
      daysInStage: c.daysInStage,
      progress: c.progress,
      lastInteractionOn: c.lastInteractionOn,
      contactDue: Boolean(c.contact?.due),
    })),
    leadCount: centres.filter((c) => c.isLead).length,
    dueForContact: preview(dueForContact, url, "contact", (c) => ({
      id: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      level: c.level,
      cadenceDays: c.cadenceDays,
      lastInteractionOn: c.lastInteractionOn,
      daysSinceLast: c.contact?.daysSinceLast ?? 0,
    })),
    checklist: preview(checklist, url, "checklist"),
    followUps: preview(followUps, url, "followups"),
    steward,
    viewingOther: steward.id !== user.id,
    stewards: mayViewOthers ? stewardChoices().map((s) => ({ id: s.id, name: s.name, role: s.role })) : null,
    stages: referenceList("stage", { includeInactive: true }),
    // Policy answers this steward wrote that are due for review (issue 15).
    answersDue: articlesDueForReview(work.today, steward.id).map((a) => ({ ...a, reviewState: reviewState(a, work.today) })),
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function CentreName({ id, nameZh, nameEn, hash = "" }: { id: string; nameZh: string; nameEn: string; hash?: string }) {
  const { i18n } = useTranslation();
  return (
    <Link to={`/centres/${id}${hash}`} className="font-medium text-brand-700 hover:underline">
      {i18n.language === "en" ? nameEn : nameZh}
    </Link>
  );
}

function StewardPicker({ stewards, current }: { stewards: NonNullable<LoaderData["stewards"]>; current: string }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="mb-6 flex flex-wrap items-end gap-2" aria-label={t("work.pickSteward")}>
      <div>
        <label htmlFor="steward" className="mb-1 block text-sm font-medium text-slate-700">
          {t("work.pickSteward")}
        </label>
        <select
          id="steward"
          name="steward"
          defaultValue={current}
          className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          {stewards.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {t(`roles.${s.role}`)}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary">
        {t("work.show")}
      </Button>
    </Form>
  );
}

/** "Show all N" under a list cut to its preview; keeps the steward being viewed and the other lists' choices. */
function ShowAll({ data, name, itemsKey }: { data: LoaderData; name: ListName; itemsKey: "work.showAll" | "work.showAllItems" }) {
  const { t } = useTranslation();
  const location = useLocation();
  const list = { contact: data.dueForContact, checklist: data.checklist, followups: data.followUps, centres: data.centres }[name];
  if (list.all || list.total <= list.rows.length) return null;
  const params = new URLSearchParams(location.search);
  params.set(name, "all");
  return (
    <Link
      to={`?${params.toString()}`}
      preventScrollReset
      data-testid={`show-all-${name}`}
      className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
    >
      {t(itemsKey, { count: list.total })}
    </Link>
  );
}

function DueForContact({ data, here }: { data: LoaderData; here: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { rows, total } = data.dueForContact;
  return (
    <Card title={`${t("work.dueForContact")} (${total})`}>
      {total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noneDueForContact")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="due-for-contact">
            {rows.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <CentreName id={c.id} nameZh={c.nameZh} nameEn={c.nameEn} />
                  <p className="text-xs text-slate-600">
                    {t(`levels.${c.level}`)} · {t("work.everyDays", { count: c.cadenceDays })} ·{" "}
                    {c.lastInteractionOn
                      ? t("work.lastContact", { date: formatDate(c.lastInteractionOn, lng), days: c.daysSinceLast })
                      : t("work.neverContacted")}
                  </p>
                </div>
                <Link
                  to={`/centres/${c.id}/interactions/new?redirectTo=${encodeURIComponent(here)}`}
                  className={`${buttonLink.secondary} shrink-0 px-3 py-1.5`}
                >
                  {t("interactions.log")}
                  <span className="sr-only">: {lng === "en" ? c.nameEn : c.nameZh}</span>
                </Link>
              </li>
            ))}
          </ul>
          <ShowAll data={data} name="contact" itemsKey="work.showAll" />
        </>
      )}
    </Card>
  );
}

function DueChecklist({ data, here, csrf }: { data: LoaderData; here: string; csrf: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card title={`${t("work.checklistDue")} (${data.checklist.total})`}>
      {data.checklist.total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noChecklistDue")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="work-checklist">
            {data.checklist.rows.map((item) => (
              <li key={item.id} className="flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0 flex-1">
                  <Link
                    to={`/centres/${item.centreId}/checklist#item-${item.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {lng === "en" ? item.titleEn : item.titleZh}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {lng === "en" ? item.centreNameEn : item.centreNameZh} ·{" "}
                    {t("followUps.dueOn", { date: formatDate(item.dueOn!, lng) })} <DueBadge flag={item.dueFlag} />
                  </p>
                </div>
                {item.canAct ? (
                  <Form method="post" action={`/centres/${item.centreId}/checklist`}>
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="intent" value="status" />
                    <input type="hidden" name="item_id" value={item.id} />
                    <input type="hidden" name="version" value={item.version} />
                    <input type="hidden" name="status" value="done" />
                    <input type="hidden" name="redirectTo" value={here} />
                    <Button type="submit" variant="secondary" className="w-full px-3 py-1.5 sm:w-auto">
                      ✓ {t("checklist.markDone")}
                      <span className="sr-only">: {lng === "en" ? item.titleEn : item.titleZh}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <ShowAll data={data} name="checklist" itemsKey="work.showAllItems" />
        </>
      )}
    </Card>
  );
}

function DueFollowUps({ data, here, csrf }: { data: LoaderData; here: string; csrf: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card title={`${t("work.followUpsDue")} (${data.followUps.total})`}>
      {data.followUps.total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noFollowUpsDue")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="work-follow-ups">
            {data.followUps.rows.map((f) => (
              <li key={f.id} className="flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0 flex-1">
                  <Link
                    to={`/centres/${f.centreId}/follow-ups#follow-up-${f.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {f.description}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {lng === "en" ? f.centreNameEn : f.centreNameZh} · {t("followUps.dueOn", { date: formatDate(f.dueOn!, lng) })}{" "}
                    <DueBadge flag={f.dueFlag} />
                  </p>
                </div>
                {f.canAct ? (
                  <Form method="post" action={`/centres/${f.centreId}/follow-ups`}>
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="intent" value="complete" />
                    <input type="hidden" name="follow_up_id" value={f.id} />
                    <input type="hidden" name="redirectTo" value={here} />
                    <Button type="submit" variant="secondary" className="w-full px-3 py-1.5 sm:w-auto">
                      ✓ {t("followUps.complete")}
                      <span className="sr-only">: {f.description}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <ShowAll data={data} name="followups" itemsKey="work.showAllItems" />
        </>
      )}
    </Card>
  );
}

export default function WorkPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  // Back to the same view after a one-click action: the steward viewed and any "Show all" kept.
  const here = `${location.pathname}${location.search}`;
  // One CSRF token for every one-click form on the page (read once, not once per row).
  const csrf = useAuthenticityToken();
  return (
    <>
      <PageHeader
        title={data.viewingOther ? t("work.titleOf", { name: data.steward.name }) : t("work.title")}
        subtitle={t("work.intro", { date: formatDate(data.today, lng), days: data.soonWithin })}
      />
      {data.stewards ? <StewardPicker stewards={data.stewards} current={data.steward.id} /> : null}
      <div className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4" data-testid="work-counts">
        <Stat label={t("work.counts.dueForContact")} value={data.counts.dueForContact} />
        <Stat
          label={t("work.counts.overdue")}
          value={<span className={data.counts.overdue > 0 ? "text-red-700" : undefined}>{data.counts.overdue}</span>}
        />
        <Stat
          label={t("work.counts.dueSoon")}
          value={data.counts.dueSoon}
          hint={t("work.counts.dueSoonHint", { days: data.soonWithin })}
        />
        <Stat label={t("work.myCentres")} value={data.counts.centres} hint={t("work.leadOf", { count: data.leadCount })} />
      </div>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <DueChecklist data={data} here={here} csrf={csrf} />
        <DueFollowUps data={data} here={here} csrf={csrf} />
      </div>
      <div className="mb-6">
        <DueForContact data={data} here={here} />
      </div>
      <AnswersDueForReview articles={data.answersDue} />
      <Card title={t("work.myCentres")}>
        {data.centres.total === 0 ? (
          <p className="text-sm text-slate-600">{t("work.noCentres")}</p>
        ) : (
          <Table
            stack
            caption={t("work.myCentres")}
            head={[
              t("common.centre"),
              t("work.stageCol"),
              t("work.levelCol"),
              t("work.daysInStage"),
              t("work.checklistCol"),
              t("work.lastContactCol"),
            ]}
          >
            {data.centres.rows.map((c) => (
              <tr key={c.id} data-testid="my-centre">
                <Td>
                  <CentreName id={c.id} nameZh={c.nameZh} nameEn={c.nameEn} />
                  {c.isLead ? null : (
                    <Pill tone="slate" className="ml-2">
                      {t("work.district")}
                    </Pill>
                  )}
                </Td>
                <Td className="whitespace-nowrap">{labelByCode(data.stages, c.stage, lng)}</Td>
                <Td className="whitespace-nowrap">{t(`levels.${c.level}`)}</Td>
                <Td className="tabular-nums">{c.daysInStage}</Td>
                <Td className="whitespace-nowrap tabular-nums">
                  <Link
                    to={`/centres/${c.id}/checklist`}
                    className="text-brand-700 underline decoration-brand-500/40 underline-offset-2 hover:decoration-brand-700"
                  >
                    {c.progress.total === 0
                      ? t("work.noChecklist")
                      : t("work.progressShort", { done: c.progress.done, applicable: c.progress.applicable })}
                  </Link>
                  {c.progress.overdue > 0 ? (
                    <Pill tone="red" className="ml-2">
                      {t("work.overdueShort", { count: c.progress.overdue })}
                    </Pill>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap">
                  {c.lastInteractionOn ? formatDate(c.lastInteractionOn, lng) : t("work.never")}
                  {c.contactDue ? (
                    <Pill tone="amber" className="ml-2">
                      {t("work.contactDue")}
                    </Pill>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Table>
        )}
        <ShowAll data={data} name="centres" itemsKey="work.showAll" />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
