import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pager } from "~/components/pager";
import { Card } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { formatDate, formatDateTime, formatNumber } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { EventDescription, fieldKey } from "./centre-timeline";
import type { CentrePageData } from "./types";

const PILL = "rounded-full border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
const PILL_PRIMARY = "rounded-full bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700";

function Badge({ tone, children }: { tone: "green" | "slate" | "amber" | "brand"; children: React.ReactNode }) {
  const tones = {
    green: "bg-emerald-100 text-emerald-900",
    slate: "bg-slate-100 text-slate-700",
    amber: "bg-amber-100 text-amber-900",
    brand: "bg-brand-100 text-brand-900",
  };
  return (
    <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>
  );
}

/** The header's second line: the other name, recognition, level and stage. */
export function CentreBadges({
  centre,
  status,
  daysInStage,
  lists,
}: Pick<CentrePageData, "centre" | "status" | "daysInStage" | "lists">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span>{lng === "en" ? centre.nameZh : centre.nameEn}</span>
      {status?.recognised ? (
        <Badge tone="green">{t("centres.recognisedBadge")}</Badge>
      ) : status?.withdrawn ? (
        <Badge tone="amber">{t("centres.withdrawnBadge")}</Badge>
      ) : (
        <Badge tone="slate">{t("centres.notRecognisedBadge")}</Badge>
      )}
      <Badge tone="brand">{t(`levels.${centre.level}`)}</Badge>
      <Badge tone="slate">
        {labelByCode(lists.stages, centre.stage, lng)} · {t("centres.daysInStage", { count: daysInStage })}
      </Badge>
    </span>
  );
}

/** Links to the centre's work: interactions, checklist, follow-ups, requests, invitations, handover. */
export function CentreWorkLinks({
  centre,
  checklist,
  canWork,
  canLogRequest,
  canInvite,
}: Pick<CentrePageData, "centre" | "checklist" | "canWork" | "canLogRequest" | "canInvite">) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("centres.workLinks")} className="-mt-2 mb-6 flex flex-wrap gap-2 text-sm">
      {canWork ? (
        <Link
          to={`/centres/${centre.id}/interactions/new?redirectTo=${encodeURIComponent(`/centres/${centre.id}`)}`}
          className={PILL_PRIMARY}
        >
          {t("centres.links.logInteraction")}
        </Link>
      ) : null}
      <Link to={`/centres/${centre.id}/checklist`} className={PILL}>
        {t("centres.links.checklist")} · {checklist.done}/{checklist.applicable}
        {checklist.overdue > 0 ? (
          <span className="ml-1 text-red-700">({t("centres.overdueCount", { count: checklist.overdue })})</span>
        ) : null}
      </Link>
      <Link to={`/centres/${centre.id}/follow-ups`} className={PILL}>
        {t("centres.links.followUps")}
      </Link>
      {canLogRequest ? (
        <Link to={`/requests/new?centre=${centre.id}`} className={PILL}>
          {t("centres.links.logRequest")}
        </Link>
      ) : null}
      {canInvite ? (
        <Link to={`/centres/${centre.id}/invite`} className={PILL}>
          {t("invite.manageLink")}
        </Link>
      ) : null}
      <Link to={`/centres/${centre.id}/handover`} className={PILL}>
        {t("centres.links.handover")}
      </Link>
    </nav>
  );
}

