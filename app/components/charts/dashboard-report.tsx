import { Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { LEVELS } from "~/domain/levels";
import type { GroupTable } from "~/domain/centre-figures";
import type { Ratio, ServiceRow } from "~/domain/service-figures";
import type { DashboardView } from "~/models/dashboard/view.server";
import type { Dimension, ExportTableName, ServiceDimension, UpgradeMove } from "~/schemas/dashboard-params";
import { formatDate, formatNumber } from "~/utils/format";
import { BarChart } from "./bar-chart";
import { ColumnChart } from "./column-chart";
import { CumulativeChart, Legend } from "./cumulative-chart";

/**
 * The whole dashboard as sections, shared by /dashboard (mode "screen": drill-down links and
 * export links) and /dashboard/print (mode "print"). Every chart has its figures in a table
 * beside it; every number links to the centres or requests behind it.
 */

// Values only (this module is shared with the browser: no server imports; keep in step with dashboard.server.ts).
export const UNASSIGNED_KEY = "_none";
export const INTERVALS = ["month", "quarter", "year"] as const;
const UPGRADE_MOVES: UpgradeMove[] = ["regional>greater_regional", "regional>global", "greater_regional>global"];
const REGISTRY_FILTERS: readonly Dimension[] = ["level", "type", "district", "park", "industry", "country", "batch", "stage"];
export const LEVEL_COLORS: Record<(typeof LEVELS)[number], string> = {
  regional: "#5a9ea8",
  greater_regional: "#21636d",
  global: "#10323a",
};
const MOVE_COLORS = ["#5a9ea8", "#b45309", "#10323a"];
const DIMENSION_TITLE: Record<Dimension, string> = {
  level: "dash.sections.byLevel",
  type: "dash.sections.byType",
  district: "dash.sections.byDistrict",
  park: "dash.sections.byPark",
  industry: "dash.sections.byIndustry",
  country: "dash.sections.byCountry",
  batch: "dash.sections.byBatch",
  year: "dash.sections.byYear",
  stage: "dash.sections.pipeline",
};

type Mode = "screen" | "print";
/** Layout classes: the screen's follow the viewport; the print view's suit an A4 page (from `sm` up) and stack on a phone. */
const layout = (mode: Mode, screen: string, print: string) => (mode === "print" ? print : screen);
type Lang = "zh-CN" | "en";

/** Query string of the view's filters (only what differs from the defaults), plus extras. */
export function viewQuery(view: Pick<DashboardView, "params" | "today">, extra: Record<string, string | null | undefined> = {}) {
  const { params, today } = view;
  const q = new URLSearchParams();
  if (params.asOf !== today) q.set("asOf", params.asOf);
  if (params.interval !== "quarter") q.set("interval", params.interval);
  if (params.to !== params.asOf) q.set("to", params.to);
  const defaultFrom = new Date(Date.parse(`${params.to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  if (params.from !== defaultFrom) q.set("from", params.from);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Where a centre number leads: the registry's own filters for today's figures, else the as-of list. */
export function centreDrillHref(
  view: Pick<DashboardView, "params" | "today">,
  by: Dimension | "all" | "withdrawn",
  key?: string,
  asOf = view.params.asOf,
) {
  if (asOf === view.today && key !== UNASSIGNED_KEY) {
    if (by === "all") return "/centres?recognised=yes";
    if (by === "stage" && key) return `/centres?stage=${encodeURIComponent(key)}`;
    if (REGISTRY_FILTERS.includes(by as Dimension) && key) return `/centres?recognised=yes&${by}=${encodeURIComponent(key)}`;
  }
  const q = new URLSearchParams({ asOf, by });
  if (key !== undefined) q.set("key", key);
  return `/dashboard/centres?${q.toString()}`;
}

function upgradesHref(view: DashboardView, from: string, to: string, move?: UpgradeMove) {
  const q = new URLSearchParams({ asOf: view.params.asOf, by: "upgrades", from, to });
  if (move) q.set("move", move);
  return `/dashboard/centres?${q.toString()}`;
}

function requestsHref(view: DashboardView, extra: { dimension?: ServiceDimension; key?: string; overdue?: boolean } = {}) {
  const q = new URLSearchParams({ from: view.params.from, to: view.params.to });
  if (extra.dimension && extra.key) {
    q.set("dimension", extra.dimension);
    q.set("key", extra.key);
  }
  if (extra.overdue) q.set("overdue", "1");
  return `/dashboard/requests?${q.toString()}`;
}

function NumberLink({
  to,
  children,
  label,
  testId,
}: {
  to: string | null;
  children: React.ReactNode;
  label?: string;
  testId?: string;
}) {
  if (!to) return <span data-testid={testId}>{children}</span>;
  return (
    <Link
      to={to}
      className="font-medium text-brand-700 underline decoration-brand-500/40 underline-offset-2 hover:decoration-brand-700"
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </Link>
  );
}

function ExportLinks({ view, table, title, mode }: { view: DashboardView; table: ExportTableName; title: string; mode: Mode }) {
  const { t } = useTranslation();
  if (mode === "print") return null;
  const query = viewQuery(view, { table });
  const cls = "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50";
  return (
    <span className="flex shrink-0 gap-1 print:hidden">
      <a
        href={`/dashboard/export.csv${query}`}
        download
        className={cls}
        aria-label={`${t("dash.export.label", { table: title })} CSV`}
        data-testid={`csv-${table}`}
      >
        {t("dash.export.csv")}
      </a>
      <a
        href={`/dashboard/export.xlsx${query}`}
        download
        className={cls}
        aria-label={`${t("dash.export.label", { table: title })} XLSX`}
        data-testid={`xlsx-${table}`}
      >
        {t("dash.export.xlsx")}
      </a>
    </span>
  );
}

function Panel({
  title,
  actions,
  children,
  className = "",
  testId,
  level = 3,
}: {
  title: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  level?: 2 | 3;
}) {
  const id = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      aria-labelledby={id}
      className={`min-w-0 break-inside-avoid rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 print:shadow-none ${className}`}
      data-testid={testId}
      id={testId}
    >
      <div className="mb-3 flex items-start justify-between gap-3">
        <Heading
          id={id}
          className={level === 2 ? "text-lg font-semibold text-slate-900" : "text-base font-semibold text-slate-800"}
        >
          {title}
        </Heading>
        {actions}
      </div>
      {children}
    </section>
  );
}

const th = "px-2 py-1.5 text-left text-xs font-semibold text-slate-600";
const thNum = "px-2 py-1.5 text-right text-xs font-semibold text-slate-600";
const td = "px-2 py-1.5 align-top";
const tdNum = "px-2 py-1.5 text-right tabular-nums align-top";

function SmallTable({
  caption,
  head,
  children,
  numeric = [],
}: {
  caption: string;
  head: string[];
  children: React.ReactNode;
  numeric?: number[];
}) {
  return (
    <div className="overflow-x-auto">
      {/* Names keep a readable width on a phone; the numbers scroll sideways instead. */}
      <table className="w-full text-sm [&_td:first-child]:min-w-[7rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={numeric.includes(i) ? thNum : th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

const pick = (label: { "zh-CN": string; en: string }, lang: Lang) => label[lang];

function rateText(r: Ratio, lng: string, t: TFunction) {
  return r.rate === null ? t("dash.service.noValue") : formatNumber(r.rate, lng, { style: "percent", maximumFractionDigits: 1 });
}

/* ------------------------------------------------------------------ sections */

function GroupPanel({ view, dimension, mode, lang }: { view: DashboardView; dimension: Dimension; mode: Mode; lang: Lang }) {
  const { t } = useTranslation();
  const table: GroupTable = view.figures.tables[dimension];
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
      <div className={layout(mode, "grid gap-4 print:grid-cols-2", "grid grid-cols-1 gap-4 sm:grid-cols-2")}>
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

function Headline({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
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

function OverTime({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
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
      <div
        className={layout(
          mode,
          "grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] print:grid-cols-1",
          "grid grid-cols-1 gap-4",
        )}
      >
        <div className="min-w-0">
          <div className="overflow-x-auto print:overflow-visible" tabIndex={0} role="group" aria-label={title}>
            <CumulativeChart
              title={t("dash.chart.label", { title })}
              points={figures.series.map((s) => ({ date: s.end, count: s.count, layers: LEVELS.map((l) => s.byLevel[l]) }))}
              layers={LEVELS.map((l) => ({ key: l, label: t(`levels.${l}`), color: LEVEL_COLORS[l] }))}
              target={figures.target}
              projection={p.daysRemaining > 0 ? { from: figures.asOf, fromValue: figures.total, value: p.projected } : null}
              locale={lng}
              labels={{ target: t("dash.chart.target", { count: figures.target.count }), projection: t("dash.chart.projection") }}
            />
          </div>
          <Legend
            items={[
              ...LEVELS.map((l) => ({ label: t(`levels.${l}`), color: LEVEL_COLORS[l] })),
              { label: t("dash.chart.target", { count: figures.target.count }), color: "#b45309", dashed: true },
              { label: t("dash.chart.projection"), color: "#475569", dashed: true },
            ]}
          />
        </div>
        <div className={mode === "screen" ? "max-h-96 min-w-0 overflow-y-auto" : "min-w-0"}>
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
        </div>
      </div>
    </Panel>
  );
}

function Upgrades({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
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
      <div
        className={layout(
          mode,
          "grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] print:grid-cols-1",
          "grid grid-cols-1 gap-4",
        )}
      >
        <div className="min-w-0">
          <div className="overflow-x-auto print:overflow-visible" tabIndex={0} role="group" aria-label={title}>
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
          </div>
          <Legend items={UPGRADE_MOVES.map((m, i) => ({ label: t(`dash.moves.${m}`), color: MOVE_COLORS[i]! }))} />
        </div>
        <div className={mode === "screen" ? "max-h-96 min-w-0 overflow-y-auto" : "min-w-0"}>
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
        </div>
      </div>
    </Panel>
  );
}

function Pipeline({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
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

function ServiceTable({
  view,
  dimension,
  mode,
  lang,
}: {
  view: DashboardView;
  dimension: ServiceDimension;
  mode: Mode;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const lng = lang;
  const titleKey = { category: "serviceByCategory", department: "serviceByDepartment", steward: "serviceBySteward" }[dimension];
  const title = t(`dash.sections.${titleKey}`);
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

function Service({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
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

function SectionHeading({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <h2 id={id} className="mb-3 mt-8 text-lg font-semibold text-slate-900 print:mt-6">
      {children}
    </h2>
  );
}

export function DashboardReport({ view, mode, lang }: { view: DashboardView; mode: Mode; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <div className="dashboard-report">
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
