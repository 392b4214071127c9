import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from "~/domain/notification-policy";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { getOutboxMessage, listOutbox, OUTBOX_PAGE_SIZE, outboxCounts, retryOutboxMessage } from "~/models/outbox.server";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { env } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { emailIsCaptured, kickOutboxWorker } from "~/models/outbox-worker.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("outbox.title"), t("nav.admin")]);

const STATUSES = OUTBOX_STATUSES;
const Filters = z.object({
  status: z.enum(STATUSES).nullable().catch(null),
  channel: z.enum(OUTBOX_CHANNELS).nullable().catch(null),
  view: z.string().max(64).nullable().catch(null),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:outbox:any");
  const params = new URL(request.url).searchParams;
  const filters = Filters.parse({ status: params.get("status"), channel: params.get("channel"), view: params.get("view") });
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<(typeof STATUSES)[number], number>;
  for (const row of outboxCounts()) counts[row.status] = row.count;
  const rows = listOutbox(filters);
  return {
    rows,
    // Whether the list stopped at OUTBOX_PAGE_SIZE: a value of a .server module is not in the browser's bundle.
    cut: rows.length === OUTBOX_PAGE_SIZE ? OUTBOX_PAGE_SIZE : null,
    counts,
    message: filters.view ? (getOutboxMessage(filters.view) ?? null) : null,
    captured: emailIsCaptured(),
    wecomConfigured: Boolean(env.WECOM_WEBHOOK_URL),
  };
}

const RetrySchema = z.object({ intent: z.literal("retry"), id: z.string().min(1).max(64) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:outbox:any");
  const parsed = RetrySchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ error: "validation.invalidChoice" }, { status: 400 });
  const result = retryOutboxMessage(admin.id, parsed.data.id);
  if (result === "not_found") notFound();
  if (result === "ok") kickOutboxWorker();
  const t = getFixedT(await getLocale(request, admin));
  const back = new URL(request.url);
  const toast =
    result === "ok"
      ? ({ kind: "success", message: t("outbox.retried") } as const)
      : ({ kind: "error", message: t("outbox.alreadySent") } as const);
  return redirectWithToast(request, `/admin/outbox${back.search}`, toast);
}

const STATUS_TONES = { pending: "amber", sent: "green", failed: "red", held: "sky", digested: "slate" } as const;

