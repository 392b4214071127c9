import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { HiddenLabel } from "~/components/ui/field";

/**
 * A search page's own field (the staff search, the portal's search, the portal's policy library):
 * a plain GET form that works without JavaScript. `children` are hidden fields that travel with
 * the query. The header's field on every page is `SearchBox`.
 */
export function SearchForm({
  action,
  inputId,
  label,
  placeholder,
  q,
  children,
}: {
  /** Where the form goes; the page itself when left out. */
  action?: string;
  inputId: string;
  label: string;
  placeholder: string;
  q: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form
      method="get"
      action={action}
      role="search"
      className="mb-6 flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex-row"
    >
      <SearchInput id={inputId} name="q" label={label} placeholder={placeholder} defaultValue={q} />
      {children}
      <Button type="submit" className="whitespace-nowrap">
        {t("search.submit")}
      </Button>
    </Form>
  );
}

/** A search field whose label only screen readers hear (the button beside it says what it does). */
export function SearchInput({
  id,
  name,
  label,
  placeholder,
  defaultValue,
  compact = false,
}: {
  id: string;
  name: string;
  label: string;
  placeholder: string;
  defaultValue: string;
  /** Slightly lower, for a search inside another page's panel. */
  compact?: boolean;
}) {
  return (
    <>
      <HiddenLabel htmlFor={id}>{label}</HiddenLabel>
      <input
        id={id}
        name={name}
        type="search"
        defaultValue={defaultValue}
        placeholder={placeholder}
        className={`block w-full rounded-md border border-slate-300 px-3 ${compact ? "py-1.5" : "py-2"} text-sm`}
      />
    </>
  );
}

/** What a search found: a hint before anything is asked, a line when nothing matched, else the results. */
export function SearchOutcome({ q, found, children }: { q: string; found: number; children: React.ReactNode }) {
  const { t } = useTranslation();
  if (q === "") return <p className="text-sm text-slate-600">{t("search.hint")}</p>;
  if (found === 0)
    return (
      <p
        className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600"
        data-testid="no-results"
      >
        {t("search.noResults", { q })}
      </p>
    );
  return <>{children}</>;
}
