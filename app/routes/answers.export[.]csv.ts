import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportArticlesCsv } from "~/models/answer-import.server";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";

/** Every article of the policy library as CSV (the import's columns), for staff who read the library. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:answers:any");
  const csv = exportArticlesCsv(await getLocale(request, user));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="policy-answers-${todayInBeijing()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
