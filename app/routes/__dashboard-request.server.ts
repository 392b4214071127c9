import { asOfProblem, type AsOfProblem } from "~/domain/as-of";
import { EXPORT_TABLES, isExportTable, type ExportTableName } from "~/schemas/dashboard-params";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";

/**
 * What every dashboard URL (the page, its print view, its exports) reads first: the reader may
 * see the dashboard, and the URL's as-of date is a date not after today (else `problem` says why).
 */
export async function readDashboardRequest(request: Request) {
  const user = await requirePermission(request, "read:dashboard:any");
  const today = todayInBeijing();
  const search = new URL(request.url).searchParams;
  const problem: AsOfProblem | null = asOfProblem(search.get("asOf"), today);
  return { user, today, search, problem };
}

/** A 400 for an export, as plain text in the reader's language (a download link has no page to show it on). */
function exportRefusal(text: string) {
  return new Response(text, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

type ExportRequest<Table> = { locale: Awaited<ReturnType<typeof getLocale>>; search: URLSearchParams; table: Table };

/**
 * An export's request: its locale, search and table (`null` when the URL names none, which only
 * the workbook accepts), or the 400 to answer with.
 */
export async function readExportRequest(
  request: Request,
  options: { tableRequired: true },
): Promise<Response | ExportRequest<ExportTableName>>;
export async function readExportRequest(
  request: Request,
  options: { tableRequired: false },
): Promise<Response | ExportRequest<ExportTableName | null>>;
export async function readExportRequest(
  request: Request,
  { tableRequired }: { tableRequired: boolean },
): Promise<Response | ExportRequest<ExportTableName | null>> {
  const { user, search, problem } = await readDashboardRequest(request);
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  if (problem) return exportRefusal(t(problem.key, { value: problem.value, today: problem.today }));
  const table = search.get("table");
  if (table === null && !tableRequired) return { locale, search, table: null };
  if (!isExportTable(table)) return exportRefusal(t("dash.export.unknownTable", { tables: EXPORT_TABLES.join(", ") }));
  return { locale, search, table };
}
