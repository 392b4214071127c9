import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/centre-csv";
import { exportTable } from "~/models/dashboard/export.server";
import { loadDashboardView } from "~/models/dashboard/view.server";
import { todayInBeijing } from "~/utils/format";
import { readExportRequest } from "./__dashboard-request.server";

/**
 * One dashboard table as CSV (UTF-8 with a byte-order mark, so Excel shows Chinese), with the
 * dashboard's filters: `?table=level|…|requests_by_steward&asOf=YYYY-MM-DD&interval=&from=&to=`.
 * Labels in the reader's language; codes in the first column.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const read = await readExportRequest(request, { tableRequired: true });
  if (read instanceof Response) return read;
  const { locale, search, table } = read;
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
