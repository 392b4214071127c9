import { useTranslation } from "react-i18next";
import { CumulativeChart, Legend } from "~/components/charts/cumulative-chart";
import { LEVELS } from "~/domain/levels";
import { centreDrillHref } from "~/schemas/dashboard-params";
import { formatDate, formatNumber } from "~/utils/format";
import { ChartBesideTable, ExportLinks, NumberLink, Panel, SmallTable, td, tdNum, type SectionProps } from "./parts";

const LEVEL_COLORS: Record<(typeof LEVELS)[number], string> = {
  regional: "#5a9ea8",
  greater_regional: "#21636d",
  global: "#10323a",
};

/** Recognised centres at the end of each period, by level, against the target and the projection. */
export function OverTime({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const { figures } = view;
  const lng = lang;
  const title = t("dash.sections.overTime");
  const p = figures.projection;
  const [showAll, rows] = (() => {
    // Monthly tables get long: on screen show the last 24 periods (the export has them all).
    const all = [...figures.series].reverse();
    return mode === "screen" && all.length > 24 ? [false, all.slice(0, 24)] : [true, all];
  })();
  return (
    <Panel
      level={2}
      className="mt-6"
      title={title}
      actions={<ExportLinks view={view} table="series" title={title} mode={mode} />}
      testId="panel-series"
    >
      <p className="mb-3 text-sm text-slate-600">
        {t("dash.sections.overTimeIntro", { interval: t(`dash.intervalNames.${figures.interval}`) })}
      </p>
      <ChartBesideTable
        mode={mode}
        title={title}
        chart={
          <CumulativeChart
            title={t("dash.chart.label", { title })}
            points={figures.series.map((s) => ({ date: s.end, count: s.count, layers: LEVELS.map((l) => s.byLevel[l]) }))}
            layers={LEVELS.map((l) => ({ key: l, label: t(`levels.${l}`), color: LEVEL_COLORS[l] }))}
            target={figures.target}
            projection={p.daysRemaining > 0 ? { from: figures.asOf, fromValue: figures.total, value: p.projected } : null}
            locale={lng}
            labels={{ target: t("dash.chart.target", { count: figures.target.count }), projection: t("dash.chart.projection") }}
          />
        }
        legend={
          <Legend
            items={[
              ...LEVELS.map((l) => ({ label: t(`levels.${l}`), color: LEVEL_COLORS[l] })),
              { label: t("dash.chart.target", { count: figures.target.count }), color: "#b45309", dashed: true },
              { label: t("dash.chart.projection"), color: "#475569", dashed: true },
            ]}
          />
        }
      >
        <SmallTable
          caption={title}
          head={[t("dash.table.endOfPeriod"), t("dash.table.recognised"), ...LEVELS.map((l) => t(`levels.${l}`))]}
          numeric={[1, 2, 3, 4]}
        >
          {rows.map((s) => (
            <tr key={s.key}>
              <td className={`${td} whitespace-nowrap`}>{formatDate(s.end, lng)}</td>
              <td className={tdNum}>
                <NumberLink
                  to={mode === "screen" ? centreDrillHref(view, "all", undefined, s.end) : null}
                  label={`${formatDate(s.end, lng)}: ${formatNumber(s.count, lng)}`}
                >
                  {formatNumber(s.count, lng)}
                </NumberLink>
              </td>
              {LEVELS.map((l) => (
                <td key={l} className={tdNum}>
                  {formatNumber(s.byLevel[l], lng)}
                </td>
              ))}
            </tr>
          ))}
        </SmallTable>
        {showAll ? null : <p className="mt-1 text-xs text-slate-500">…</p>}
      </ChartBesideTable>
    </Panel>
  );
}
