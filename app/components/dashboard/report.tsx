import { useTranslation } from "react-i18next";
import { AnswerFigures } from "./answers";
import { GroupPanel } from "./group-panel";
import { Headline } from "./headline";
import { OverTime } from "./over-time";
import { layout, SectionHeading, useReportNavigation, type SectionProps } from "./parts";
import { Pipeline } from "./pipeline";
import { Service } from "./service";
import { Upgrades } from "./upgrades";

/**
 * The whole dashboard as sections, shared by /dashboard (mode "screen": drill-down links and
 * export links) and /dashboard/print (mode "print"). Every chart has its figures in a table
 * beside it; every number links to the centres or requests behind it.
 */

/** The counting rules in words, as the figures apply them. */
export function CountingRules() {
  const { t } = useTranslation();
  return (
    <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-700" data-testid="counting-rules">
      {["recognised", "level", "batch", "industry", "dates"].map((k) => (
        <li key={k}>{t(`dash.rules.${k}`)}</li>
      ))}
      <li>{t("dash.currentValuesNote")}</li>
      {["response", "resolution", "satisfaction", "median"].map((k) => (
        <li key={k}>{t(`dash.rules.${k}`)}</li>
      ))}
    </ul>
  );
}

export function DashboardReport({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const followLink = useReportNavigation();
  return (
    <div className="dashboard-report" onClick={followLink}>
      <Headline view={view} mode={mode} lang={lang} />
      <OverTime view={view} mode={mode} lang={lang} />
      <section aria-labelledby="dash-breakdown">
        <SectionHeading id="dash-breakdown">{t("dash.sections.breakdown")}</SectionHeading>
        <p className="mb-3 text-sm text-slate-600">{t("dash.currentValuesNote")}</p>
        <div className={layout(mode, "grid gap-4 xl:grid-cols-2 print:block print:space-y-4", "space-y-4")}>
          {(["level", "type", "batch", "year", "district", "park", "industry", "country"] as const).map((d) => (
            <GroupPanel key={d} view={view} dimension={d} mode={mode} lang={lang} />
          ))}
        </div>
      </section>
      <Upgrades view={view} mode={mode} lang={lang} />
      <Pipeline view={view} mode={mode} lang={lang} />
      <section aria-labelledby="dash-service">
        <SectionHeading id="dash-service">{t("dash.sections.service")}</SectionHeading>
        <Service view={view} mode={mode} lang={lang} />
      </section>
      <AnswerFigures view={view} mode={mode} lang={lang} />
      <section aria-labelledby="dash-rules" className="break-inside-avoid">
        <SectionHeading id="dash-rules">{t("dash.sections.rules")}</SectionHeading>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:shadow-none">
          <CountingRules />
          <p className="mt-3 text-xs text-slate-600">{t("dash.projection.method")}</p>
        </div>
      </section>
    </div>
  );
}
