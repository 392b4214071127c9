/**
 * The dashboard's tables as rows for the CSV and XLSX exports: the same figures as the page,
 * labels in the reader's language, codes in the first column.
 */
import type { Ratio } from "~/domain/service-figures";
import { LEVELS } from "~/domain/levels";
import { UPGRADE_MOVES, type Interval, type ServiceDimension } from "~/domain/figure-dimensions";
import { DIMENSION_TITLE, isDimension, SERVICE_TITLE, type ExportTableName } from "~/schemas/dashboard-params";
import { loadExcelJS } from "~/utils/excel.server";
import { getFixedT } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import type { AnswerFigures } from "../answer-figures.server";
import type { ReferenceOption } from "../reference.server";
import type { CentreFigures } from "./centre-figures.server";
import type { ServiceFigures } from "./service-figures.server";

export type Cell = string | number | null;
export type ExportTable = { name: ExportTableName; title: string; columns: string[]; rows: Cell[][] };

/** A table's worksheet name in the workbook of all tables: unique, meaningful, within Excel's 31 characters. */
export function exportSheetName(name: ExportTableName, interval: Interval, locale: "zh-CN" | "en") {
  const t = getFixedT(locale);
  return t(`dash.sheets.${name}`, { interval: t(`dash.intervalNames.${interval}`) });
}

const percent = (r: Ratio): Cell => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

/**
 * One dashboard table as header and rows, labels in `locale` (codes kept in the first column), from
 * the figures of a dashboard view (view.server.ts).
 */
