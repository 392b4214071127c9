import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportTable, type ExportTable } from "~/models/dashboard/export.server";
import { EXPORT_TABLES } from "~/schemas/dashboard-params";
import { exportWorkbookOffThread } from "~/models/dashboard/figures-worker.server";
import { loadDashboardView } from "~/models/dashboard/view.server";
import { todayInBeijing } from "~/utils/format";
import { readExportRequest } from "./__dashboard-request.server";
import { fileResponse } from "~/utils/file-response.server";

/**
 * Dashboard tables as an Excel workbook, with the dashboard's filters: `?table=…` gives that
 * table, no `table` gives every table, one sheet each. Numbers stay numbers; codes and dates text.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const read = await readExportRequest(request, { tableRequired: false });
  if (read instanceof Response) return read;
  const { locale, search, table } = read;
  const view = await loadDashboardView(search, todayInBeijing());
  const tables: ExportTable[] = (table ? [table] : EXPORT_TABLES).map((name) => exportTable(view, name, locale));
  const bytes = await exportWorkbookOffThread(tables, view.params.interval, locale);
  const name = table ?? "all";
  return fileResponse(bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dashboard-${name}-${view.params.asOf}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
