import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useAuthenticityToken } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { useInAppNavigation } from "~/components/in-app-links";
import { DueChecklist, DueFollowUps, DueForContact, MyCentres, type WorkListName } from "~/components/work/work-lists";
import { Button } from "~/components/ui/button";
import { PageHeader, Stat } from "~/components/ui/page-header";
import { can } from "~/domain/permissions";
import { referenceList } from "~/models/reference.server";
import { stewardWorkOffThread } from "~/models/dashboard/figures-worker.server";
import { findSteward } from "~/models/work.server";
import { stewardFilter, UNMATCHED_STEWARD } from "~/models/steward-pick.server";
import { StewardFilterField, stewardFilterForPage, type StewardFilter } from "~/components/steward-filter";
import { forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { AnswersDueForReview } from "~/components/answers/review-due";
import { reviewState } from "~/domain/answers";
import { articlesDueForReview } from "~/models/answer-search.server";
import { formatDate, formatNumber } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

/**
 * Rows each list shows before "Show all" (the counts above always cover every row). The centres
 * table shows 20: each row was about a twentieth of the page's HTML and rendering (issue 14),
 * and the full list is one link away.
 */
const PREVIEW: Record<WorkListName, number> = { contact: 20, checklist: 25, followups: 25, centres: 20 };
/**
 * Rows a list shows at most after "Show all": a steward who imported a registry leads every
 * centre in it (30,000 at bench scale), and no page renders an unbounded list (issue 14). The
 * page says how many it shows; the whole list of centres is the paged centre list.
 */
export const SHOW_ALL_LIMIT = 200;
type ListName = WorkListName;

/** True when the URL asks for every row of a list (`?checklist=all`). */
const showsAll = (url: URL, name: ListName) => url.searchParams.get(name) === "all";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.work")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:work:own");
  const url = new URL(request.url);
  const stewardParam = url.searchParams.get("steward");
  const mayViewOthers = can(user.role, "read:work:any");
  let steward: { id: string; name: string } = { id: user.id, name: user.name };
  // Whose work an admin views: the picker's id, or the steward its typed text names (or why none).
  const picked = mayViewOthers
    ? stewardFilter(stewardParam || undefined, url.searchParams.get("steward_text") ?? undefined)
    : { id: stewardParam || undefined, shown: { chosen: null, problem: null } };
  if (picked.id && picked.id !== user.id && picked.id !== UNMATCHED_STEWARD) {
    if (!mayViewOthers) forbidden();
    steward = findSteward(picked.id) ?? notFound();
  }
  // Each list's first rows, or up to SHOW_ALL_LIMIT when the URL asks for all: only those reach the page.
  const all = (name: ListName) => showsAll(url, name);
  const rows = (name: ListName) => (all(name) ? SHOW_ALL_LIMIT : PREVIEW[name]);
  const work = await stewardWorkOffThread(steward, user, {
    contact: rows("contact"),
    checklist: rows("checklist"),
    followups: rows("followups"),
    centres: rows("centres"),
  });
  return {
    ...work,
    centres: { ...work.centres, all: all("centres") },
    dueForContact: { ...work.dueForContact, all: all("contact") },
    checklist: { ...work.checklist, all: all("checklist") },
    followUps: { ...work.followUps, all: all("followups") },
    steward,
    viewingOther: steward.id !== user.id,
    // An admin's picker: the steward viewed, or the problem with the name typed.
    stewardPicker: mayViewOthers ? stewardFilterForPage({ chosen: steward, problem: picked.shown.problem }) : null,
    stages: referenceList("stage", { includeInactive: true }),
    // Policy answers this steward wrote that are due for review (issue 15).
    answersDue: articlesDueForReview(work.today, steward.id).map((a) => ({ ...a, reviewState: reviewState(a, work.today) })),
  };
}

/** An admin's choice of whose work to view: a steward picker (type a name or an email). */
function WorkStewardPicker({ steward }: { steward: StewardFilter }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="mb-6 flex flex-wrap items-end gap-2" aria-label={t("work.pickSteward")}>
      <StewardFilterField
        id="steward"
        label={t("work.pickSteward")}
        placeholder={t("stewardPicker.placeholder")}
        steward={steward}
        className="w-full sm:w-80"
        inputClassName="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid]:border-red-500"
      />
      <Button type="submit" variant="secondary">
        {t("work.show")}
      </Button>
    </Form>
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
  const followLink = useInAppNavigation();
  return (
    // Catches clicks on the row links inside (plain anchors); each link keeps its own keyboard behaviour.
    <div onClick={followLink}>
      <PageHeader
        title={data.viewingOther ? t("work.titleOf", { name: data.steward.name }) : t("work.title")}
        subtitle={t("work.intro", { date: formatDate(data.today, lng), days: data.soonWithin })}
      />
      {data.stewardPicker ? <WorkStewardPicker steward={data.stewardPicker} /> : null}
      <div className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4" data-testid="work-counts">
        <Stat label={t("work.counts.dueForContact")} value={data.counts.dueForContact} />
        <Stat
          label={t("work.counts.overdue")}
          value={
            <span className={data.counts.overdue > 0 ? "text-red-700" : undefined}>{formatNumber(data.counts.overdue, lng)}</span>
          }
        />
        <Stat
          label={t("work.counts.dueSoon")}
          value={data.counts.dueSoon}
          hint={t("work.counts.dueSoonHint", { days: data.soonWithin })}
        />
        <Stat
          label={t("work.myCentres")}
          value={data.counts.centres}
          hint={t("work.leadOf", { count: data.leadCount, formattedCount: formatNumber(data.leadCount, lng) })}
        />
      </div>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <DueChecklist list={data.checklist} here={here} csrf={csrf} />
        <DueFollowUps list={data.followUps} here={here} csrf={csrf} />
      </div>
      <div className="mb-6">
        <DueForContact list={data.dueForContact} here={here} />
      </div>
      <AnswersDueForReview articles={data.answersDue} />
      <MyCentres
        list={data.centres}
        stages={data.stages}
        fullList={`/centres?${new URLSearchParams({ steward: data.steward.id, sort: "-days_in_stage" })}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
