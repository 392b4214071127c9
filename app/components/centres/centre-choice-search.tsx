import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import type { CentreChoiceList } from "~/models/centre.server";
import { formatNumber } from "~/utils/format";

/** The URL parameter that narrows a form's centre select by name. */
export const CENTRE_CHOICE_PARAM = "centreQ";

/** The name a page's centre select is narrowed by (`?centreQ=`), as its loader reads it. */
export const centreChoiceQuery = (search: URLSearchParams) => (search.get(CENTRE_CHOICE_PARAM) ?? "").trim().slice(0, 200);

/**
 * Above a form whose centre select lists only the first centres (a city has thousands): a
 * search by name, a plain GET form (it works without JavaScript, and cannot sit inside the
 * form it serves), and a line saying how many centres the select shows. Nothing when every
 * centre fits and nothing was searched.
 */
export function CentreChoiceSearch({ list, id }: { list: CentreChoiceList; id: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  if (!list.q && list.total <= list.shown) return null;
  const n = (value: number) => formatNumber(value, i18n.language);
  // The page's other parameters (its language) stay; a centre chosen by link gives way to the search.
  const kept = [...new URLSearchParams(location.search)].filter(([k]) => k !== CENTRE_CHOICE_PARAM && k !== "centre");
  const clear = new URLSearchParams(kept);
  const shown = Math.min(list.shown, list.matching);
  const note = !list.q
    ? t("centres.choiceSearch.showingFirst", { formattedShown: n(list.shown), formattedCount: n(list.total) })
    : list.matching === 0
      ? t("centres.choiceSearch.none", { q: list.q })
      : t(list.matching > shown ? "centres.choiceSearch.matchingFirst" : "centres.choiceSearch.matching", {
          count: list.matching,
          formattedCount: n(list.matching),
          formattedShown: n(shown),
          q: list.q,
        });
  return (
    <Form
      method="get"
      role="search"
      className="mb-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
      data-testid="centre-choice-search"
    >
      {kept.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {t("centres.choiceSearch.label")}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          type="search"
          name={CENTRE_CHOICE_PARAM}
          defaultValue={list.q}
          maxLength={200}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        />
        <Button type="submit" variant="secondary">
          {t("centres.choiceSearch.submit")}
        </Button>
        {list.q ? (
          <Link to={`?${clear}`} className="text-sm text-brand-700 hover:underline">
            {t("centres.choiceSearch.clear")}
          </Link>
        ) : null}
      </div>
      <p className="mt-2 text-xs text-slate-600" role="status" data-testid="centre-choice-note">
        {note}
      </p>
    </Form>
  );
}
