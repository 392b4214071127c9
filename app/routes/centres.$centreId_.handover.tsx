import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { addCalendarDays } from "~/domain/working-days";
import { workingCalendar } from "~/models/calendar.server";
import { listChecklist } from "~/models/checklist.server";
import { listFollowUps } from "~/models/follow-up.server";
import { listInteractions } from "~/models/interaction.server";
import { referenceList } from "~/models/reference.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { centreName, pageTitle } from "~/utils/page-title";
import {
  ContactsSection,
  OpenFollowUpsSection,
  OpenItemsSection,
  PRINT_CSS,
  RecentInteractionsSection,
} from "~/components/handover/handover-sections";
import { requireCentrePage } from "./__centre-page.server";

/** Interactions of the last this-many days go into a handover (at least the latest few). */
const RECENT_DAYS = 180;
const AT_LEAST = 5;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("handover.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  const today = todayInBeijing();
  const calendar = workingCalendar();
  const since = new Date(`${addCalendarDays(today, -RECENT_DAYS)}T00:00:00+08:00`);
  const recent = listInteractions(centre.id, { limit: 50 });
  const interactions = recent.filter((i, index) => index < AT_LEAST || new Date(i.occurredAt) >= since);
  return {
    centre: {
      id: centre.id,
      nameZh: centre.nameZh,
      nameEn: centre.nameEn,
      stage: centre.stage,
      level: centre.level,
      type: centre.type,
      leadStewardName: centre.leadStewardName,
      districtStewardName: centre.districtStewardName,
      contacts: centre.contacts,
    },
    preparedBy: user.name,
    today,
    items: listChecklist(centre.id, { today, calendar }).filter((i) => i.status !== "done" && i.status !== "not_applicable"),
    followUps: listFollowUps(centre.id, { today, calendar, closedLimit: 0 }),
    interactions,
    departments: referenceList("department", { includeInactive: true }),
    stages: referenceList("stage", { includeInactive: true }),
  };
}

export default function Handover() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const hydrated = useHydrated();
  const { centre, preparedBy, today, items, followUps, interactions, departments, stages } = useLoaderData<typeof loader>();
  const name = lng === "en" ? centre.nameEn : centre.nameZh;
  const otherName = lng === "en" ? centre.nameZh : centre.nameEn;
  const facts: [string, string][] = [
    [t("handover.stage"), labelByCode(stages, centre.stage, lng)],
    [t("handover.level"), t(`levels.${centre.level}`)],
    [t("handover.type"), t(`centreTypes.${centre.type}`)],
    [t("handover.leadSteward"), centre.leadStewardName ?? "—"],
    [t("handover.districtSteward"), centre.districtStewardName ?? "—"],
    [t("handover.prepared"), t("handover.preparedBy", { date: formatDate(today, lng), name: preparedBy })],
  ];
  return (
    <article className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white p-5 shadow-sm print:max-w-none print:border-0 print:p-0 print:shadow-none sm:p-8">
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <div className="handover-no-print mb-4 flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link to={`/centres/${centre.id}`} className="text-brand-700 hover:underline">
          ← {name}
        </Link>
        {hydrated ? (
          <Button type="button" variant="secondary" onClick={() => window.print()}>
            {t("handover.print")}
          </Button>
        ) : (
          <span className="text-slate-500">{t("handover.printHint")}</span>
        )}
      </div>
      <p className="text-sm font-medium uppercase tracking-wide text-brand-700">{t("handover.title")}</p>
      <h1 className="mt-1 text-2xl font-semibold text-slate-900">{name}</h1>
      <p className="text-slate-600">{otherName}</p>
      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 print:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>

      <OpenItemsSection items={items} departments={departments} />

      <OpenFollowUpsSection followUps={followUps} />

      <RecentInteractionsSection interactions={interactions} />

      <ContactsSection contacts={centre.contacts} />
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
