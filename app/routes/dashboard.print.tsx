import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AsOfProblemNotice } from "~/components/as-of-problem";
import { DashboardReport } from "~/components/dashboard/report";
import { loadDashboardView } from "~/models/dashboard/view.server";
import { viewQuery } from "~/schemas/dashboard-params";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";
import { readDashboardRequest } from "./__dashboard-request.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dash.printView.title"), t("nav.dashboard")]);

/** The whole dashboard as an A4 report in the reader's language (switch with ?lng=), with the dashboard's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { today, search, problem } = await readDashboardRequest(request);
  if (problem) return data({ asOfProblem: problem }, { status: 400 });
  return loadDashboardView(search, today);
}

// Print rules: A4 pages, no site header, footer or screen-only controls, no shadows; links print as text.
const PRINT_CSS = `
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body > div > header, body > div > footer, body > div > a[href="#main"] { display: none !important; }
  html, body { background: #fff !important; }
  main#main { max-width: none !important; padding: 0 !important; }
  .dashboard-report a { color: inherit !important; text-decoration: none !important; }
  .dashboard-report section, .dashboard-report tr, .dashboard-report svg { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

export default function DashboardPrint() {
  const { t, i18n } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const lang = i18n.language === "en" ? "en" : "zh-CN";
  if ("asOfProblem" in loaded) return <AsOfProblemNotice problem={loaded.asOfProblem} />;
  const view = loaded;
  const query = viewQuery(view);
  return (
    <article className="mx-auto max-w-[190mm] print:max-w-none" data-testid="print-report">
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm print:hidden">
        <p className="text-slate-600">{t("dash.printView.hint")}</p>
        <span className="flex gap-2">
          <button
            type="button"
            onClick={() => window.print()}
            className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
          >
            {t("dash.printNow")}
          </button>
          <Link to={`/dashboard${query}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
            ← {t("dash.backToDashboard")}
          </Link>
        </span>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("dash.printView.title")}</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        {t("dash.printView.generated", {
          date: formatDate(view.params.asOf, lang),
          from: formatDate(view.params.from, lang),
          to: formatDate(view.params.to, lang),
        })}
      </p>
      <DashboardReport view={view} mode="print" lang={lang} />
    </article>
  );
}
