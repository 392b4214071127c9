import type { LoaderFunctionArgs } from "@remix-run/node";
import * as ExcelJSModule from "exceljs";
import {
  dashboardView,
  EXPORT_TABLES,
  exportSheetName,
  exportTable,
  isExportTable,
  type ExportTable,
} from "~/models/dashboard.server";
import { asOfProblem } from "~/domain/as-of";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// exceljs is CommonJS: under Node's ESM loader its classes sit on the default export.
const ExcelJS = (ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ?? ExcelJSModule;

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

/**
 * Dashboard tables as an Excel workbook, with the dashboard's filters: `?table=…` gives that
 * table, no `table` gives every table, one sheet each. Numbers stay numbers; codes and dates text.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:dashboard:any");
  const locale = await getLocale(request, user);
  const problem = asOfProblem(new URL(request.url).searchParams.get("asOf"), todayInBeijing());
  if (problem)
    return new Response(getFixedT(locale)(problem.key, { value: problem.value, today: problem.today }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const search = new URL(request.url).searchParams;
  const table = search.get("table");
  if (table !== null && !isExportTable(table)) {
    return new Response(getFixedT(locale)("dash.export.unknownTable", { tables: EXPORT_TABLES.join(", ") }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const view = dashboardView(search, todayInBeijing());
  const tables: ExportTable[] = (table ? [table] : EXPORT_TABLES).map((name) => exportTable(view, name, locale));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "RDC Steward";
  workbook.created = new Date();
  const taken = new Set<string>();
  for (const t of tables) {
    const sheet = workbook.addWorksheet(sheetName(exportSheetName(t.name, view.params.interval, locale), taken), {
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
  const buffer = await workbook.xlsx.writeBuffer();
  const name = table ?? "all";
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dashboard-${name}-${view.params.asOf}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
