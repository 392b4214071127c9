import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader } from "~/components/ui/page-header";
import { getBulkResult } from "~/models/centre-bulk.server";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";

/** What a bulk action did: done, already so, refused (with why); only for the user who ran it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const result = getBulkResult(user, params.resultId ?? "");
  if (!result) notFound();
  return result;
}

type Named = { id: string; nameZh: string | null; nameEn: string | null };

function CentreList({ rows, testId, reason }: { rows: (Named & { reason?: string })[]; testId: string; reason?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid={testId}>
      {rows.map((c) => (
        <li key={c.id} className="flex flex-wrap justify-between gap-2 py-1.5">
          {c.nameEn ? (
            <Link to={`/centres/${c.id}`} className="text-brand-700 hover:underline">
              {i18n.language === "en" ? c.nameEn : c.nameZh}
            </Link>
          ) : (
            <span className="break-all font-mono text-xs text-slate-600">{c.id}</span>
          )}
          {reason && c.reason ? <span className="text-xs text-red-800">{t(`bulk.refusals.${c.reason}`)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export default function BulkResult() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const r = useLoaderData<typeof loader>();
  const what =
    r.action === "apply_template"
      ? t("bulk.did.apply_template", { template: r.template ? (lng === "en" ? r.template.titleEn : r.template.titleZh) : "—" })
      : r.steward
        ? t(`bulk.did.${r.action}`, { steward: r.steward })
        : t("bulk.did.clear_district");
  const more = (n: number) =>
    n > r.shown ? <p className="mt-2 text-xs text-slate-500">{t("bulk.firstShown", { count: r.shown })}</p> : null;
  return (
    <>
      <PageHeader title={t("bulk.resultTitle")} subtitle={`${what} · ${formatDateTime(r.at, lng)}`} />
      <p className="mb-6 text-base text-slate-800" data-testid="bulk-summary">
        {t("bulk.summary", { done: r.counts.done, unchanged: r.counts.unchanged, refused: r.counts.refused })}
      </p>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("bulk.doneTitle", { count: r.counts.done })}>
          {r.done.length ? <CentreList rows={r.done} testId="bulk-done" /> : <p className="text-sm text-slate-600">—</p>}
          {more(r.counts.done)}
        </Card>
        <Card title={t("bulk.unchangedTitle", { count: r.counts.unchanged })}>
          {r.unchanged.length ? (
            <CentreList rows={r.unchanged} testId="bulk-unchanged" />
          ) : (
            <p className="text-sm text-slate-600">—</p>
          )}
          {more(r.counts.unchanged)}
        </Card>
        <Card title={t("bulk.refusedTitle", { count: r.counts.refused })}>
          {r.refused.length ? (
            <CentreList rows={r.refused} testId="bulk-refused" reason />
          ) : (
            <p className="text-sm text-slate-600">—</p>
          )}
          {more(r.counts.refused)}
        </Card>
      </div>
      <p className="mt-6">
        <Link to="/centres" className="text-sm font-medium text-brand-700 hover:underline">
          ← {t("bulk.backToCentres")}
        </Link>
      </p>
    </>
  );
}
