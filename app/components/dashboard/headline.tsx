import { useTranslation } from "react-i18next";
import { centreDrillHref } from "~/schemas/dashboard-params";
import { formatDate, formatNumber } from "~/utils/format";
import { layout, NumberLink, type SectionProps } from "./parts";

/** The four headline cards: recognised now, progress to the target, to go, projection. */
export function Headline({ view, mode, lang }: SectionProps) {
  const { t } = useTranslation();
  const { figures } = view;
  const p = figures.projection;
  const lng = lang;
  const share = figures.target.count ? Math.min(1, figures.total / figures.target.count) : 0;
  const percent = formatNumber(figures.target.count ? figures.total / figures.target.count : 0, lng, {
    style: "percent",
    maximumFractionDigits: 1,
  });
  const targetDate = formatDate(figures.target.date, lng);
  const card = "rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:shadow-none";
  return (
    <div
      className={layout(
        mode,
        "grid gap-4 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-4",
        "grid grid-cols-1 gap-3 sm:grid-cols-4",
      )}
    >
      <div className={card}>
        <p className="text-sm text-slate-600">{t("dash.headline.recognised")}</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums text-brand-900">
          <NumberLink
            to={mode === "screen" ? centreDrillHref(view, "all") : null}
            testId="recognised-total"
            label={`${t("dash.headline.recognised")}: ${formatNumber(figures.total, lng)}`}
          >
            {formatNumber(figures.total, lng)}
          </NumberLink>
        </p>
        <p className="mt-1 text-xs text-slate-600">
          {t("dash.headline.target", { count: figures.target.count, date: targetDate })}
        </p>
        {figures.withdrawn > 0 ? (
          <p className="mt-1 text-xs text-slate-600">
            {t("dash.headline.withdrawn")}:{" "}
            <NumberLink
              to={mode === "screen" ? centreDrillHref(view, "withdrawn") : null}
              testId="withdrawn-total"
              label={`${t("dash.headline.withdrawn")}: ${figures.withdrawn}`}
            >
              {formatNumber(figures.withdrawn, lng)}
            </NumberLink>
          </p>
        ) : null}
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">{t("dash.headline.progress")}</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums text-brand-900" data-testid="progress-percent">
          {percent}
        </p>
        <div
          role="progressbar"
          aria-label={t("dash.headline.progress")}
          aria-valuemin={0}
          aria-valuemax={figures.target.count}
          aria-valuenow={Math.min(figures.total, figures.target.count)}
          aria-valuetext={t("dash.headline.progressLabel", { count: figures.total, target: figures.target.count })}
          className="mt-2 h-2.5 overflow-hidden rounded-full bg-slate-200 print:border print:border-slate-400"
        >
          <div className="h-full rounded-full bg-brand-600" style={{ width: `${share * 100}%` }} />
        </div>
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">{t("dash.headline.toGo")}</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums text-brand-900" data-testid="gap-now">
          {formatNumber(p.gapNow, lng)}
        </p>
        <p className="mt-1 text-xs text-slate-600">
          {p.gapNow === 0
            ? t("dash.headline.toGoReached")
            : p.neededPerMonth !== null
              ? t("dash.headline.toGoHint", { n: formatNumber(p.neededPerMonth, lng, { maximumFractionDigits: 1 }) })
              : null}
        </p>
      </div>
      <div className={card}>
        <p className="text-sm text-slate-600">{t("dash.headline.projection", { date: targetDate })}</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums text-brand-900" data-testid="projected">
          {formatNumber(Math.round(p.projected), lng)}
        </p>
        <p className="mt-1 text-xs text-slate-600">
          {t("dash.headline.projectionRange", {
            low: formatNumber(Math.round(p.projectedLow), lng),
            high: formatNumber(Math.round(p.projectedHigh), lng),
          })}
          {" · "}
          <span className={p.onTrack ? "font-medium text-emerald-800" : "font-medium text-amber-800"}>
            {p.onTrack ? t("dash.headline.onTrack") : t("dash.headline.shortBy", { count: Math.ceil(p.projectedGap) })}
          </span>
        </p>
      </div>
    </div>
  );
}
