import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import { centreDrillHref } from "~/schemas/dashboard-params";
import { formatNumber } from "~/utils/format";
import { ExportLinks, layout, NumberLink, Panel, pick, SmallTable, td, tdNum, type SectionProps } from "./parts";

/** Centres by onboarding stage, with the weights and the projection to the target built on them. */
export function Pipeline({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const { figures } = view;
  const lng = lang;
  const p = figures.projection;
  const table = figures.tables.stage;
  const title = t("dash.sections.pipeline");
  const weightOf = new Map(p.pipeline.map((s) => [s.stage, s]));
  const n = (v: number) => formatNumber(v, lng, { maximumFractionDigits: 1 });
  return (
    <Panel
      level={2}
      className="mt-6"
      title={title}
      actions={<ExportLinks view={view} table="stage" title={title} mode={mode} />}
      testId="panel-stage"
    >
      <p className="mb-3 text-sm text-slate-600">{t("dash.sections.pipelineIntro")}</p>
      <div className={layout(mode, "grid gap-4 lg:grid-cols-2 print:grid-cols-1", "grid grid-cols-1 gap-4")}>
        {/* The chart shows the stages on the way to recognition (those with a weight); the table every stage. */}
        <BarChart
          title={t("dash.chart.label", { title })}
          data={table.groups
            .filter((g) => weightOf.has(g.key))
            .map((g) => ({ key: g.key, label: pick(g.label, lang), value: g.count }))}
          format={(v) => formatNumber(v, lng)}
        />
        <SmallTable
          caption={title}
          head={[t("dash.table.stage"), t("dash.table.centres"), t("dash.table.weight"), t("dash.table.expected")]}
          numeric={[1, 2, 3]}
        >
          {table.groups.map((g) => {
            const w = weightOf.get(g.key);
            return (
              <tr key={g.key} data-testid={`row-stage-${g.key}`}>
                <td className={td}>{pick(g.label, lang)}</td>
                <td className={tdNum}>
                  <NumberLink
                    to={mode === "screen" ? centreDrillHref(view, "stage", g.key) : null}
                    label={`${pick(g.label, lang)}: ${g.count}`}
                  >
                    {formatNumber(g.count, lng)}
                  </NumberLink>
                </td>
                <td className={tdNum}>
                  {w ? formatNumber(w.weight, lng, { style: "percent", maximumFractionDigits: 0 }) : "—"}
                  {w ? (
                    <span className="block text-xs font-normal text-slate-500">
                      {w.source === "measured"
                        ? t("dash.projection.weightMeasured", { n: w.sample })
                        : t("dash.projection.weightConfigured")}
                    </span>
                  ) : null}
                </td>
                <td className={tdNum}>{w ? n(w.expected) : "—"}</td>
              </tr>
            );
          })}
        </SmallTable>
      </div>
      <div className="mt-4 border-t border-slate-200 pt-4">
        <dl
          className={layout(
            mode,
            "grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 print:grid-cols-2",
            "grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2",
          )}
          data-testid="projection"
        >
          {[
            [t("dash.projection.recognised"), formatNumber(p.recognised, lng)],
            [t("dash.projection.pipelineExpected"), n(p.pipelineExpected)],
            [t("dash.projection.newcomers"), n(p.newcomerAdditions)],
            [
              t("dash.projection.pace"),
              t("dash.projection.pacePerMonth", { n: n(p.pacePerMonth), net: formatNumber(p.netOverWindow, lng) }),
            ],
            [t("dash.projection.paceAdditions"), n(p.paceAdditions)],
            [
              t("dash.projection.projected"),
              `${n(p.projected)} (${t("dash.projection.range")} ${n(p.projectedLow)} – ${n(p.projectedHigh)})`,
            ],
            [p.projectedGap >= 0 ? t("dash.projection.gap") : t("dash.projection.gapSurplus"), n(Math.abs(p.projectedGap))],
            [t("dash.projection.needed"), p.neededPerMonth === null ? "—" : n(p.neededPerMonth)],
          ].map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 border-b border-slate-100 py-1">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-medium tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-slate-600">{t("dash.projection.method")}</p>
      </div>
    </Panel>
  );
}