/** The centre's record: names, USCC, place, fields, size, stewards and notes. */
export function CentreOverview({ centre, lists }: Pick<CentrePageData, "centre" | "lists">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const overview: [string, React.ReactNode][] = [
    [t("centres.fields.name_zh"), centre.nameZh],
    [t("centres.fields.name_en"), centre.nameEn],
    [
      t("centres.fields.uscc"),
      <span key="u" className="font-mono">
        {centre.uscc}
      </span>,
    ],
    [t("centres.fields.parent_company"), centre.parentCompany],
    [t("centres.fields.country"), labelByCode(lists.countries, centre.countryCode, lng)],
    [t("centres.fields.type"), t(`centreTypes.${centre.type}`)],
    [t("centres.fields.district"), labelByCode(lists.districts, centre.districtCode, lng)],
    [t("centres.fields.park"), centre.parkCode ? labelByCode(lists.parks, centre.parkCode, lng) : "—"],
    [t("centres.fields.address"), centre.address || "—"],
    [
      t("centres.fields.industries"),
      centre.industries.map((c) => labelByCode(lists.industries, c, lng)).join(lng === "en" ? ", " : "、") || "—",
    ],
    [t("centres.fields.rd_headcount"), centre.rdHeadcount != null ? formatNumber(centre.rdHeadcount, lng) : "—"],
    [
      t("centres.fields.rd_spend_cny"),
      centre.rdSpendCny != null
        ? formatNumber(centre.rdSpendCny, lng, { style: "currency", currency: "CNY", maximumFractionDigits: 0 })
        : "—",
    ],
    [
      t("centres.fields.website"),
      centre.website ? (
        <a key="w" href={centre.website} rel="noreferrer noopener" className="text-brand-700 underline">
          {centre.website}
        </a>
      ) : (
        "—"
      ),
    ],
    [t("centres.fields.lead_steward_email"), centre.leadStewardName ?? t("centres.noSteward")],
    [t("centres.fields.district_steward_email"), centre.districtStewardName ?? t("centres.noSteward")],
  ];
  return (
    <Card title={t("centres.overview")}>
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        {overview.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-0.5 break-words text-sm text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {centre.notes ? (
        <p className="mt-4 whitespace-pre-line rounded-md bg-slate-50 p-3 text-sm text-slate-700">{centre.notes}</p>
      ) : null}
    </Card>
  );
}

export function CentreContacts({ contacts }: { contacts: CentrePageData["centre"]["contacts"] }) {
  const { t } = useTranslation();
  return (
    <Card title={t("centres.fields.contacts")}>
      {contacts.length === 0 ? (
        <p className="text-sm text-slate-600">{t("centres.contact.none")}</p>
      ) : (
        <Table
          stack
          head={[
            t("centres.contact.name"),
            t("centres.contact.role"),
            t("centres.contact.email"),
            t("centres.contact.phone"),
            t("centres.contact.language"),
          ]}
        >
          {contacts.map((c) => (
            <tr key={c.id}>
              <Td className="font-medium">{c.name}</Td>
              <Td>{c.role}</Td>
              <Td>
                {c.email ? (
                  <a href={`mailto:${c.email}`} className="text-brand-700 underline">
                    {c.email}
                  </a>
                ) : null}
              </Td>
              <Td>{c.phone}</Td>
              <Td>{t(`locales.${c.language}`)}</Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

/** Recognitions, level changes and withdrawals, with their documents. */
export function RecognitionHistory({ events, lists }: Pick<CentrePageData, "events" | "lists">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const recognitionEvents = events.filter((e) => e.kind !== "stage_changed");
  return (
    <Card title={t("centres.recognitionHistory")}>
      {recognitionEvents.length === 0 ? (
        <p className="text-sm text-slate-600">{t("centres.noEvents")}</p>
      ) : (
        <Table
          stack
          head={[
            t("centres.eventForms.effective_on"),
            t("centres.event"),
            t("centres.eventForms.document_ref"),
            t("centres.eventForms.note"),
          ]}
        >
          {recognitionEvents.map((e) => (
            <tr key={e.id} data-testid="recognition-event">
              <Td className="whitespace-nowrap">{formatDate(e.effectiveOn, lng)}</Td>
              <Td>
                <span className="font-medium">{t(`centres.events.${e.kind}`)}</span>: <EventDescription event={e} lists={lists} />
              </Td>
              <Td>{e.documentRef}</Td>
              <Td className="text-slate-600">{e.kind === "withdrawn" ? null : e.note}</Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

/** The onboarding stages the centre went through. */
export function StageHistory({ events, lists }: Pick<CentrePageData, "events" | "lists">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const stageEvents = events.filter((e) => e.kind === "stage_changed");
  return (
    <Card title={t("centres.history")}>
      <Table
        stack
        head={[t("centres.eventForms.effective_on"), t("centres.fields.stage"), t("centres.eventForms.note"), t("common.name")]}
      >
        {stageEvents.map((e) => (
          <tr key={e.id}>
            <Td className="whitespace-nowrap">{formatDate(e.effectiveOn, lng)}</Td>
            <Td>
              <EventDescription event={e} lists={lists} />
            </Td>
            <Td className="text-slate-600">{e.note}</Td>
            <Td>{e.actorName ?? "—"}</Td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

/** Who changed which field of the record, from what to what. */
export function AuditTrail({ audit }: Pick<CentrePageData, "audit">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card title={t("centres.auditTrail")} id="audit-trail">
      {audit.rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("centres.noEvents")}</p>
      ) : (
        <ol className="space-y-3 text-sm">
          {audit.rows.map((a) => (
            <li key={a.id} className="border-b border-slate-100 pb-2 last:border-0">
              <p className="font-medium">{t(`centres.events.${a.action}`, { defaultValue: a.action })}</p>
              <p className="text-xs text-slate-500">
                {formatDateTime(a.at, lng)} · {a.actorName ?? "—"}
              </p>
              <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                {a.changes.slice(0, 8).map((c, i) => (
                  <li key={i}>
                    <span className="font-medium">{t(`centres.fields.${fieldKey(c.field)}`, { defaultValue: c.field })}</span>:{" "}
                    <del className="text-slate-400">{formatValue(c.before)}</del> →{" "}
                    <ins className="no-underline">{formatValue(c.after)}</ins>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <Pager param="auditPage" page={audit.page} hasOlder={audit.hasOlder} anchor="audit-trail" />
    </Card>
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (Array.isArray(value)) return value.join("; ");
  return String(value);
}
