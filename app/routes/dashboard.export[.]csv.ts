import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/centre-csv";
import { exportTable } from "~/models/dashboard/export.server";
import { loadDashboardView } from "~/models/dashboard/view.server";
import { EXPORT_TABLES, isExportTable } from "~/schemas/dashboard-params";
import { asOfProblem } from "~/domain/as-of";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";

/**
 * One dashboard table as CSV (UTF-8 with a byte-order mark, so Excel shows Chinese), with the
 * dashboard's filters: `?table=level|…|requests_by_steward&asOf=YYYY-MM-DD&interval=&from=&to=`.
 * Labels in the reader's language; codes in the first column.
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
  if (!isExportTable(table)) {
    return new Response(getFixedT(locale)("dash.export.unknownTable", { tables: EXPORT_TABLES.join(", ") }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const view = await loadDashboardView(search, todayInBeijing());
  const { columns, rows } = exportTable(view, table, locale);
  const csv = toCsv([columns, ...rows], { bom: true });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="dashboard-${table}-${view.params.asOf}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
