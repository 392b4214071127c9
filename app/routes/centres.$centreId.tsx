import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  AuditTrail,
  CentreBadges,
  CentreContacts,
  CentreOverview,
  CentreWorkLinks,
  RecognitionHistory,
  StageHistory,
} from "~/components/centre/centre-sections";
import { Timeline } from "~/components/centre/centre-timeline";
import type { CentrePage } from "~/components/centre/types";
import { CentreEventForms } from "~/components/centre-event-forms";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { isTimelineKind, pageParam } from "~/domain/centre-timeline";
import { recognisedOn } from "~/domain/counting";
import { can, canEditCentre, canInviteToCentre, canWorkOnCentre } from "~/domain/permissions";
import { calendarDaysBetween } from "~/domain/working-days";
import { listCentreEvents, recordCentreEvent, type CentreEventInput } from "~/models/centre-events.server";
import { referenceList, referenceLists, type ReferenceOption } from "~/models/reference.server";
import { centreAuditPage, centreTimelinePage } from "~/models/centre-timeline.server";
import { checklistProgress } from "~/models/checklist.server";
import { LevelChangeSchema, RecognitionSchema, StageEventSchema, WithdrawalSchema } from "~/schemas/centre";
import type { FieldErrors } from "~/schemas/forms";
import { forbidden, formRefusal } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { requireCentrePage } from "./__centre-page.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [centreName(data?.centre, lng), t("nav.centres")]);

/**
 * The reference entries the page labels: the centre's own country, district, park and
 * industries, and every stage (its history and the stage form name any). The whole lists
 * (every country, park …) were sent and serialised on every view (issue 14).
 */
function labelLists(centre: { countryCode: string; districtCode: string; parkCode: string | null; industries: string[] }) {
  const lists = referenceLists(["country", "district", "park", "industry", "stage"]);
  const only = (options: ReferenceOption[], codes: (string | null)[]) => options.filter((o) => codes.includes(o.code));
  return {
    countries: only(lists.country, [centre.countryCode]),
    districts: only(lists.district, [centre.districtCode]),
    parks: only(lists.park, [centre.parkCode]),
    industries: only(lists.industry, centre.industries),
    stages: lists.stage,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  const today = todayInBeijing();
  const events = listCentreEvents(centre.id);
  const searchParams = new URL(request.url).searchParams;
  const show = searchParams.get("show");
  const [status] = recognisedOn(
    events.map((e) => ({ ...e, centreId: centre.id, level: e.toLevel, recordedAt: e.recordedAt.toISOString() })),
    today,
  );
  return {
    centre,
    today,
    daysInStage: calendarDaysBetween(centre.stageSince, today),
    status: status ?? null,
    events,
    // Both lists one page at a time: `page` (timeline) and `auditPage`, 0 = the newest.
    timeline: centreTimelinePage(centre.id, {
      events,
      page: pageParam(searchParams.get("page")),
      show: isTimelineKind(show) ? show : null,
      locale: await getLocale(request, user),
    }),
    audit: centreAuditPage(centre.id, pageParam(searchParams.get("auditPage"))),
    checklist: checklistProgress(centre.id, today),
    canEdit: canEditCentre(user, centre),
    canWork: canWorkOnCentre(user, centre),
    canInvite: canInviteToCentre(user, centre),
    canLogRequest: can(user.role, "handle:request:assigned") && canEditCentre(user, centre),
    lists: labelLists(centre),
  } satisfies CentrePage;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  if (!canEditCentre(user, centre)) forbidden();
  const values = formValues(await readForm(request));
  const named = String(values.intent ?? "");
  const fail = (fieldErrors: FieldErrors, status = 400) => data({ intent: named, fieldErrors }, { status });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const name = locale === "en" ? centre.nameEn : centre.nameZh;
  const record = (event: CentreEventInput, message: () => string) => {
    const result = recordCentreEvent(user, centre.id, event);
    if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
    return redirectWithToast(request, `/centres/${centre.id}`, message());
  };

  return runIntent(
    values,
    {
      stage: intent(StageEventSchema, (event) =>
        record(event, () =>
          t("centres.eventSaved.stage", {
            name,
            stage: labelByCode(referenceList("stage", { includeInactive: true }), event.stage, locale),
          }),
        ),
      ),
      recognised: intent(RecognitionSchema, (event) =>
        record(event, () => t("centres.eventSaved.recognised", { name, batch: event.batch })),
      ),
      level: intent(LevelChangeSchema, (event) =>
        record(event, () => t("centres.eventSaved.level", { name, level: t(`levels.${event.level}`) })),
      ),
      withdrawn: intent(WithdrawalSchema, (event) => record(event, () => t("centres.eventSaved.withdrawn", { name }))),
    },
    (_intent, fieldErrors) => fail(fieldErrors),
  );
}

export default function CentrePage() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { centre, events, audit, timeline, lists, canEdit } = data;
  const lng = i18n.language;
  return (
    <>
      <BackLink to="/centres">{t("centres.backToList")}</BackLink>
      <PageHeader
        title={lng === "en" ? centre.nameEn : centre.nameZh}
        subtitle={<CentreBadges centre={centre} status={data.status} daysInStage={data.daysInStage} lists={lists} />}
        actions={
          canEdit ? (
            <Link
              to={`/centres/${centre.id}/edit`}
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {t("centres.edit")}
            </Link>
          ) : null
        }
      />
      <CentreWorkLinks
        centre={centre}
        checklist={data.checklist}
        canWork={data.canWork}
        canLogRequest={data.canLogRequest}
        canInvite={data.canInvite}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <CentreOverview centre={centre} lists={lists} />
          <CentreContacts contacts={centre.contacts} />
          <RecognitionHistory events={events} lists={lists} />
          <StageHistory events={events} lists={lists} />
          <Timeline timeline={timeline} lists={lists} />
        </div>
        <div className="min-w-0 space-y-6">
          {canEdit ? <CentreEventForms stages={lists.stages} currentStage={centre.stage} currentLevel={centre.level} /> : null}
          <AuditTrail audit={audit} />
        </div>
      </div>
    </>
  );
}
