import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BREAKDOWNS, breakdownOf, DIMENSION_TITLE, viewQuery } from "~/schemas/dashboard-params";
import { AnswerFigures } from "./answers";
import { GroupPanel } from "./group-panel";
import { Headline } from "./headline";
import { OverTime } from "./over-time";
import { SectionHeading, useReportNavigation, type SectionProps } from "./parts";
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
      <Breakdown view={view} mode={mode} lang={lang} />
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

/**
 * Recognised centres by group. The print view shows every grouping; the screen shows one at a
 * time, chosen by links to the same page (`?breakdown=district#dash-breakdown`, a page load
 * without JavaScript, in the app with it): eight charts and tables were a third of the page's
 * HTML and rendering on every view (issue 14). Each grouping keeps its export links; "Download
 * all" and the print view have them all.
 */
function Breakdown({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const shown = breakdownOf(search.get("breakdown"));
  return (
    <section aria-labelledby="dash-breakdown">
      <SectionHeading id="dash-breakdown">{t("dash.sections.breakdown")}</SectionHeading>
      <p className="mb-3 text-sm text-slate-600">{t("dash.currentValuesNote")}</p>
      {mode === "print" ? (
        <div className="space-y-4">
          {BREAKDOWNS.map((d) => (
            <GroupPanel key={d} view={view} dimension={d} mode={mode} lang={lang} />
          ))}
        </div>
      ) : (
        <>
          <nav aria-label={t("dash.breakdownNav")} className="mb-3 print:hidden">
            <ul className="flex flex-wrap gap-2">
              {BREAKDOWNS.map((d) => (
                <li key={d}>
                  <a
                    href={`/dashboard${viewQuery(view, { breakdown: d === BREAKDOWNS[0] ? null : d })}#dash-breakdown`}
                    aria-current={d === shown ? "true" : undefined}
                    className={d === shown ? "dash-tab dash-tab-current" : "dash-tab"}
                    data-testid={`breakdown-${d}`}
                  >
                    {t(DIMENSION_TITLE[d])}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <GroupPanel view={view} dimension={shown} mode={mode} lang={lang} />
        </>
      )}
    </section>
  );
}
