/**
 * The centre list's exports (/centres/export.csv and .xlsx): every row of the list under its
 * filters and sort, in the import's columns. At 30,000 centres the workbook took 17 s of one
 * synchronous go on the request thread (issue 14, goal 2), so both files are made on the
 * dashboard's worker thread when there is one (`centreExportOffThread`), else in place.
 */
import { CENTRE_CSV_COLUMNS, centreToCsvCells, toCsv } from "~/domain/centre-csv";
import type { Locale } from "~/i18n";
import { loadExcelJS } from "~/utils/excel.server";
import { getFixedT } from "~/utils/i18n.server";
import { centreExport } from "./centre-import.server";

export type CentreExportFormat = "csv" | "xlsx";
export type CentreExportFile = { bytes: Uint8Array<ArrayBuffer>; today: string };

const WIDTHS: Partial<Record<(typeof CENTRE_CSV_COLUMNS)[number], number>> = {
  name_zh: 34,
  name_en: 40,
  uscc: 22,
  parent_company: 28,
  industries: 30,
  lead_steward_email: 28,
  recognised_on: 14,
};

/**
 * The export of the list under `search` (the list's query string) in the reader's language: CSV
 * in UTF-8 with a byte-order mark (so Excel shows Chinese), or a workbook whose text stays text
 * and numbers are numbers.
 */
export async function centreExportFile(search: string, locale: Locale, format: CentreExportFormat): Promise<CentreExportFile> {
  const { rows, label, today } = centreExport(new URLSearchParams(search), locale);
  if (format === "csv") {
    const csv = toCsv([[...CENTRE_CSV_COLUMNS], ...rows.map((row) => centreToCsvCells(row, label))], { bom: true });
    return { bytes: new TextEncoder().encode(csv), today };
  }
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "RDC Steward";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(getFixedT(locale)("centreExport.sheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = CENTRE_CSV_COLUMNS.map((column) => ({
    header: column,
    key: column,
    width: WIDTHS[column] ?? 16,
    // USCC and dates as text, so Excel neither rounds an all-digit code nor reformats a date.
    style: column === "uscc" || column === "recognised_on" ? { numFmt: "@" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(centreToCsvCells(row, label));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CENTRE_CSV_COLUMNS.length } };
  const buffer = await workbook.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buffer as ArrayBuffer), today };
}
