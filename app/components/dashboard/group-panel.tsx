import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import type { GroupTable } from "~/domain/centre-figures";
import { type Dimension } from "~/domain/figure-dimensions";
import { centreDrillHref, DIMENSION_TITLE } from "~/schemas/dashboard-params";
import { formatNumber } from "~/utils/format";
import { ExportLinks, layout, NumberLink, Panel, pick, SmallTable, td, tdNum, type SectionProps } from "./parts";

/** Recognised centres by one dimension: a bar chart and its table. */
export function GroupPanel({ view, dimension, mode, lang }: SectionProps & { dimension: Dimension }) {
  const { t } = useTranslation();
  // The page's view carries only the grouping it shows (dashboardScreenView); the print view every one.
  const table: GroupTable | undefined = view.figures.tables[dimension];
  if (!table) throw new Error(`The dashboard's view has no table by ${dimension}`);
  const title = t(DIMENSION_TITLE[dimension]);
  const lng = lang;
  // Long lists (countries, parks) show their non-empty groups; short ones every known group.
  const rows = table.groups.length > 12 ? table.groups.filter((g) => g.count > 0) : table.groups;
  return (
    <Panel
      title={title}
      actions={<ExportLinks view={view} table={dimension} title={title} mode={mode} />}
      testId={`panel-${dimension}`}
    >
      <div
        className={layout(
          mode,
          "grid gap-4 lg:grid-cols-2 lg:items-start print:grid-cols-2",
          "grid grid-cols-1 gap-4 sm:grid-cols-2",
        )}
      >
        <BarChart
          title={t("dash.chart.label", { title })}
          data={rows.map((g) => ({ key: g.key, label: pick(g.label, lang), value: g.count }))}
          format={(n) => formatNumber(n, lng)}
        />
        <SmallTable
          caption={title}
          head={[t("dash.table.group"), t("dash.table.centres"), t("dash.table.share")]}
          numeric={[1, 2]}
        >
          {rows.map((g) => (
            <tr key={g.key} data-testid={`row-${dimension}-${g.key}`}>
              <td className={td}>{pick(g.label, lang)}</td>
              <td className={tdNum}>
                <NumberLink
                  to={mode === "screen" ? centreDrillHref(view, dimension, g.key) : null}
                  label={`${pick(g.label, lang)}: ${formatNumber(g.count, lng)}`}
                >
                  {formatNumber(g.count, lng)}
                </NumberLink>
              </td>
              <td className={tdNum}>
                {table.total
                  ? formatNumber(g.count / table.total, lng, {
                      style: "percent",
                      minimumFractionDigits: 1,
                      maximumFractionDigits: 1,
                    })
                  : "—"}
              </td>
            </tr>
          ))}
          <tr className="border-t border-slate-300 font-medium">
            <th scope="row" className={`${td} text-left`}>
              {t("dash.table.total")}
            </th>
            <td className={tdNum}>{formatNumber(table.total, lng)}</td>
            <td className={tdNum} />
          </tr>
        </SmallTable>
      </div>
      {table.overlapping ? (
        <p className="mt-2 text-xs text-amber-800" data-testid={`overlap-${dimension}`}>
          {t("dash.overlapNote", { total: formatNumber(table.total, lng) })}
        </p>
      ) : null}
    </Panel>
  );
}
