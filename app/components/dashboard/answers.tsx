import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { Stat } from "../ui/page-header";
import { ExportLinks, layout, Panel, SectionHeading, type SectionProps } from "./parts";

/**
 * The policy library's figures on the dashboard (issue 15) for its period: answers from the
 * library, most used, self-service, review. On screen, in print and in the exports.
 */
export function AnswerFigures({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const { figures: f, categories } = view.answers;
  const pct = (n: number | null) => (n === null ? "—" : `${n}%`);
  const title = (a: { titleZh: string; titleEn: string }) => (lang === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn);
  return (
    <section aria-labelledby="answer-figures" className="space-y-4 break-inside-avoid" data-testid="answer-figures">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SectionHeading id="answer-figures">{t("answers.figures.title")}</SectionHeading>
        <ExportLinks view={view} table="answers_summary" title={t("answers.figures.title")} mode={mode} />
      </div>
      <div className={layout(mode, "grid gap-4 sm:grid-cols-2 lg:grid-cols-4", "grid grid-cols-2 gap-4 sm:grid-cols-4")}>
        <Stat
          label={t("answers.figures.share")}
          value={pct(f.share)}
          hint={t("answers.figures.shareHint", { withArticle: f.answeredWithArticle, answered: f.answered })}
        />
        <Stat
          label={t("answers.figures.opened")}
          value={f.suggestions.opened}
          hint={t("answers.figures.openedHint", { sessions: f.suggestions.sessions })}
        />
        <Stat
          label={t("answers.figures.selfService")}
          value={pct(f.suggestions.selfServiceShare)}
          hint={t("answers.figures.selfServiceHint", { count: f.suggestions.withoutRequest })}
        />
        <Stat label={t("answers.figures.overdue")} value={f.overdue.count} hint={t("answers.figures.overdueHint")} />
      </div>
      <div className={layout(mode, "grid gap-4 lg:grid-cols-3", "space-y-4")}>
        <Panel
          title={t("answers.figures.byCategory")}
          actions={<ExportLinks view={view} table="answers_by_category" title={t("answers.figures.byCategory")} mode={mode} />}
        >
          {f.byCategory.length === 0 ? (
            <p className="text-sm text-slate-600">{t("answers.figures.noneAnswered")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {f.byCategory.map((c) => (
                <li key={c.categoryCode} className="flex justify-between gap-3">
                  <span>{labelByCode(categories, c.categoryCode, lang)}</span>
                  <span className="tabular-nums text-slate-700">
                    {pct(c.share)}{" "}
                    <span className="text-xs text-slate-500">
                      ({c.withArticle}/{c.answered})
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel
          title={t("answers.figures.mostUsed")}
          actions={<ExportLinks view={view} table="answers_most_used" title={t("answers.figures.mostUsed")} mode={mode} />}
        >
          {f.mostUsed.length === 0 ? (
            <p className="text-sm text-slate-600">{t("answers.figures.noneUsed")}</p>
          ) : (
            <ol className="list-decimal space-y-1 pl-5 text-sm">
              {f.mostUsed.map((a) => (
                <li key={a.id}>
                  <Link to={`/answers/${a.id}`} className="text-brand-700 hover:underline">
                    {title(a)}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{t("answers.figures.requestsN", { count: a.requests })}</span>
                </li>
              ))}
            </ol>
          )}
        </Panel>
        <Panel title={t("answers.figures.overdueList")}>
          {f.overdue.articles.length === 0 ? (
            <p className="text-sm text-slate-600">{t("answers.figures.noneOverdue")}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {f.overdue.articles.map((a) => (
                <li key={a.id}>
                  <Link to={`/answers/${a.id}`} className="text-brand-700 hover:underline">
                    {title(a)}
                  </Link>{" "}
                  <span className="text-xs text-red-700">{formatDate(a.reviewBy, lang)}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </section>
  );
}
