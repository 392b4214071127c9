import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { viewQuery } from "~/schemas/saved-view";
import { StewardPicker } from "./steward-picker";
import { LongSelect } from "./ui/long-select";
import { useCan } from "./use-can";

type Template = { id: string; titleZh: string; titleEn: string };

const select = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-auto";
const button = "whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";

/** A choice (a steward, a template) and the bulk actions that use it, one submit button each. */
function BulkAction({ children, actions }: { children: React.ReactNode; actions: [intent: string, label: string][] }) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      {children}
      {actions.map(([intent, text]) => (
        <button key={intent} type="submit" name="intent" value={intent} className={button}>
          {text}
        </button>
      ))}
    </div>
  );
}

/**
 * The centre list's bulk bar, inside the list's POST form to /centres/bulk: which centres (the
 * ticked ones or all matching the filters) and one submit button per action. Plain HTML, so it
 * works without JavaScript.
 */
export function BulkBar({ total, templates }: { total: number; templates: Template[] }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const mayAssign = can("update:centre:any") || can("update:centre:assigned");
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
          <BulkAction
            actions={[
              ["assign_lead", t("bulk.assignLead")],
              ["assign_district", t("bulk.assignDistrict")],
            ]}
          >
            <StewardPicker
              id="bulk-steward"
              idName="steward_id"
              textName="steward_text"
              label={t("bulk.steward")}
              placeholder={t("bulk.stewardPlaceholder")}
              chosen={null}
              className="flex flex-col gap-2 sm:flex-row sm:items-center"
              inputClassName="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-96"
            />
          </BulkAction>
        ) : null}
        {templates.length > 0 ? (
          <BulkAction actions={[["apply_template", t("bulk.applyTemplate")]]}>
            <label htmlFor="bulk-template" className="text-xs font-medium text-slate-600">
              {t("bulk.template")}
            </label>
            <LongSelect
              id="bulk-template"
              name="template_id"
              empty={t("bulk.chooseTemplateOption")}
              options={templates.map((tpl) => ({ value: tpl.id, label: i18n.language === "en" ? tpl.titleEn : tpl.titleZh }))}
              className={select}
            />
          </BulkAction>
        ) : null}
        <button type="submit" name="intent" value="export" className={`${button} sm:ml-auto`}>
          {t("bulk.export")}
        </button>
      </div>
    </fieldset>
  );
}
