import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Statuses with their own words; another 4xx reads as 400, another 5xx as 500. */
const EXPLAINED = [400, 403, 404, 405, 411, 413, 415, 429, 500, 507] as const;
/** Reasons a form is refused (statusText of the Response), each explained on its own. */
const REASONS = ["notAForm", "unreadableForm", "tooManyFields", "tooManyValues", "forbiddenName", "filterTooLong"] as const;

export function errorKey(status: number): (typeof EXPLAINED)[number] {
  if ((EXPLAINED as readonly number[]).includes(status)) return status as (typeof EXPLAINED)[number];
  return status >= 400 && status < 500 ? 400 : 500;
}

export function ErrorPage({ status, reason }: { status: number; reason?: string }) {
  const { t } = useTranslation();
  const key = errorKey(status);
  const explained = reason && (REASONS as readonly string[]).includes(reason) ? reason : null;
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{t(`errors.${key}.title`)}</h1>
      <p className="mt-3 text-slate-600">{explained ? t(`errors.reasons.${explained}`) : t(`errors.${key}.body`)}</p>
      <Link
        to="/"
        className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("errors.backHome")}
      </Link>
    </section>
  );
}

/** The status and reason of whatever a route threw, for ErrorPage. */
export function errorPageProps(error: unknown): { status: number; reason?: string } {
  if (!isRouteErrorResponse(error)) return { status: 500 };
  return { status: error.status, reason: typeof error.data === "string" ? error.data : undefined };
}
