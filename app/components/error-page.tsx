import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const key = status === 403 || status === 404 ? status : 500;
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{t(`errors.${key}.title`)}</h1>
      <p className="mt-3 text-slate-600">{t(`errors.${key}.body`)}</p>
      <Link to="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("errors.backHome")}
      </Link>
    </section>
  );
}