export function exportTable(
  view: {
    figures: CentreFigures;
    service: ServiceFigures;
    answers: { figures: AnswerFigures; categories: ReferenceOption[] };
  },
  name: ExportTableName,
  locale: "zh-CN" | "en",
): ExportTable {
  const t = getFixedT(locale);
  const { figures, service } = view;
  const interval = t(`dash.intervalNames.${figures.interval}`);
  const pct = (label: string) => `${label} (%)`;
  if (isDimension(name)) {
    const table = figures.tables[name];
    const weights = settingWeights(figures);
    const stage = name === "stage";
    const columns = [t("dash.table.key"), t("dash.table.group"), t("dash.table.centres"), pct(t("dash.table.share"))];
    if (stage) columns.push(t("dash.table.weight"), t("dash.table.expected"));
    const rows: Cell[][] = table.groups.map((g) => {
      const row: Cell[] = [g.key, g.label[locale], g.count, table.total ? Math.round((g.count / table.total) * 1000) / 10 : null];
      if (stage) {
        const w = weights[g.key];
        row.push(w ?? null, w === undefined ? null : Math.round(g.count * w * 10) / 10);
      }
      return row;
    });
    rows.push([
      "_total",
      stage
        ? t("dash.chart.total")
        : table.overlapping
          ? `${t("dash.table.total")} — ${t("dash.overlapNote", { total: table.total })}`
          : t("dash.table.total"),
      table.total,
      table.total ? 100 : null,
    ]);
    return { name, title: t(DIMENSION_TITLE[name]), columns, rows };
  }
  switch (name) {
    case "upgrades":
      return {
        name,
        title: t("dash.sections.upgrades", { interval }),
        columns: [
          t("dash.table.period"),
          t("dash.table.from"),
          t("dash.table.to"),
          t("dash.table.upgrades"),
          ...UPGRADE_MOVES.map((m) => t(`dash.moves.${m}`)),
        ],
        rows: [
          ...figures.upgrades.periods.map((p) => [
            p.label[locale],
            p.start,
            p.end,
            p.count,
            ...UPGRADE_MOVES.map((m) => p.byMove[m]),
          ]),
          [
            t("dash.chart.total"),
            figures.upgrades.periods[0]?.start ?? null,
            figures.asOf,
            figures.upgrades.total,
            ...UPGRADE_MOVES.map((m) => figures.upgrades.byMove[m]),
          ],
        ],
      };
    case "series":
      return {
        name,
        title: t("dash.sections.overTime"),
        columns: [
          t("dash.table.period"),
          t("dash.table.endOfPeriod"),
          t("dash.table.recognised"),
          ...LEVELS.map((l) => t(`levels.${l}`)),
        ],
        rows: figures.series.map((p) => [p.label[locale], p.end, p.count, ...LEVELS.map((l) => p.byLevel[l])]),
      };
    case "projection": {
      const p = figures.projection;
      return {
        name,
        title: t("dash.sections.pipeline"),
        columns: [t("dash.table.figure"), t("dash.table.value")],
        rows: [
          [t("dash.projection.recognised"), p.recognised],
          [t("dash.headline.target", { count: p.targetCount, date: p.targetDate }), p.targetCount],
          [t("dash.headline.toGo"), p.gapNow],
          [t("dash.projection.pipelineExpected"), p.pipelineExpected],
          [t("dash.projection.newcomers"), p.newcomerAdditions],
          [t("dash.projection.pace"), p.pacePerMonth],
          [t("dash.projection.paceAdditions"), p.paceAdditions],
          [t("dash.projection.projected"), p.projected],
          [t("dash.projection.range"), `${p.projectedLow} – ${p.projectedHigh}`],
          [t("dash.projection.gap"), p.projectedGap],
          [t("dash.projection.needed"), p.neededPerMonth],
        ],
      };
    }
    case "requests_summary": {
      const o = service.overall;
      return {
        name,
        title: t("dash.sections.service"),
        columns: [t("dash.table.figure"), t("dash.table.value"), t("dash.table.numerator"), t("dash.table.denominator")],
        rows: [
          [t("dash.service.volume"), o.volume, null, null],
          [pct(t("dash.service.responseRate")), percent(o.response), o.response.count, o.response.of],
          [pct(t("dash.service.resolutionRate")), percent(o.resolution), o.resolution.count, o.resolution.of],
          [pct(t("dash.service.satisfactionRate")), percent(o.satisfaction), o.satisfaction.count, o.satisfaction.of],
          [t("dash.service.medianDays"), o.medianWorkingDays, o.answered, null],
          [t("dash.service.overdueNow"), o.overdueNow, null, null],
        ],
      };
    }
    case "answers_summary": {
      const f = view.answers.figures;
      return {
        name,
        title: t("answers.figures.title"),
        columns: [t("dash.table.figure"), t("dash.table.value"), t("dash.table.numerator"), t("dash.table.denominator")],
        rows: [
          [pct(t("answers.figures.share")), f.share, f.answeredWithArticle, f.answered],
          [t("answers.figures.opened"), f.suggestions.opened, null, null],
          [
            pct(t("answers.figures.selfService")),
            f.suggestions.selfServiceShare,
            f.suggestions.withoutRequest,
            f.suggestions.sessions,
          ],
          [t("answers.figures.overdue"), f.overdue.count, null, null],
        ],
      };
    }
    case "answers_by_category": {
      const { figures: f, categories } = view.answers;
      return {
        name,
        title: t("answers.figures.byCategory"),
        columns: [
          t("dash.table.key"),
          t("dash.table.group"),
          t("dash.table.requests"),
          t("answers.figures.withArticle"),
          pct(t("dash.table.share")),
        ],
        rows: f.byCategory.map((c) => [
          c.categoryCode,
          labelByCode(categories, c.categoryCode, locale),
          c.answered,
          c.withArticle,
          c.share,
        ]),
      };
    }
    case "answers_most_used":
      return {
        name,
        title: t("answers.figures.mostUsed"),
        columns: [t("dash.table.key"), t("answers.figures.article"), t("dash.table.requests")],
        rows: view.answers.figures.mostUsed.map((a) => [
          a.id,
          (locale === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn) || null,
          a.requests,
        ]),
      };
    default: {
      const dimension = name.replace("requests_by_", "") as ServiceDimension;
      return {
        name,
        title: t(`dash.sections.${SERVICE_TITLE[dimension]}`),
        columns: [
          t("dash.table.key"),
          t("dash.table.group"),
          t("dash.table.requests"),
          pct(t("dash.table.responseRate")),
          pct(t("dash.table.resolutionRate")),
          pct(t("dash.table.satisfactionRate")),
          t("dash.table.medianDays"),
          t("dash.table.overdueNow"),
        ],
        rows: service.by[dimension].map((r) => [
          r.key,
          r.label[locale],
          r.volume,
          percent(r.response),
          percent(r.resolution),
          percent(r.satisfaction),
          r.medianWorkingDays,
          r.overdueNow,
        ]),
      };
    }
  }
}

function settingWeights(figures: CentreFigures): Record<string, number> {
  return Object.fromEntries(figures.projection.pipeline.map((p) => [p.stage, p.weight]));
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters; names must be unique (a safety net: the names are written to fit). */
function sheetName(title: string, taken: Set<string>) {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Tables as an Excel workbook, one sheet each. Numbers stay numbers; codes and dates text. */
export async function exportWorkbook(tables: readonly ExportTable[], interval: Interval, locale: "zh-CN" | "en") {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "RDC Steward";
  workbook.created = new Date();
  const taken = new Set<string>();
  for (const t of tables) {
    const sheet = workbook.addWorksheet(sheetName(exportSheetName(t.name, interval, locale), taken), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = t.columns.map((header, i) => ({
      header,
      key: `c${i}`,
      width: i === 1 || (i === 0 && t.columns.length <= 4) ? 34 : 16,
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row.map((c) => (c === null ? "" : c)));
    // Codes (first column) and ISO dates stay text, so Excel neither converts nor reformats them.
    sheet.getColumn(1).numFmt = "@";
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
