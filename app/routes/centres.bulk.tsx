import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { CENTRE_CSV_COLUMNS, centreToCsvCells, toCsv } from "~/domain/centre-csv";
import { can } from "~/domain/permissions";
import { applyTemplateInBulk, assignStewardInBulk } from "~/models/centre-bulk.server";
import { listCentreIds } from "~/models/centre.server";
import { centreExport } from "~/models/centre-import.server";
import { CentreBulkSchema, MAX_BULK_CENTRES } from "~/schemas/centre-bulk";
import { parseCentreFilters } from "~/schemas/centre-filters";
import { viewQuery } from "~/schemas/saved-view";
import { forbidden, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { formValues } from "~/schemas/form-values";

export async function loader() {
  return redirect("/centres");
}

/**
 * Bulk work on the centre list (a plain form, works without JavaScript): the ticked centres or
 * all matching the list's filters; assign a lead or district steward, apply a checklist
 * template (each centre authorised on its own, the refused ones listed on the result page), or
 * export the selection as CSV.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const values = formValues(await readForm(request), { arrays: ["ids"] });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const filters = typeof values.filters === "string" ? viewQuery(values.filters.slice(0, 2000)) : "";
  const back = async (message: string) =>
    redirectWithToast(request, `/centres${filters ? `?${filters}` : ""}`, { kind: "error", message });
  const parsed = CentreBulkSchema.safeParse(values);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "validation.invalidChoice";
    return back(t(/^bulk\./.test(message) ? message : "validation.invalidChoice", { count: MAX_BULK_CENTRES }));
  }
  const input = parsed.data;
  const mayAssign = can(user.role, "update:centre:any") || can(user.role, "update:centre:assigned");
  const mayWork = can(user.role, "update:centre-work:any") || can(user.role, "update:centre-work:assigned");
  if ((input.intent === "assign_lead" || input.intent === "assign_district") && !mayAssign) forbidden();
  if (input.intent === "apply_template" && !mayWork) forbidden();

  const today = todayInBeijing();
  const ids =
    input.scope === "all" ? listCentreIds(parseCentreFilters(new URLSearchParams(filters)), { today }) : [...new Set(input.ids)];
  if (ids.length > MAX_BULK_CENTRES) return back(t("bulk.tooMany", { count: MAX_BULK_CENTRES }));
  if (ids.length === 0) return back(t("bulk.noneSelected"));

  if (input.intent === "export") {
    const { rows, label } = centreExport(new URLSearchParams(filters), locale, { ids });
    const csv = toCsv([[...CENTRE_CSV_COLUMNS], ...rows.map((row) => centreToCsvCells(row, label))], { bom: true });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="centres-selection-${today}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  }
  const result =
    input.intent === "apply_template"
      ? applyTemplateInBulk(user, ids, input.template_id)
      : assignStewardInBulk(user, ids, input.intent === "assign_lead" ? "lead" : "district", input.steward_id || null);
  if (!result.ok) return back(t(result.fieldErrors._form ?? "validation.invalidChoice"));
  return redirect(`/centres/bulk/${result.resultId}`);
}
