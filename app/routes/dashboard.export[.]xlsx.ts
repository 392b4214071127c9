import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportTable, type ExportTable } from "~/models/dashboard/export.server";
import { exportWorkbookOffThread } from "~/models/dashboard/figures-worker.server";
import { loadDashboardView } from "~/models/dashboard/view.server";
import { EXPORT_TABLES, isExportTable } from "~/schemas/dashboard-params";
import { asOfProblem } from "~/domain/as-of";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";

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
  const view = await loadDashboardView(search, todayInBeijing());
  const tables: ExportTable[] = (table ? [table] : EXPORT_TABLES).map((name) => exportTable(view, name, locale));
  const bytes = await exportWorkbookOffThread(tables, view.params.interval, locale);
  const name = table ?? "all";
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dashboard-${name}-${view.params.asOf}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
