import type { LoaderFunctionArgs } from "@remix-run/node";
import { centreExportOffThread } from "~/models/dashboard/figures-worker.server";
import { requirePermission } from "~/utils/auth.server";
import { getLocale } from "~/utils/i18n.server";
import { fileResponse } from "~/utils/file-response.server";

/**
 * The centre list as CSV: exactly the rows of the list's current filters and sort (all pages),
 * in the import's columns, reference values as labels in the reader's language. UTF-8 with a
 * byte-order mark so Excel shows Chinese. Made off the request thread (30,000 rows at scale).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const { bytes, today } = await centreExportOffThread(new URL(request.url).search, await getLocale(request, user), "csv");
  return fileResponse(bytes, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="centres-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
