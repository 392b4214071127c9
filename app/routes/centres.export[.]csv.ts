import type { LoaderFunctionArgs } from "@remix-run/node";
import { CENTRE_CSV_COLUMNS, centreToCsvCells, toCsv } from "~/domain/centre-csv";
import { centreExport } from "~/models/centre-import.server";
import { requirePermission } from "~/utils/auth.server";
import { getLocale } from "~/utils/i18n.server";

/**
 * The centre list as CSV: exactly the rows of the list's current filters and sort (all pages),
 * in the import's columns, reference values as labels in the reader's language. UTF-8 with a
 * byte-order mark so Excel shows Chinese.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const { rows, label, today } = centreExport(new URL(request.url).searchParams, await getLocale(request, user));
  const csv = toCsv([[...CENTRE_CSV_COLUMNS], ...rows.map((row) => centreToCsvCells(row, label))], { bom: true });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="centres-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
