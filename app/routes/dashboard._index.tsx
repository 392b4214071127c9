import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AsOfProblemNotice } from "~/components/as-of-problem";
import { DashboardReport } from "~/components/dashboard/report";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { loadDashboardScreenView } from "~/models/dashboard/view.server";
import { INTERVALS } from "~/domain/figure-dimensions";
import { BREAKDOWNS, breakdownOf, viewQuery } from "~/schemas/dashboard-params";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";
import { readDashboardRequest } from "./__dashboard-request.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.dashboard")]);

/** Officials' dashboard: every figure as of the URL's date (default today), filters in the URL; read only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { today, search, problem } = await readDashboardRequest(request);
  if (problem) return data({ asOfProblem: problem }, { status: 400 });
  return loadDashboardScreenView(search, today);
}

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  // Only a grouping the page knows is carried through the filter form; the first is the default.
  const breakdown = breakdownOf(search.get("breakdown"));
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  if ("asOfProblem" in loaded) return <AsOfProblemNotice problem={loaded.asOfProblem} />;
  const view = loaded;
  const { params, today } = view;
  const subtitle =
    params.asOf === today
      ? t("dash.asOfToday", { date: formatDate(today, lang) })
      : t("dash.asOf", { date: formatDate(params.asOf, lang) });
  const query = viewQuery(view);
  return (
    <>
      <PageHeader
        title={t("dash.title")}
        subtitle={<span data-testid="as-of">{subtitle}</span>}
        actions={
          <span className="flex flex-wrap gap-2 print:hidden">
            <Link
              to={`/dashboard/print${query}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            >
              {t("dash.print")}
            </Link>
            <a
              href={`/dashboard/export.xlsx${query}`}
              download
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            >
              {t("dash.downloadAll")}
            </a>
          </span>
        }
      />
      <Form
        method="get"
        className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:hidden"
        aria-label={t("dash.filters.legend")}
      >
        {/* The grouping shown stays when the filters change. */}
        {breakdown !== BREAKDOWNS[0] ? <input type="hidden" name="breakdown" value={breakdown} /> : null}
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5 md:items-end">
          <label className="block text-xs font-medium text-slate-600">
            {t("dash.filters.asOf")}
            <input type="date" name="asOf" defaultValue={params.asOf} max={today} className={input} data-testid="as-of-input" />
          </label>
          <label className="block text-xs font-medium text-slate-600">
            {t("dash.filters.interval")}
            <select name="interval" defaultValue={params.interval} className={input}>
              {INTERVALS.map((i) => (
                <option key={i} value={i}>
                  {t(`dash.intervals.${i}`)}
                </option>
              ))}
            </select>
          </label>
          {(["from", "to"] as const).map((bound) => (
            <label key={bound} className="block text-xs font-medium text-slate-600">
              {t(`dash.filters.${bound}`)}
              <input
                type="date"
                name={bound}
                defaultValue={params.periodGiven[bound] ? params[bound] : ""}
                max={today}
                className={input}
                aria-describedby="period-default"
              />
            </label>
          ))}
          <div className="col-span-2 flex items-center gap-3 md:col-span-1">
            <Button type="submit">{t("dash.filters.apply")}</Button>
            <Link to="/dashboard" className="whitespace-nowrap text-sm text-brand-700 hover:underline">
              {t("dash.filters.reset")}
            </Link>
          </div>
        </div>
        <p id="period-default" className="mt-2 text-xs text-slate-500">
          {t("dash.filters.periodDefault", { from: formatDate(params.from, lang), to: formatDate(params.to, lang) })}
        </p>
        {params.invalid.length > 0 ? (
          <p role="alert" className="mt-3 text-sm text-amber-800">
            {t("dash.filters.invalid", { names: params.invalid.join(", ") })}
          </p>
        ) : null}
      </Form>
      <DashboardReport view={view} mode="screen" lang={lang} />
    </>
  );
}
