import { useTranslation } from "react-i18next";
import { useInAppNavigation } from "~/components/in-app-links";
import { Table, Td } from "~/components/ui/table";
import type { ChecklistProgress } from "~/models/checklist.server";
import { labelByCode } from "~/utils/labels";
import type { CentreFilterLists } from "./centre-filter-form";

/** What a row of the centre list shows, and no more (the loader sends only this). */
export type CentreListItem = {
  id: string;
  nameZh: string;
  nameEn: string;
  countryCode: string | null;
  districtCode: string | null;
  stage: string;
  level: string;
  industries: string[];
  recognised: boolean;
  firstBatch: number | null;
  daysInStage: number;
  checklist: ChecklistProgress | null;
  leadStewardName: string | null;
};

/**
 * The centre list's rows: cards on a phone, a table from `sm` up, each with the bulk bar's
 * checkbox. Names are plain links followed in the app by one handler (app/components/in-app-links.tsx).
 */
export function CentreListRows({ rows, lists }: { rows: CentreListItem[]; lists: CentreFilterLists }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const followLink = useInAppNavigation();
  const name = (c: CentreListItem) => (lng === "en" ? c.nameEn : c.nameZh);
  return (
    // Catches clicks on the links inside only; each link keeps its own keyboard behaviour.
    <div onClick={followLink}>
      <ul className="space-y-2 sm:hidden">
        {rows.map((c) => (
          <li key={c.id} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <SelectCentre id={c.id} name={name(c)} className="mt-1 h-5 w-5 shrink-0 rounded border-slate-300" />
            <div>
              <a href={`/centres/${c.id}`} className="font-medium text-brand-700">
                {name(c)}
              </a>
              <p className="mt-1 text-xs text-slate-600">
                {labelByCode(lists.stages, c.stage, lng)} · {t(`levels.${c.level}`)} ·{" "}
                {labelByCode(lists.districts, c.districtCode, lng)}
                {c.recognised ? ` · ${t("centres.batchN", { batch: c.firstBatch })}` : ""}
              </p>
            </div>
          </li>
        ))}
      </ul>
      <div className="hidden sm:block">
        <Table
          caption={t("centres.title")}
          head={[
            <span key="select" className="sr-only">
              {t("bulk.selectColumn")}
            </span>,
            t("common.centre"),
            t("centres.fields.stage"),
            t("centres.fields.level"),
            t("centres.fields.district"),
            t("centres.fields.industries"),
            t("centres.recognisedFilter.label"),
            t("centres.links.checklist"),
            t("centres.fields.lead_steward_email"),
          ]}
        >
          {rows.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50">
              <Td className="w-8 !min-w-0">
                <SelectCentre id={c.id} name={name(c)} className="h-4 w-4 rounded border-slate-300" />
              </Td>
              <Td>
                <a href={`/centres/${c.id}`} className="font-medium text-brand-700 hover:underline">
                  {name(c)}
                </a>
                <div className="text-xs text-slate-500">
                  {lng === "en" ? c.nameZh : c.nameEn} · {labelByCode(lists.countries, c.countryCode, lng)}
                </div>
              </Td>
              <Td>
                {labelByCode(lists.stages, c.stage, lng)}
                <div className="text-xs text-slate-500">{t("centres.daysInStage", { count: c.daysInStage })}</div>
              </Td>
              <Td>{t(`levels.${c.level}`)}</Td>
              <Td>{labelByCode(lists.districts, c.districtCode, lng)}</Td>
              <Td className="text-xs">
                {c.industries.map((code) => labelByCode(lists.industries, code, lng)).join(lng === "en" ? ", " : "、")}
              </Td>
              <Td>
                {c.recognised ? (
                  <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900">
                    {t("centres.batchN", { batch: c.firstBatch })}
                  </span>
                ) : (
                  <span className="text-xs text-slate-500">{t("centres.recognisedFilter.no")}</span>
                )}
              </Td>
              <Td className="whitespace-nowrap text-xs">
                {c.checklist && c.checklist.applicable > 0 ? (
                  <span title={t("centres.checklistProgress", { done: c.checklist.done, applicable: c.checklist.applicable })}>
                    {c.checklist.done}/{c.checklist.applicable}
                    {c.checklist.overdue > 0 ? (
                      <span className="ml-1 rounded bg-red-100 px-1 text-red-800">
                        {t("centres.overdueCount", { count: c.checklist.overdue })}
                      </span>
                    ) : null}
                  </span>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="text-sm">{c.leadStewardName ?? "—"}</Td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}

/** The box that picks a centre for the bulk actions. */
function SelectCentre({ id, name, className }: { id: string; name: string; className: string }) {
  const { t } = useTranslation();
  return <input type="checkbox" name="ids" value={id} aria-label={t("bulk.select", { name })} className={className} />;
}
