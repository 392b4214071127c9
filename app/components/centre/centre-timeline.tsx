import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useInAppNavigation } from "~/components/in-app-links";
import { Pager } from "~/components/pager";
import { TIMELINE_KINDS } from "~/domain/centre-timeline";
import { Card } from "~/components/ui/page-header";
import { formatDate } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import type { CentrePageData } from "./types";

export function EventDescription({ event, lists }: { event: CentrePageData["events"][number]; lists: CentrePageData["lists"] }) {
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

/** Everything that happened to the centre, newest first, filtered by kind through `?show=`. */
export function Timeline({ timeline, lists }: Pick<CentrePageData, "timeline" | "lists">) {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  // The entries' request links are plain anchors followed in the app by one handler (a <Link> each resolved its path while rendering).
  const followLink = useInAppNavigation();
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
      date: a.date,
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
      date: r.date,
      sortAt: r.sortAt,
      who: null,
      body: (
        <a href={`/requests/${r.id}`} className="text-brand-700 hover:underline">
          {r.receiptNo} · {r.title} ({t(`requests.status.${r.status}`)})
        </a>
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
        timeline.page === 0 && <p className="text-sm text-slate-600">{t("centres.noEvents")}</p>
      ) : (
        // Catches clicks on the request links inside; each link keeps its own keyboard behaviour.
        <ol className="relative space-y-4 border-l border-slate-200 pl-5" onClick={followLink}>
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
                <span className="font-normal text-slate-600">{formatDate(i.date, i18n.language)}</span>
              </p>
              <p className="text-sm text-slate-700">{i.body}</p>
              <p className="text-xs text-slate-500">
                {i.who ? t("centres.by", { name: i.who }) : null} {i.extra ? `· ${i.extra}` : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager param="page" page={timeline.page} hasOlder={timeline.hasOlder} anchor="timeline" empty={items.length === 0} />
    </Card>
  );
}

/** Audit rows name record columns (nameZh); the form and labels use CSV names (name_zh). */
export function fieldKey(field: string) {
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
