import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { viewQuery } from "~/schemas/saved-view";
import { LongSelect } from "./ui/long-select";
import { useCan } from "./use-can";

type Choice = { id: string; name: string };
type Template = { id: string; titleZh: string; titleEn: string };

const select = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-auto";
const button = "whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";

/** A choice (a steward, a template) and the bulk actions that use it, one submit button each. */
function BulkAction({
  id,
  name,
  label,
  empty,
  options,
  actions,
}: {
  id: string;
  name: string;
  label: string;
  empty: string;
  options: { value: string; label: string }[];
  actions: [intent: string, label: string][];
}) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <LongSelect id={id} name={name} empty={empty} options={options} className={select} />
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
export function BulkBar({ total, stewards, templates }: { total: number; stewards: Choice[]; templates: Template[] }) {
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
            id="bulk-steward"
            name="steward_id"
            label={t("bulk.steward")}
            empty={t("bulk.noSteward")}
            options={stewards.map((s) => ({ value: s.id, label: s.name }))}
            actions={[
              ["assign_lead", t("bulk.assignLead")],
              ["assign_district", t("bulk.assignDistrict")],
            ]}
          />
        ) : null}
        {templates.length > 0 ? (
          <BulkAction
            id="bulk-template"
            name="template_id"
            label={t("bulk.template")}
            empty={t("bulk.chooseTemplateOption")}
            options={templates.map((tpl) => ({ value: tpl.id, label: i18n.language === "en" ? tpl.titleEn : tpl.titleZh }))}
            actions={[["apply_template", t("bulk.applyTemplate")]]}
          />
        ) : null}
        <button type="submit" name="intent" value="export" className={`${button} sm:ml-auto`}>
          {t("bulk.export")}
        </button>
      </div>
    </fieldset>
  );
}
