import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Highlight } from "~/components/highlight";
import { RequestStatusBadge } from "~/components/request-parts";
import { SearchForm, SearchOutcome } from "~/components/search-page";
import { Card, PageHeader } from "~/components/ui/page-header";
import { snippetAround } from "~/domain/search-text";
import { searchForEnterprise } from "~/models/search.server";
import { requireEnterpriseUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { SearchParamsSchema } from "~/schemas/search";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("search.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const { q } = SearchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // ★ Scoped to the user's own centre inside the model function; public replies only.
  const result = searchForEnterprise(user, q);
  return {
    q,
    terms: result.terms,
    requests: result.requests.map((r) => ({ ...r, reply: r.reply ? snippetAround(r.reply, result.terms, 60) : null })),
    checklist: result.checklist,
    followUps: result.followUps,
  };
}

export default function PortalSearch() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { q, terms, requests, checklist, followUps } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("search.portalTitle")} subtitle={t("search.portalScope")} />
      <SearchForm
        action="/portal/search"
        inputId="portal-search-q"
        label={t("search.label")}
        placeholder={t("search.portalPlaceholder")}
        q={q}
      />
      <SearchOutcome q={q} found={requests.length + checklist.length + followUps.length}>
        <div className="space-y-6">
          {requests.length > 0 ? (
            <Card title={t("search.kinds.request")}>
              <ul className="divide-y divide-slate-100" data-testid="results-request">
                {requests.map((r) => (
                  <li key={r.id} className="py-2.5">
                    <Link to={`/portal/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                      <Highlight text={r.title} terms={terms} />
                    </Link>
                    <span className="ml-2 font-mono text-xs text-slate-600">
                      <Highlight text={r.receiptNo} terms={terms} />
                    </span>{" "}
                    <RequestStatusBadge status={r.status} />
                    <p className="text-sm text-slate-600">
                      <Highlight text={r.description} terms={terms} snippet={60} />
                    </p>
                    {r.reply ? (
                      <p className="mt-1 border-l-2 border-slate-200 pl-2 text-sm text-slate-600">
                        <span className="text-xs font-medium text-slate-500">{t("search.inReply")}: </span>
                        <Highlight text={r.reply} terms={terms} />
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {checklist.length > 0 ? (
            <Card title={t("portal.checklist")}>
              <ul className="divide-y divide-slate-100 text-sm" data-testid="results-checklist">
                {checklist.map((item) => (
                  <li key={item.id} className="flex flex-wrap justify-between gap-2 py-2">
                    {/* One flex item: the highlighted pieces of the title stay one line of text. */}
                    <span>
                      <Highlight text={lng === "en" ? item.titleEn : item.titleZh} terms={terms} />
                    </span>
                    <span className="text-xs text-slate-600">
                      {t(`checklist.statuses.${item.status}`)}
                      {item.dueOn ? ` · ${formatDate(item.dueOn, lng)}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {followUps.length > 0 ? (
            <Card title={t("portal.followUps")}>
              <ul className="space-y-2 text-sm" data-testid="results-follow_up">
                {followUps.map((f) => (
                  <li key={f.id}>
                    <Highlight text={f.description} terms={terms} />
                    {f.dueOn ? <span className="block text-xs text-slate-500">{formatDate(f.dueOn, lng)}</span> : null}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </SearchOutcome>
    </>
  );
}
