import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Newer / older links for a paged list: plain links with the page in the query string (the
 * other parameters kept), so they work without JavaScript. A page past the end of the list (an
 * old link, an edited URL: `empty` and not the first) says so and links to the first page.
 */
export function Pager({
  param,
  page,
  hasOlder,
  anchor,
  order = "time",
  empty = false,
}: {
  param: string;
  page: number;
  hasOlder: boolean;
  anchor: string;
  /** "time": newest first (newer / older); "list": any other order (previous / next). */
  order?: "time" | "list";
  /** The page shows no rows. */
  empty?: boolean;
}) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  if (page === 0 && !hasOlder) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(searchParams);
    if (p > 0) params.set(param, String(p));
    else params.delete(param);
    const query = params.toString();
    return `${query ? `?${query}` : "?"}#${anchor}`;
  };
  if (empty && page > 0)
    return (
      <nav aria-label={t("paging.label")} className="mt-4 text-sm text-slate-600" data-testid={`pager-${param}`}>
        {t("paging.pastEnd", { page: page + 1 })}{" "}
        <Link to={href(0)} preventScrollReset className="text-brand-700 hover:underline">
          {t("paging.first")}
        </Link>
      </nav>
    );
  return (
    <nav
      aria-label={t("paging.label")}
      className="mt-4 flex items-center justify-between gap-3 text-sm"
      data-testid={`pager-${param}`}
    >
      {page > 0 ? (
        <Link to={href(page - 1)} preventScrollReset rel="prev" className="text-brand-700 hover:underline">
          ← {order === "time" ? t("paging.newer") : t("paging.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">{t("paging.page", { page: page + 1 })}</span>
      {hasOlder ? (
        <Link to={href(page + 1)} preventScrollReset rel="next" className="text-brand-700 hover:underline">
          {order === "time" ? t("paging.older") : t("paging.next")} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
