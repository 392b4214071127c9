import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CentreEventForms } from "~/components/centre-event-forms";
import { Pager } from "~/components/pager";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { isTimelineKind, pageParam, TIMELINE_KINDS } from "~/domain/centre-timeline";
import { recognisedOn } from "~/domain/counting";
import { can, canEditCentre, canInviteToCentre, canWorkOnCentre } from "~/domain/permissions";
import { calendarDaysBetween } from "~/domain/working-days";
import { getCentre } from "~/models/centre.server";
import { listCentreEvents, recordCentreEvent } from "~/models/centre-events.server";
import { referenceList } from "~/models/reference.server";
import { centreAuditPage, centreTimelinePage } from "~/models/centre-timeline.server";
import { checklistProgress } from "~/models/checklist.server";
import { LevelChangeSchema, RecognitionSchema, StageChangeSchema, WithdrawalSchema } from "~/schemas/centre";
import { fieldErrorsOf } from "~/schemas/forms";
import { forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatDate, formatDateTime, formatNumber, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { flash } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
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
    lists: {
      countries: referenceList("country", { includeInactive: true }),
      districts: referenceList("district", { includeInactive: true }),
      parks: referenceList("park", { includeInactive: true }),
      industries: referenceList("industry", { includeInactive: true }),
      stages: referenceList("stage", { includeInactive: true }),
    },
  };
}

