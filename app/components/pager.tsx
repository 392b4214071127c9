import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Newer / older links for a paged list: plain links with the page in the query string (the
 * other parameters kept), so they work without JavaScript.
 */
export function Pager({ param, page, hasOlder, anchor }: { param: string; page: number; hasOlder: boolean; anchor: string }) {
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
  return (
    <nav
      aria-label={t("paging.label")}
      className="mt-4 flex items-center justify-between gap-3 text-sm"
      data-testid={`pager-${param}`}
    >
      {page > 0 ? (
        <Link to={href(page - 1)} preventScrollReset rel="prev" className="text-brand-700 hover:underline">
          ← {t("paging.newer")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">{t("paging.page", { page: page + 1 })}</span>
      {hasOlder ? (
        <Link to={href(page + 1)} preventScrollReset rel="next" className="text-brand-700 hover:underline">
          {t("paging.older")} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
