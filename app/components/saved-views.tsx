import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { viewQuery, type SavedViewPage } from "~/schemas/saved-view";

type View = { id: string; name: string; query: string };

/**
 * A list page's saved views (personal, each a link with the filters in its query string, so it
 * can be shared) and a form saving the current filters under a name. Works without JavaScript.
 */
export function SavedViews({ page, views }: { page: SavedViewPage; views: View[] }) {
  const { t } = useTranslation();
  const location = useLocation();
  const current = viewQuery(location.search);
  return (
    <section
      aria-labelledby="saved-views-title"
      className="mb-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-center"
      data-testid="saved-views"
    >
      <h2 id="saved-views-title" className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {t("savedViews.title")}
      </h2>
      {views.length === 0 ? <p className="text-sm text-slate-600">{t("savedViews.none")}</p> : null}
      <ul className="flex flex-wrap gap-2">
        {views.map((v) => (
          <li
            key={v.id}
            className={`flex items-center rounded-full border text-sm ${v.query === current ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
          >
            <Link
              to={`/${page}${v.query ? `?${v.query}` : ""}`}
              className="max-w-[14rem] truncate py-1 pl-3 pr-1 text-brand-700 hover:underline"
              aria-current={v.query === current ? "page" : undefined}
            >
              {v.name}
            </Link>
            <Form method="post" action="/saved-views">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="page" value={page} />
              <input type="hidden" name="id" value={v.id} />
              <button
                type="submit"
                className="rounded-full px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-red-700"
                aria-label={t("savedViews.delete", { name: v.name })}
              >
                ×
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" action="/saved-views" className="flex gap-2 sm:ml-auto">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="page" value={page} />
        <input type="hidden" name="query" value={current} />
        <label htmlFor={`view-name-${page}`} className="sr-only">
          {t("savedViews.name")}
        </label>
        <input
          id={`view-name-${page}`}
          name="name"
          required
          maxLength={60}
          placeholder={t("savedViews.namePlaceholder")}
          className="w-full min-w-0 rounded-md border border-slate-300 px-2 py-1.5 text-sm sm:w-44"
        />
        <button
          type="submit"
          className="whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
        >
          {t("savedViews.save")}
        </button>
      </Form>
    </section>
  );
}
