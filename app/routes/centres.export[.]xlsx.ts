import type { LoaderFunctionArgs } from "@remix-run/node";
import { CENTRE_CSV_COLUMNS, centreToCsvCells } from "~/domain/centre-csv";
import { centreExport } from "~/models/centre-import.server";
import { requirePermission } from "~/utils/auth.server";
import { loadExcelJS } from "~/utils/excel.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

const WIDTHS: Partial<Record<(typeof CENTRE_CSV_COLUMNS)[number], number>> = {
  name_zh: 34,
  name_en: 40,
  uscc: 22,
  parent_company: 28,
  industries: 30,
  lead_steward_email: 28,
  recognised_on: 14,
};

/** The same rows and columns as the CSV export, as an Excel workbook (text stays text, numbers are numbers). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const locale = await getLocale(request, user);
  const { rows, label, today } = centreExport(new URL(request.url).searchParams, locale);
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
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="centres-${today}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