const EVENT_SCHEMAS = {
  stage: StageChangeSchema,
  recognised: RecognitionSchema,
  level: LevelChangeSchema,
  withdrawn: WithdrawalSchema,
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
  if (!canEditCentre(user, centre)) forbidden();
  const values = Object.fromEntries(await readForm(request));
  const intent = String(values.intent ?? "");
  if (!Object.hasOwn(EVENT_SCHEMAS, intent))
    return data({ intent, fieldErrors: { _form: "validation.invalidChoice" } }, { status: 400 });
  const parsed = EVENT_SCHEMAS[intent as keyof typeof EVENT_SCHEMAS].safeParse(values);
  if (!parsed.success) return data({ intent, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  const input = parsed.data;
  const result = recordCentreEvent(
    user,
    centre.id,
    input.intent === "stage"
      ? { kind: "stage_changed", stage: input.stage, effectiveOn: input.effective_on, note: input.note }
      : input.intent === "recognised"
        ? {
            kind: "recognised",
            batch: input.batch,
            level: input.level,
            effectiveOn: input.effective_on,
            documentRef: input.document_ref,
            note: input.note,
          }
        : input.intent === "level"
          ? {
              kind: "level_changed",
              level: input.level,
              effectiveOn: input.effective_on,
              documentRef: input.document_ref,
              note: input.note,
            }
          : { kind: "withdrawn", effectiveOn: input.effective_on, documentRef: input.document_ref, note: input.note },
  );
  if (!result.ok) return data({ intent, fieldErrors: result.fieldErrors }, { status: result.status });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const name = locale === "en" ? centre.nameEn : centre.nameZh;
  const message =
    input.intent === "stage"
      ? t("centres.eventSaved.stage", {
          name,
          stage: labelByCode(referenceList("stage", { includeInactive: true }), input.stage, locale),
        })
      : input.intent === "recognised"
        ? t("centres.eventSaved.recognised", { name, batch: input.batch })
        : input.intent === "level"
          ? t("centres.eventSaved.level", { name, level: t(`levels.${input.level}`) })
          : t("centres.eventSaved.withdrawn", { name });
  return redirect(`/centres/${centre.id}`, { headers: { "Set-Cookie": await flash(request, { kind: "success", message }) } });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

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

function EventDescription({ event, lists }: { event: LoaderData["events"][number]; lists: LoaderData["lists"] }) {
  const { t, i18n } = useTranslation();
  const stage = (code: string | null) => labelByCode(lists.stages, code, i18n.language);
  const level = (code: string | null) => (code ? t(`levels.${code}`) : "—");
  switch (event.kind) {
    case "stage_changed":
      return (
        <>{t("centres.eventLine.stage", { from: event.fromStage ? stage(event.fromStage) : "—", to: stage(event.toStage) })}</>
      );
    case "recognised":
      return <>{t("centres.eventLine.recognised", { batch: event.batch, level: level(event.toLevel) })}</>;
    case "level_changed":
      // "from" is derived by the counting rules; none means no level was given yet (before any recognition).
      return event.fromLevel ? (
        <>{t("centres.eventLine.level", { from: level(event.fromLevel), to: level(event.toLevel) })}</>
      ) : (
        <>{t("centres.eventLine.levelBeforeRecognition", { to: level(event.toLevel) })}</>
      );
    default:
      return <>{event.note}</>;
  }
}

function Timeline({ timeline, lists }: Pick<LoaderData, "timeline" | "lists">) {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const show = timeline.show;
  const items = [
    ...timeline.events.map((e) => ({
      key: `e-${e.id}`,
      kind: e.kind as string,
      date: e.effectiveOn,
      sortAt: e.sortAt,
      who: e.actorName,
      body: <EventDescription event={e} lists={lists} />,
      extra: e.documentRef,
    })),
    ...timeline.audit.map((a) => ({
      key: `a-${a.id}`,
      kind: a.action,
      date: new Date(a.at).toISOString(),
      sortAt: a.sortAt,
      who: a.actorName,
      body: <>{a.changes.map((c) => t(`centres.fields.${fieldKey(c.field)}`, { defaultValue: c.field })).join(", ")}</>,
      extra: "",
    })),
    ...timeline.extras.map((x) => ({
      key: x.key,
      kind: x.kind as string,
      date: x.date,
      sortAt: x.sortAt,
      who: x.who,
      body: (
        <>
          <span className="font-medium">{x.title}</span>
          {x.body ? ` — ${x.body}` : ""}
        </>
      ),
      extra: "",
    })),
    ...timeline.requests.map((r) => ({
      key: `r-${r.id}`,
      kind: "request",
      date: new Date(r.createdAt).toISOString(),
      sortAt: r.sortAt,
      who: null,
      body: (
        <Link to={`/requests/${r.id}`} className="text-brand-700 hover:underline">
          {r.receiptNo} · {r.title} ({t(`requests.status.${r.status}`)})
        </Link>
      ),
      extra: "",
    })),
  ].sort((a, b) => b.sortAt.localeCompare(a.sortAt));
  return (
    <Card title={t("centres.timeline")} id="timeline">
      <nav aria-label={t("centres.timelineFilter")} className="mb-4 flex flex-wrap gap-2 text-sm">
        {[null, ...TIMELINE_KINDS].map((kind) => {
          const params = new URLSearchParams(searchParams);
          if (kind) params.set("show", kind);
          else params.delete("show");
          params.delete("page");
          const active = (show ?? null) === kind;
          return (
            <Link
              key={kind ?? "all"}
              to={`?${params.toString()}`}
              preventScrollReset
              aria-current={active ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
            >
              {kind ? t(`centres.events.${kind}`) : t("centres.all")}
            </Link>
          );
        })}
      </nav>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("centres.noEvents")}</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5">
          {items.map((i) => (
            <li
              key={i.key}
              id={i.key}
              data-kind={i.kind}
              className="scroll-mt-4 rounded-md target:bg-amber-50 target:ring-2 target:ring-amber-300"
            >
              <span aria-hidden className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-brand-500" />
              <p className="text-sm font-medium text-slate-900">
                {t(`centres.events.${i.kind}`)} ·{" "}
                <span className="font-normal text-slate-600">{formatDate(i.date.slice(0, 10), i18n.language)}</span>
              </p>
              <p className="text-sm text-slate-700">{i.body}</p>
              <p className="text-xs text-slate-500">
                {i.who ? t("centres.by", { name: i.who }) : null} {i.extra ? `· ${i.extra}` : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager param="page" page={timeline.page} hasOlder={timeline.hasOlder} anchor="timeline" />
    </Card>
  );
}

/** Audit rows name record columns (nameZh); the form and labels use CSV names (name_zh). */
function fieldKey(field: string) {
  const map: Record<string, string> = {
    nameZh: "name_zh",
    nameEn: "name_en",
    parentCompany: "parent_company",
    countryCode: "country",
    districtCode: "district",
    parkCode: "park",
    rdHeadcount: "rd_headcount",
    rdSpendCny: "rd_spend_cny",
    leadStewardId: "lead_steward_email",
    districtStewardId: "district_steward_email",
  };
  return map[field] ?? field;
}

export default function CentrePage() {
  const { t, i18n } = useTranslation();
  const { centre, daysInStage, status, events, audit, timeline, checklist, canEdit, canWork, canInvite, canLogRequest, lists } =
    useLoaderData<typeof loader>();
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
  const stageEvents = events.filter((e) => e.kind === "stage_changed");
  const recognitionEvents = events.filter((e) => e.kind !== "stage_changed");

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/centres" className="text-brand-700 hover:underline">
          ← {t("centres.backToList")}
        </Link>
      </p>
      <PageHeader
        title={lng === "en" ? centre.nameEn : centre.nameZh}
        subtitle={
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
        }
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
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
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
          <Card title={t("centres.fields.contacts")}>
            {centre.contacts.length === 0 ? (
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
                {centre.contacts.map((c) => (
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
                      <span className="font-medium">{t(`centres.events.${e.kind}`)}</span>:{" "}
                      <EventDescription event={e} lists={lists} />
                    </Td>
                    <Td>{e.documentRef}</Td>
                    <Td className="text-slate-600">{e.kind === "withdrawn" ? null : e.note}</Td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title={t("centres.history")}>
            <Table
              stack
              head={[
                t("centres.eventForms.effective_on"),
                t("centres.fields.stage"),
                t("centres.eventForms.note"),
                t("common.name"),
              ]}
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
          <Timeline timeline={timeline} lists={lists} />
        </div>
        <div className="min-w-0 space-y-6">
          {canEdit ? <CentreEventForms stages={lists.stages} currentStage={centre.stage} currentLevel={centre.level} /> : null}
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
                          <span className="font-medium">
                            {t(`centres.fields.${fieldKey(c.field)}`, { defaultValue: c.field })}
                          </span>
                          : <del className="text-slate-400">{formatValue(c.before)}</del> →{" "}
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
        </div>
      </div>
    </>
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (Array.isArray(value)) return value.join("; ");
  return String(value);
}
