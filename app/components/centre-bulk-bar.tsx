import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { viewQuery } from "~/schemas/saved-view";
import { useCan } from "./use-can";

type Choice = { id: string; name: string };
type Template = { id: string; titleZh: string; titleEn: string };

/**
 * The centre list's bulk bar, inside the list's POST form to /centres/bulk: which centres (the
 * ticked ones or all matching the filters) and one submit button per action. Plain HTML, so it
 * works without JavaScript.
 */
export function BulkBar({ total, stewards, templates }: { total: number; stewards: Choice[]; templates: Template[] }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const mayAssign = can("update:centre:any") || can("update:centre:assigned");
  const select = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-auto";
  const button = "whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";
  return (
    <fieldset className="mb-3 rounded-xl border border-slate-200 bg-slate-50 p-3" data-testid="bulk-bar">
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{t("bulk.title")}</legend>
      <input type="hidden" name="filters" value={viewQuery(location.search)} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="selected" defaultChecked /> {t("bulk.scopeSelected")}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="all" /> {t("bulk.scopeAll", { count: total })}
        </label>
      </div>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center">
        {mayAssign ? (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <label htmlFor="bulk-steward" className="text-xs font-medium text-slate-600">
              {t("bulk.steward")}
            </label>
            <select id="bulk-steward" name="steward_id" defaultValue="" className={select}>
              <option value="">{t("bulk.noSteward")}</option>
              {stewards.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <button type="submit" name="intent" value="assign_lead" className={button}>
              {t("bulk.assignLead")}
            </button>
            <button type="submit" name="intent" value="assign_district" className={button}>
              {t("bulk.assignDistrict")}
            </button>
          </div>
        ) : null}
        {templates.length > 0 ? (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <label htmlFor="bulk-template" className="text-xs font-medium text-slate-600">
              {t("bulk.template")}
            </label>
            <select id="bulk-template" name="template_id" defaultValue="" className={select}>
              <option value="">{t("bulk.chooseTemplateOption")}</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {i18n.language === "en" ? tpl.titleEn : tpl.titleZh}
                </option>
              ))}
            </select>
            <button type="submit" name="intent" value="apply_template" className={button}>
              {t("bulk.applyTemplate")}
            </button>
          </div>
        ) : null}
        <button type="submit" name="intent" value="export" className={`${button} sm:ml-auto`}>
          {t("bulk.export")}
        </button>
      </div>
    </fieldset>
  );
}
