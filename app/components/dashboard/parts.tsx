import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Bilingual } from "~/domain/centre-figures";
import type { Ratio } from "~/domain/service-figures";
import type { DashboardScreenView } from "~/models/dashboard/view.server";
import { viewQuery, type ExportTableName } from "~/schemas/dashboard-params";
import { formatNumber } from "~/utils/format";

/** The building blocks of the dashboard's sections: panels, tables, number links and export links. */

/** "screen": /dashboard, with drill-down and export links; "print": /dashboard/print. */
export type Mode = "screen" | "print";
/** Layout classes: the screen's follow the viewport; the print view's suit an A4 page (from `sm` up) and stack on a phone. */
export const layout = (mode: Mode, screen: string, print: string) => (mode === "print" ? print : screen);
export type Lang = "zh-CN" | "en";

/** What every section of the report is given: the print view's whole view, or the page's cut of it. */
export type SectionProps = { view: DashboardScreenView; mode: Mode; lang: Lang };

/**
 * A number that leads to what is behind it. A page of figures has a hundred and more of these:
 * each is a plain anchor (marked for Remix's route discovery, as a <Link> would be), and the
 * report follows their clicks in the app with one handler (`useReportNavigation`), which costs
 * far less to render on the server than a <Link> each (issue 14).
 */
export function NumberLink({
  to,
  children,
  label,
  testId,
}: {
  to: string | null;
  children: React.ReactNode;
  label?: string;
  testId?: string;
}) {
  if (!to) return <span data-testid={testId}>{children}</span>;
  return (
    <a className="dash-link" aria-label={label} data-testid={testId} data-discover="true" href={to}>
      {children}
    </a>
  );
}

export function ExportLinks({
  view,
  table,
  title,
  mode,
}: {
  view: DashboardScreenView;
  table: ExportTableName;
  title: string;
  mode: Mode;
}) {
  const { t } = useTranslation();
  if (mode === "print") return null;
  const query = viewQuery(view, { table });
  const label = t("dash.export.label", { table: title });
  const cls = "dash-export";
  return (
    <span className="flex shrink-0 gap-1 print:hidden">
      <a href={`/dashboard/export.csv${query}`} download className={cls} aria-label={`${label} CSV`} data-testid={`csv-${table}`}>
        {t("dash.export.csv")}
      </a>
      <a
        href={`/dashboard/export.xlsx${query}`}
        download
        className={cls}
        aria-label={`${label} XLSX`}
        data-testid={`xlsx-${table}`}
      >
        {t("dash.export.xlsx")}
      </a>
    </span>
  );
}

export function Panel({
  title,
  actions,
  children,
  className = "",
  testId,
  level = 3,
}: {
  title: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  level?: 2 | 3;
}) {
  const id = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      aria-labelledby={id}
      className={`min-w-0 break-inside-avoid rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 print:shadow-none ${className}`}
      data-testid={testId}
      id={testId}
    >
      <div className="mb-3 flex items-start justify-between gap-3">
        <Heading
          id={id}
          className={level === 2 ? "text-lg font-semibold text-slate-900" : "text-base font-semibold text-slate-800"}
        >
          {title}
        </Heading>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * A chart over time with its legend and, beside it (below it on a narrower screen and in print),
 * the table of its figures; on screen the table scrolls within its own height.
 */
export function ChartBesideTable({
  mode,
  title,
  chart,
  legend,
  children,
}: {
  mode: Mode;
  title: string;
  chart: React.ReactNode;
  legend: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div
      className={layout(
        mode,
        "grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] print:grid-cols-1",
        "grid grid-cols-1 gap-4",
      )}
    >
      <div className="min-w-0">
        <div className="overflow-x-auto print:overflow-visible" tabIndex={0} role="group" aria-label={title}>
          {chart}
        </div>
        {legend}
      </div>
      <div className={mode === "screen" ? "max-h-96 min-w-0 overflow-y-auto" : "min-w-0"}>{children}</div>
    </div>
  );
}

export const th = "px-2 py-1.5 text-left text-xs font-semibold text-slate-600";
export const thNum = "px-2 py-1.5 text-right text-xs font-semibold text-slate-600";
/** Cell classes (app/tailwind.css): `px-2 py-1.5 align-top`, numbers also right-aligned in tabular figures. */
export const td = "dash-td";
export const tdNum = "dash-num";

export function SmallTable({
  caption,
  head,
  children,
  numeric = [],
}: {
  caption: string;
  head: string[];
  children: React.ReactNode;
  numeric?: number[];
}) {
  return (
    <div className="overflow-x-auto">
      {/* Names keep a readable width on a phone; the numbers scroll sideways instead. */}
      <table className="w-full text-sm [&_td:first-child]:min-w-[7rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={numeric.includes(i) ? thNum : th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const pick = (label: Bilingual, lang: Lang) => label[lang];

export function rateText(r: Ratio, lng: string, t: TFunction) {
  return r.rate === null ? t("dash.service.noValue") : formatNumber(r.rate, lng, { style: "percent", maximumFractionDigits: 1 });
}

/* ------------------------------------------------------------------ sections */

export function SectionHeading({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <h2 id={id} className="mb-3 mt-8 text-lg font-semibold text-slate-900 print:mt-6">
      {children}
    </h2>
  );
}

/** Follows a click on one of the report's number links inside the app (app/components/in-app-links.tsx). */
export { useInAppNavigation as useReportNavigation } from "../in-app-links";
