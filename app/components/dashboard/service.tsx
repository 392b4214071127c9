import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import type { Ratio, ServiceRow } from "~/domain/service-figures";
import { type ServiceDimension } from "~/domain/figure-dimensions";
import { requestsHref, SERVICE_TITLE, viewQuery, type ExportTableName } from "~/schemas/dashboard-params";
import { formatDate, formatNumber } from "~/utils/format";
import { ExportLinks, layout, NumberLink, Panel, pick, rateText, SmallTable, td, tdNum, type SectionProps } from "./parts";

/** One service table: by category (with a chart), department or steward. */
function ServiceTable({ view, dimension, mode, lang }: SectionProps & { dimension: ServiceDimension }) {
  const { t } = useTranslation();
  const lng = lang;
  const title = t(`dash.sections.${SERVICE_TITLE[dimension]}`);
  const rows: ServiceRow[] = view.service.by[dimension];
  const table = `requests_by_${dimension}` as ExportTableName;
  return (
    <Panel title={title} actions={<ExportLinks view={view} table={table} title={title} mode={mode} />} testId={`panel-${table}`}>
      {dimension === "category" && rows.some((r) => r.volume > 0) ? (
        <div className="mb-3">
          <BarChart
            title={t("dash.chart.label", { title })}
            data={rows.filter((r) => r.volume > 0).map((r) => ({ key: r.key, label: pick(r.label, lang), value: r.volume }))}
            format={(v) => formatNumber(v, lng)}
            barArea={320}
          />
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("dash.service.none")}</p>
      ) : (
        <SmallTable
          caption={title}
          head={[
            t("dash.table.group"),
            t("dash.table.requests"),
            t("dash.table.responseRate"),
            t("dash.table.resolutionRate"),
            t("dash.table.satisfactionRate"),
            t("dash.table.medianDays"),
            t("dash.table.overdueNow"),
          ]}
          numeric={[1, 2, 3, 4, 5, 6]}
        >
          {rows.map((r) => {
            const href = mode === "screen" && r.volume > 0 ? requestsHref(view, { dimension, key: r.key }) : null;
            return (
              <tr key={r.key} data-testid={`service-${dimension}-${r.key}`}>
                <td className={td}>{pick(r.label, lang)}</td>
                <td className={tdNum}>
                  <NumberLink to={href} label={`${pick(r.label, lang)}: ${r.volume}`}>
                    {formatNumber(r.volume, lng)}
                  </NumberLink>
                </td>
                <td className={tdNum}>{rateText(r.response, lng, t)}</td>
                <td className={tdNum}>{rateText(r.resolution, lng, t)}</td>
                <td className={tdNum}>{rateText(r.satisfaction, lng, t)}</td>
                <td className={tdNum}>
                  {r.medianWorkingDays === null ? "—" : formatNumber(r.medianWorkingDays, lng, { maximumFractionDigits: 1 })}
                  {r.medianBeyondKnownCalendar ? (
                    <span title={t("dash.service.medianBeyondCalendar")} aria-label={t("dash.service.medianBeyondCalendar")}>
                      {" "}
                      *
                    </span>
                  ) : null}
                </td>
                <td className={tdNum}>
                  <NumberLink
                    to={
                      mode === "screen" && r.overdueNow > 0 ? requestsHref(view, { dimension, key: r.key, overdue: true }) : null
                    }
                  >
                    {formatNumber(r.overdueNow, lng)}
                  </NumberLink>
                </td>
              </tr>
            );
          })}
        </SmallTable>
      )}
      {dimension === "department" && rows.length > 0 ? (
        <p className="mt-2 text-xs text-slate-600">{t("dash.departmentOverlapNote")}</p>
      ) : null}
      {dimension === "steward" && mode === "screen" && view.service.stewardsCut ? (
        <p className="mt-2 text-sm text-slate-600">
          {t("dash.service.stewardsShown", {
            shown: rows.length,
            count: view.service.stewardsCut.total,
            top: view.service.stewardsCut.top,
          })}{" "}
          <Link
            to={`${viewQuery(view, { stewards: "all" })}#panel-${table}`}
            preventScrollReset
            className="font-medium text-brand-700 hover:underline"
          >
            {t("dash.service.showAllStewards", { count: view.service.stewardsCut.total })}
          </Link>
        </p>
      ) : null}
    </Panel>
  );
}

/** The service figures of the period: six cards, then the tables by category, department and steward. */
export function Service({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const lng = lang;
  const o = view.service.overall;
  const all = mode === "screen" && o.volume > 0 ? requestsHref(view) : null;
  const stat = (label: string, value: React.ReactNode, hint: string | null, testId: string) => (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:shadow-none">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-brand-900" data-testid={testId}>
        {value}
      </p>
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
    </div>
  );
  const rate = (r: Ratio) =>
    r.rate === null ? t("dash.service.noValue") : <NumberLink to={all}>{rateText(r, lng, t)}</NumberLink>;
  return (
    <>
      <p className="mb-3 text-sm text-slate-600">
        {t("dash.sections.serviceIntro", {
          from: formatDate(view.service.period.from, lng),
          to: formatDate(view.service.period.to, lng),
        })}
      </p>
      <div
        className={layout(
          mode,
          "grid gap-4 sm:grid-cols-3 lg:grid-cols-6 print:grid-cols-3",
          "grid grid-cols-1 gap-3 sm:grid-cols-3",
        )}
      >
        {stat(
          t("dash.service.volume"),
          <NumberLink to={all}>{formatNumber(o.volume, lng)}</NumberLink>,
          o.volume === 0 ? t("dash.service.none") : null,
          "service-volume",
        )}
        {stat(
          t("dash.service.responseRate"),
          rate(o.response),
          t("dash.service.responseHint", { count: o.response.count, of: o.response.of }),
          "service-response",
        )}
        {stat(
          t("dash.service.resolutionRate"),
          rate(o.resolution),
          t("dash.service.resolutionHint", { count: o.resolution.count, of: o.resolution.of }),
          "service-resolution",
        )}
        {stat(
          t("dash.service.satisfactionRate"),
          rate(o.satisfaction),
          t("dash.service.satisfactionHint", { count: o.satisfaction.count, of: o.satisfaction.of }),
          "service-satisfaction",
        )}
        {stat(
          t("dash.service.medianDays"),
          o.medianWorkingDays === null
            ? t("dash.service.noValue")
            : formatNumber(o.medianWorkingDays, lng, { maximumFractionDigits: 1 }),
          o.medianBeyondKnownCalendar
            ? `${t("dash.service.medianHint", { count: o.answered })} ${t("dash.service.medianBeyondCalendar")}`
            : t("dash.service.medianHint", { count: o.answered }),
          "service-median",
        )}
        {stat(
          t("dash.service.overdueNow"),
          <NumberLink to={mode === "screen" && o.overdueNow > 0 ? requestsHref(view, { overdue: true }) : null}>
            {formatNumber(o.overdueNow, lng)}
          </NumberLink>,
          t("dash.service.overdueHint"),
          "service-overdue",
        )}
      </div>
      <div className="mt-4 grid gap-4">
        <ServiceTable view={view} dimension="category" mode={mode} lang={lang} />
        {/* One below the other: side by side, their seven columns do not fit half of a 1280 px screen. */}
        <div className="grid gap-4">
          <ServiceTable view={view} dimension="department" mode={mode} lang={lang} />
          <ServiceTable view={view} dimension="steward" mode={mode} lang={lang} />
        </div>
      </div>
    </>
  );
}
