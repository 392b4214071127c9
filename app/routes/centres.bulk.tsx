import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { CENTRE_CSV_COLUMNS, centreToCsvCells, toCsv } from "~/domain/centre-csv";
import { can } from "~/domain/permissions";
import { applyTemplateInBulk, assignStewardInBulk } from "~/models/centre-bulk.server";
import type { WriteResult } from "~/models/write-types.server";
import { listCentreIds } from "~/models/centre.server";
import { centreFiltersOf, stewardPicked } from "~/models/steward-pick.server";
import { centreExport } from "~/models/centre-import.server";
import { CentreBulkSchema, MAX_BULK_CENTRES, type CentreBulkInput } from "~/schemas/centre-bulk";
import { viewQuery } from "~/schemas/saved-view";
import { forbidden, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
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
type BulkResult = WriteResult<{ resultId: string }>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const values = formValues(await readForm(request), { arrays: ["ids"] });
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const filters = typeof values.filters === "string" ? viewQuery(values.filters.slice(0, 2000)) : "";
  const back = async (message: string) =>
    redirectWithToast(request, `/centres${filters ? `?${filters}` : ""}`, { kind: "error", message });
  const mayAssign = can(user.role, "update:centre:any") || can(user.role, "update:centre:assigned");
  const mayWork = can(user.role, "update:centre-work:any") || can(user.role, "update:centre-work:assigned");
  const today = todayInBeijing();
  const done = (result: BulkResult) =>
    result.ok ? redirect(`/centres/bulk/${result.resultId}`) : back(t(result.fieldErrors._form ?? "validation.invalidChoice"));
  /** Assigns the steward the picker names; text naming nobody or several goes back with their names. */
  const assign = (ids: string[], input: CentreBulkInput, role: "lead" | "district") => {
    const pick = stewardPicked({ id: input.steward_id, text: input.steward_text });
    if (pick.kind === "unknown") return back(t("bulk.noStewardMatches", { text: pick.text }));
    if (pick.kind === "several")
      return back(
        t("bulk.severalStewardsMatch", {
          text: pick.text,
          names: pick.candidates.map((s) => s.name).join(t("bulk.nameSeparator")),
        }),
      );
    return done(assignStewardInBulk(user, ids, role, pick.kind === "one" ? pick.steward.id : null));
  };
  /** An intent on the centres the form names (the ticked ones, or all matching the list's filters), if `allowed`. */
  const onCentres = <R,>(allowed: boolean, run: (ids: string[], input: CentreBulkInput) => R) =>
    intent(CentreBulkSchema, (input) => {
      if (!allowed) forbidden();
      const ids =
        input.scope === "all"
          ? listCentreIds(centreFiltersOf(new URLSearchParams(filters)).filters, { today })
          : [...new Set(input.ids)];
      if (ids.length > MAX_BULK_CENTRES) return back(t("bulk.tooMany", { count: MAX_BULK_CENTRES }));
      if (ids.length === 0) return back(t("bulk.noneSelected"));
      return run(ids, input);
    });

  return runIntent(
    values,
    {
      export: onCentres(true, (ids) => {
        const { rows, label } = centreExport(new URLSearchParams(filters), locale, { ids });
        const csv = toCsv([[...CENTRE_CSV_COLUMNS], ...rows.map((row) => centreToCsvCells(row, label))], { bom: true });
        return new Response(csv, {
          headers: {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": `attachment; filename="centres-selection-${today}.csv"`,
            "Cache-Control": "private, no-store",
          },
        });
      }),
      apply_template: onCentres(mayWork, (ids, input) => done(applyTemplateInBulk(user, ids, input.template_id))),
      assign_lead: onCentres(mayAssign, (ids, input) => assign(ids, input, "lead")),
      assign_district: onCentres(mayAssign, (ids, input) => assign(ids, input, "district")),
    },
    (_intent, fieldErrors) => {
      const message = Object.values(fieldErrors)[0] ?? "validation.invalidChoice";
      return back(t(/^bulk\./.test(message) ? message : "validation.invalidChoice", { count: MAX_BULK_CENTRES }));
    },
  );
}
