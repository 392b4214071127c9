import type { LoaderFunctionArgs } from "@remix-run/node";
import { centreExportOffThread } from "~/models/dashboard/figures-worker.server";
import { requirePermission } from "~/utils/auth.server";
import { getLocale } from "~/utils/i18n.server";
import { fileResponse } from "~/utils/file-response.server";

/** The same rows and columns as the CSV export, as an Excel workbook (text stays text, numbers are numbers), made off the request thread. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const locale = await getLocale(request, user);
  const { bytes, today } = await centreExportOffThread(new URL(request.url).search, locale, "xlsx");
  return fileResponse(bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="centres-${today}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
