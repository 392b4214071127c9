import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AnswerFigures as Figures } from "~/models/answer-figures.server";
import type { ReferenceOption } from "~/models/reference.server";
import { formatDate } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import { Stat } from "../ui/page-header";

/** The policy library's figures on the dashboard: answers from the library, most used, self-service, review. */
export function AnswerFigures({
  figures: f,
  categories,
  lang,
}: {
  figures: Figures;
  categories: ReferenceOption[];
  lang: string;
}) {
  const { t } = useTranslation();
  const pct = (n: number | null) => (n === null ? "—" : `${n}%`);
  const title = (a: { titleZh: string; titleEn: string }) => (lang === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn);
  return (
    <section aria-labelledby="answer-figures" className="mt-8 space-y-4" data-testid="answer-figures">
      <h2 id="answer-figures" className="text-lg font-semibold text-slate-900">
        {t("answers.figures.title")}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
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
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("answers.figures.byCategory")}</h3>
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
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("answers.figures.mostUsed")}</h3>
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
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("answers.figures.overdueList")}</h3>
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
        </div>
      </div>
    </section>
  );
}
