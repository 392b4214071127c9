import { useTranslation } from "react-i18next";
import { ColumnChart } from "~/components/charts/column-chart";
import { Legend } from "~/components/charts/cumulative-chart";
import { UPGRADE_MOVES } from "~/domain/figure-dimensions";
import { upgradesHref } from "~/schemas/dashboard-params";
import { formatNumber } from "~/utils/format";
import { ChartBesideTable, ExportLinks, NumberLink, Panel, pick, SmallTable, td, tdNum, type SectionProps } from "./parts";

const MOVE_COLORS = ["#5a9ea8", "#b45309", "#10323a"];

/** Level upgrades per period, by move. */
export function Upgrades({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const { figures } = view;
  const lng = lang;
  const interval = t(`dash.intervalNames.${figures.interval}`);
  const title = t("dash.sections.upgrades", { interval });
  const periods = [...figures.upgrades.periods].reverse();
  const visible = mode === "screen" ? periods.filter((p, i) => p.count > 0 || i < 8) : periods.filter((p) => p.count > 0);
  return (
    <Panel
      level={2}
      className="mt-6"
      title={title}
      actions={<ExportLinks view={view} table="upgrades" title={title} mode={mode} />}
      testId="panel-upgrades"
    >
      <p className="mb-3 text-sm text-slate-600">{t("dash.sections.upgradesIntro", { count: figures.upgrades.total })}</p>
      <ChartBesideTable
        mode={mode}
        title={title}
        chart={
          <ColumnChart
            title={t("dash.chart.label", { title })}
            columns={figures.upgrades.periods.map((p) => ({
              key: p.key,
              label: pick(p.label, lang),
              values: UPGRADE_MOVES.map((m) => p.byMove[m]),
            }))}
            colors={MOVE_COLORS}
            locale={lng}
          />
        }
        legend={<Legend items={UPGRADE_MOVES.map((m, i) => ({ label: t(`dash.moves.${m}`), color: MOVE_COLORS[i]! }))} />}
      >
        <SmallTable
          caption={title}
          head={[t("dash.table.period"), t("dash.table.upgrades"), ...UPGRADE_MOVES.map((m) => t(`dash.moves.${m}`))]}
          numeric={[1, 2, 3, 4]}
        >
          {visible.map((p) => (
            <tr key={p.key}>
              <td className={`${td} whitespace-nowrap`}>{pick(p.label, lang)}</td>
              <td className={tdNum}>
                <NumberLink
                  to={mode === "screen" && p.count > 0 ? upgradesHref(view, p.start, p.end) : null}
                  label={`${pick(p.label, lang)}: ${p.count}`}
                >
                  {formatNumber(p.count, lng)}
                </NumberLink>
              </td>
              {UPGRADE_MOVES.map((m) => (
                <td key={m} className={tdNum}>
                  <NumberLink to={mode === "screen" && p.byMove[m] > 0 ? upgradesHref(view, p.start, p.end, m) : null}>
                    {formatNumber(p.byMove[m], lng)}
                  </NumberLink>
                </td>
              ))}
            </tr>
          ))}
          <tr className="border-t border-slate-300 font-medium">
            <th scope="row" className={`${td} text-left`}>
              {t("dash.chart.total")}
            </th>
            <td className={tdNum}>
              <NumberLink
                to={
                  mode === "screen" && figures.upgrades.total > 0
                    ? upgradesHref(view, figures.upgrades.periods[0]?.start ?? figures.asOf, figures.asOf)
                    : null
                }
                testId="upgrades-total"
              >
                {formatNumber(figures.upgrades.total, lng)}
              </NumberLink>
            </td>
            {UPGRADE_MOVES.map((m) => (
              <td key={m} className={tdNum}>
                {formatNumber(figures.upgrades.byMove[m], lng)}
              </td>
            ))}
          </tr>
        </SmallTable>
      </ChartBesideTable>
    </Panel>
  );
}
