import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { BeyondCalendarNote, ChecklistStatusPill, DueBadge } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { addCalendarDays } from "~/domain/working-days";
import { workingCalendar } from "~/models/calendar.server";
import { getCentre } from "~/models/centre.server";
import { listChecklist } from "~/models/checklist.server";
import { listFollowUps } from "~/models/follow-up.server";
import { listInteractions } from "~/models/interaction.server";
import { referenceList } from "~/models/reference.server";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime, todayInBeijing } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { centreName, pageTitle } from "~/utils/page-title";

/** Interactions of the last this-many days go into a handover (at least the latest few). */
const RECENT_DAYS = 180;
const AT_LEAST = 5;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("handover.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
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
    followUps: listFollowUps(centre.id, { today, calendar }).filter((f) => f.status === "open"),
    interactions,
    departments: referenceList("department", { includeInactive: true }),
    stages: referenceList("stage", { includeInactive: true }),
  };
}

/** Printing leaves out the app's header, footer, messages and the page's own buttons. */
const PRINT_CSS = `@media print {
  body { background: #fff !important; }
  body header, body footer, [role="status"], .handover-no-print { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  .handover-section { break-inside: avoid-page; }
  .handover-table tr { break-inside: avoid; }
  a { color: inherit !important; text-decoration: none !important; }
}`;

function Section({ title, count, children }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section className="handover-section mt-6 print:mt-4">
      <h2 className="mb-2 border-b border-slate-300 pb-1 text-lg font-semibold text-slate-900">
        {title}
        {count !== undefined ? <span className="ml-2 text-sm font-normal text-slate-600">({count})</span> : null}
      </h2>
      {children}
    </section>
  );
}

const th = "border-b border-slate-300 px-2 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const td = "border-b border-slate-100 px-2 py-1.5 align-top";

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

      <Section title={t("handover.openItems")} count={items.length}>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("handover.noOpenItems")}</p>
        ) : (
          <>
            <ul className="space-y-2 text-sm sm:hidden print:hidden">
              {items.map((item) => (
                <li key={item.id} className="border-b border-slate-100 pb-2">
                  <span className="font-medium">{lng === "en" ? item.titleEn : item.titleZh}</span>{" "}
                  <ChecklistStatusPill status={item.status} />
                  <span className="block text-slate-600">
                    {[
                      labelByCode(departments, item.departmentCode, lng),
                      item.dueOn ? t("followUps.dueOn", { date: formatDate(item.dueOn, lng) }) : t("followUps.noDueDate"),
                      item.ownerName ?? t("checklist.noOwner"),
                    ].join(" · ")}{" "}
                    <DueBadge flag={item.dueFlag} />
                  </span>
                  {item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
                  {item.notes ? (
                    <span className="mt-0.5 block whitespace-pre-line text-xs text-slate-600">{item.notes}</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <div className="hidden overflow-x-auto sm:block print:block">
              <table className="handover-table w-full text-sm">
                <thead>
                  <tr>
                    <th scope="col" className={th}>
                      {t("handover.item")}
                    </th>
                    <th scope="col" className={th}>
                      {t("checklist.fields.status")}
                    </th>
                    <th scope="col" className={th}>
                      {t("checklist.fields.departmentCode")}
                    </th>
                    <th scope="col" className={th}>
                      {t("checklist.fields.dueOn")}
                    </th>
                    <th scope="col" className={th}>
                      {t("checklist.fields.ownerId")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id}>
                      <td className={td}>
                        <span className="font-medium">{lng === "en" ? item.titleEn : item.titleZh}</span>
                        {item.notes ? (
                          <span className="mt-0.5 block whitespace-pre-line text-xs text-slate-600">{item.notes}</span>
                        ) : null}
                      </td>
                      <td className={td}>
                        <ChecklistStatusPill status={item.status} />
                      </td>
                      <td className={td}>{labelByCode(departments, item.departmentCode, lng)}</td>
                      <td className={`${td} whitespace-nowrap`}>
                        {item.dueOn ? formatDate(item.dueOn, lng) : "—"} <DueBadge flag={item.dueFlag} />
                        {item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
                      </td>
                      <td className={td}>{item.ownerName ?? t("checklist.noOwner")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>

      <Section title={t("handover.openFollowUps")} count={followUps.length}>
        {followUps.length === 0 ? (
          <p className="text-sm text-slate-600">{t("followUps.noneOpen")}</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {followUps.map((f) => (
              <li key={f.id} className="border-b border-slate-100 pb-2">
                <span className="font-medium">{f.description}</span>
                <span className="block text-slate-600">
                  {[
                    f.dueOn ? t("followUps.dueOn", { date: formatDate(f.dueOn, lng) }) : t("followUps.noDueDate"),
                    f.ownerName ?? t("checklist.noOwner"),
                    f.visibleToEnterprise ? t("checklist.visible") : t("checklist.internal"),
                  ].join(" · ")}{" "}
                  <DueBadge flag={f.dueFlag} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("handover.recentInteractions")} count={interactions.length}>
        {interactions.length === 0 ? (
          <p className="text-sm text-slate-600">{t("handover.noInteractions")}</p>
        ) : (
          <ol className="space-y-3 text-sm">
            {interactions.map((i) => (
              <li key={i.id} className="border-b border-slate-100 pb-2">
                <p className="font-medium">
                  {t(`interactions.kinds.${i.kind}`)} · {formatDateTime(i.occurredAt, lng)}
                  {i.actorName ? <span className="font-normal text-slate-600"> · {i.actorName}</span> : null}
                </p>
                <p className="whitespace-pre-line text-slate-800">{i.summary}</p>
                {i.contacts.length + i.staff.length > 0 ? (
                  <p className="text-xs text-slate-600">
                    {t("handover.participants", { names: [...i.contacts, ...i.staff].join(lng === "en" ? ", " : "、") })}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title={t("handover.contacts")} count={centre.contacts.length}>
        {centre.contacts.length === 0 ? (
          <p className="text-sm text-slate-600">{t("handover.noContacts")}</p>
        ) : (
          <>
            <ul className="space-y-2 text-sm sm:hidden print:hidden">
              {centre.contacts.map((c) => (
                <li key={c.id} className="border-b border-slate-100 pb-2">
                  <span className="font-medium">{c.name}</span>
                  {c.role ? ` · ${c.role}` : ""}
                  <span className="block break-all text-slate-600">
                    {[c.email, c.phone, t(`locales.${c.language}`)].filter(Boolean).join(" · ")}
                  </span>
                </li>
              ))}
            </ul>
            <div className="hidden overflow-x-auto sm:block print:block">
              <table className="handover-table w-full text-sm">
                <thead>
                  <tr>
                    <th scope="col" className={th}>
                      {t("handover.contactName")}
                    </th>
                    <th scope="col" className={th}>
                      {t("handover.contactRole")}
                    </th>
                    <th scope="col" className={th}>
                      {t("handover.contactEmail")}
                    </th>
                    <th scope="col" className={th}>
                      {t("handover.contactPhone")}
                    </th>
                    <th scope="col" className={th}>
                      {t("handover.contactLanguage")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {centre.contacts.map((c) => (
                    <tr key={c.id}>
                      <td className={`${td} font-medium`}>{c.name}</td>
                      <td className={td}>{c.role || "—"}</td>
                      <td className={`${td} break-all`}>{c.email || "—"}</td>
                      <td className={`${td} whitespace-nowrap`}>{c.phone || "—"}</td>
                      <td className={td}>{t(`locales.${c.language}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
