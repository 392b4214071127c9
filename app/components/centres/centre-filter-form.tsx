import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SearchInput } from "~/components/search-page";
import { StewardFilterField, type StewardFilter } from "~/components/steward-filter";
import { Button } from "~/components/ui/button";
import { LongSelect } from "~/components/ui/long-select";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS } from "~/domain/levels";
import { CENTRE_SORTS, type CentreFilters } from "~/schemas/centre-filters";
import { labelOf } from "~/utils/labels";

export type ListItem = { code: string; labelZh: string; labelEn: string };
export type CentreFilterLists = {
  stages: ListItem[];
  districts: ListItem[];
  parks: ListItem[];
  industries: ListItem[];
  countries: ListItem[];
};

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | number | undefined;
  options: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <label className="block text-xs font-medium text-slate-600">
      {label}
      <LongSelect
        name={name}
        value={value}
        empty={t("centres.any")}
        options={options}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
      />
    </label>
  );
}

/** The centre list's search box and filters: a GET form, so every choice is in the URL. */
export function CentreFilterForm({
  filters,
  lists,
  steward,
}: {
  filters: CentreFilters;
  lists: CentreFilterLists;
  steward: StewardFilter;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const opts = (items: ListItem[]) => items.map((i) => ({ value: i.code, label: labelOf(i, lng) }));
  const batches = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t("centres.batchN", { batch: i + 1 }) }));
  return (
    <Form method="get" className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" role="search">
      <div className="flex flex-col gap-2 sm:flex-row">
        <SearchInput
          id="q"
          name="q"
          label={t("centres.search")}
          placeholder={t("centres.searchPlaceholder")}
          defaultValue={filters.q ?? ""}
        />
        <Button type="submit">{t("centres.filter")}</Button>
        <Link to="/centres" className="self-center whitespace-nowrap text-sm text-brand-700 hover:underline">
          {t("centres.clear")}
        </Link>
      </div>
      <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6">
        <FilterSelect name="stage" label={t("centres.fields.stage")} value={filters.stage} options={opts(lists.stages)} />
        <FilterSelect
          name="level"
          label={t("centres.fields.level")}
          value={filters.level}
          options={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        />
        <FilterSelect
          name="type"
          label={t("centres.fields.type")}
          value={filters.type}
          options={CENTRE_TYPES.map((v) => ({ value: v, label: t(`centreTypes.${v}`) }))}
        />
        <FilterSelect
          name="district"
          label={t("centres.fields.district")}
          value={filters.district}
          options={opts(lists.districts)}
        />
        <FilterSelect name="park" label={t("centres.fields.park")} value={filters.park} options={opts(lists.parks)} />
        <FilterSelect
          name="industry"
          label={t("centres.fields.industries")}
          value={filters.industry}
          options={opts(lists.industries)}
        />
        <FilterSelect
          name="country"
          label={t("centres.fields.country")}
          value={filters.country}
          options={opts(lists.countries)}
        />
        <StewardFilterField
          id="steward-filter"
          label={t("centres.stewards")}
          placeholder={t("centres.stewardFilter.placeholder")}
          steward={steward}
          className="col-span-2 md:col-span-1"
        />
        <FilterSelect name="batch" label={t("centres.batchFilter")} value={filters.batch} options={batches} />
        <FilterSelect
          name="recognised"
          label={t("centres.recognisedFilter.label")}
          value={filters.recognised}
          options={[
            { value: "yes", label: t("centres.recognisedFilter.yes") },
            { value: "no", label: t("centres.recognisedFilter.no") },
          ]}
        />
        <label className="block text-xs font-medium text-slate-600">
          {t("centres.sort")}
          <select
            name="sort"
            defaultValue={filters.sort}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
          >
            {CENTRE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`centres.sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Form>
  );
}