function FilterLinks() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const current = searchParams.get("status");
  return (
    <nav aria-label={t("outbox.filter.label")} className="mb-4 flex flex-wrap gap-2 text-sm">
      {[null, ...STATUSES].map((status) => {
        const params = new URLSearchParams(searchParams);
        params.delete("view");
        if (status) params.set("status", status);
        else params.delete("status");
        const active = current === status;
        return (
          <Link
            key={status ?? "all"}
            to={`?${params.toString()}`}
            aria-current={active ? "true" : undefined}
            className={`rounded-full border px-3 py-1 ${active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
          >
            {status ? t(`outbox.status.${status}`) : t("outbox.filter.all")}
          </Link>
        );
      })}
    </nav>
  );
}

function RetryButton({ id, subject }: { id: string; subject: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="retry" />
      <input type="hidden" name="id" value={id} />
      <Button
        type="submit"
        variant="secondary"
        className="whitespace-nowrap px-2 py-1"
        aria-label={t("outbox.retryLabel", { subject })}
      >
        {t("outbox.retry")}
      </Button>
    </Form>
  );
}

export default function AdminOutbox() {
  const { t, i18n } = useTranslation();
  const { rows, cut, counts, message, captured, wecomConfigured } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const lng = i18n.language;
  const viewLink = (id: string) => {
    const params = new URLSearchParams(searchParams);
    params.set("view", id);
    return `?${params.toString()}`;
  };
  const closeLink = () => {
    const params = new URLSearchParams(searchParams);
    params.delete("view");
    return `?${params.toString()}`;
  };
  return (
    <>
      <BackLink to="/admin">{t("outbox.backToAdmin")}</BackLink>
      <PageHeader title={t("outbox.title")} subtitle={t("outbox.counts", counts)} />
      <p className="-mt-3 mb-4 max-w-3xl text-sm text-slate-600">{t("outbox.intro")}</p>
      {captured || !wecomConfigured ? (
        <div className="mb-4 space-y-1 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
          {captured ? <p>{t("outbox.captureNotice")}</p> : null}
          {!wecomConfigured ? <p>{t("outbox.wecomOff")}</p> : null}
        </div>
      ) : null}
      {message ? (
        <Card className="mb-6">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <h2 className="text-base font-semibold text-slate-900" data-testid="outbox-subject">
              {message.subject}
            </h2>
            <Link to={closeLink()} className="text-sm text-brand-700 hover:underline">
              {t("outbox.message.close")}
            </Link>
          </div>
          <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            <div>
              <dt className="inline text-slate-500">{t("outbox.message.to")}: </dt>
              <dd className="inline break-all">
                {t(`outbox.channel.${message.channel}`)} · {message.recipient}
              </dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{t("outbox.message.language")}: </dt>
              <dd className="inline">{t(`locales.${message.locale}`)}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{t("outbox.message.queued")}: </dt>
              <dd className="inline">{formatDateTime(message.createdAt, lng)}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{t("outbox.columns.status")}: </dt>
              <dd className="inline">
                {t(`outbox.status.${message.status}`)}
                {message.sentAt ? ` · ${formatDateTime(message.sentAt, lng)}` : ""}
              </dd>
            </div>
          </dl>
          {message.lastError ? <p className="mt-2 break-words text-sm text-red-700">{message.lastError}</p> : null}
          <pre
            className="mt-4 max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-4 font-sans text-sm text-slate-800"
            data-testid="outbox-body"
          >
            {message.body}
          </pre>
        </Card>
      ) : null}
      <FilterLinks />
      {rows.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-600 shadow-sm">{t("outbox.none")}</p>
      ) : (
        <Table
          stack
          caption={t("outbox.title")}
          head={[
            t("outbox.columns.message"),
            t("outbox.columns.status"),
            t("outbox.columns.lastError"),
            t("outbox.columns.actions"),
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id} data-testid="outbox-row" data-status={row.status}>
              <Td className="min-w-[14rem]">
                <Link to={viewLink(row.id)} className="font-medium text-brand-700 hover:underline">
                  {row.subject}
                </Link>
                <div className="mt-0.5 break-words text-xs text-slate-600">
                  {t("outbox.to", { channel: t(`outbox.channel.${row.channel}`), recipient: row.recipient })}
                </div>
                <div className="text-xs text-slate-500">{t("outbox.queuedAt", { time: formatDateTime(row.createdAt, lng) })}</div>
              </Td>
              <Td className="min-w-[10rem]">
                <Pill tone={STATUS_TONES[row.status]}>{t(`outbox.status.${row.status}`)}</Pill>
                {captured && row.status === "sent" && row.channel === "email" ? (
                  <span className="ml-1 text-xs text-slate-500">{t("outbox.captured")}</span>
                ) : null}
                <div className="mt-1 text-xs text-slate-600">{t("outbox.attempts", { count: row.attempts })}</div>
                {row.sentAt ? (
                  <div className="text-xs text-slate-600">{t("outbox.sentAt", { time: formatDateTime(row.sentAt, lng) })}</div>
                ) : null}
                {row.status === "pending" ? (
                  <div className="text-xs text-slate-600">
                    {t("outbox.nextAt", { time: formatDateTime(row.nextAttemptAt, lng) })}
                  </div>
                ) : null}
              </Td>
              <Td className="min-w-[12rem] max-w-sm">
                {row.lastError ? (
                  <span className="line-clamp-3 break-words text-xs text-red-700" title={row.lastError}>
                    {row.lastError}
                  </span>
                ) : null}
              </Td>
              <Td>
                <div className="flex flex-col items-start gap-2">
                  <Link
                    to={viewLink(row.id)}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50"
                    aria-label={`${t("outbox.view")}: ${row.subject}`}
                  >
                    {t("outbox.view")}
                  </Link>
                  {row.status === "pending" || row.status === "failed" ? <RetryButton id={row.id} subject={row.subject} /> : null}
                </div>
              </Td>
            </tr>
          ))}
        </Table>
      )}
      {cut ? <p className="mt-2 text-xs text-slate-500">{t("outbox.shown", { count: cut })}</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
