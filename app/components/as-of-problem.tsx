import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AsOfProblem } from "~/domain/as-of";
import { PageHeader } from "./ui/page-header";

/** What every dashboard page shows for an invalid or future as-of date (the exports and API answer the same text). */
export function AsOfProblemNotice({ problem, back = "/dashboard" }: { problem: AsOfProblem; back?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("dash.asOfProblem.title")} />
      <div
        role="alert"
        data-testid="as-of-problem"
        className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
      >
        <p>{t(problem.key, { value: problem.value, today: problem.today })}</p>
        <p className="mt-3">
          <Link to={back} className="font-medium text-brand-700 underline">
            {t("dash.asOfProblem.showToday")}
          </Link>
        </p>
      </div>
    </>
  );
}
