import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IntentForm } from "~/components/intent-form";
import { ErrorPage } from "~/components/error-page";
import { Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { listInbox, markAllInboxRead, openInboxItem } from "~/models/inbox.server";
import { OpenInboxItemSchema, ReadAllInboxSchema } from "~/schemas/account";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.title")]);

function pageOf(url: URL) {
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:notifications:own");
  return listInbox(user.id, pageOf(new URL(request.url)));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:notifications:own");
  return runIntent(
    formValues(await readForm(request)),
    {
      open: intent(OpenInboxItemSchema, ({ id }) => {
        const opened = openInboxItem(user.id, id);
        if (!opened) notFound();
        return redirect(opened.to);
      }),
      read_all: intent(ReadAllInboxSchema, async () => {
        const count = markAllInboxRead(user.id);
        const t = getFixedT(await getLocale(request, user));
        const page = pageOf(new URL(request.url));
        return redirectWithToast(
          request,
          `/notifications${page > 1 ? `?page=${page}` : ""}`,
          t("notifications.markedAllRead", { count }),
        );
      }),
    },
    () => data({ error: "validation.invalidChoice" }, { status: 400 }),
  );
}

const KIND_TONES = {
  new_request: "sky",
  enterprise_reply: "sky",
  reopened: "amber",
  due_soon: "amber",
  overdue: "red",
  dissatisfied: "red",
} as const;

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { items, page, pages, unread } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t("notifications.title")}
        subtitle={t("notifications.intro")}
        actions={
          <>
            <Link
              to="/settings/notifications"
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
            >
              {t("notifications.settingsLink")}
            </Link>
            {unread > 0 ? (
              <IntentForm intent="read_all">
                <Button type="submit" variant="secondary">
                  {t("notifications.markAllRead")}
                </Button>
              </IntentForm>
            ) : null}
          </>
        }
      />
      <p className="mb-3 text-sm text-slate-600" data-testid="unread-count">
        {t("notifications.unread", { count: unread })}
      </p>
      {items.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-600">{t("notifications.none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {items.map((item) => {
            const centre = lng === "en" ? item.centreNameEn : item.centreNameZh;
            const text = t(`notifications.kind.${item.kind}`, {
              receiptNo: item.receiptNo,
              centre,
              due: item.dueOn ? formatDate(item.dueOn, lng) : "",
            });
            return (
              <li
                key={item.id}
                data-testid="inbox-item"
                data-read={item.readAt ? "true" : "false"}
                className={item.readAt ? "" : "bg-brand-50/60"}
              >
                <IntentForm intent="open" values={{ id: item.id }} className="block">
                  <button
                    type="submit"
                    className="flex w-full items-start gap-3 px-4 py-3 text-left hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
                  >
                    <span
                      aria-hidden
                      className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${item.readAt ? "bg-transparent" : "bg-brand-600"}`}
                    />
                    <span className="min-w-0 flex-1">
                      <span
                        className={`block break-words text-sm ${item.readAt ? "text-slate-700" : "font-semibold text-slate-900"}`}
                      >
                        {text}
                        {item.readAt ? null : (
                          <Pill tone={KIND_TONES[item.kind]} className="ml-2 align-middle">
                            {t("notifications.new")}
                          </Pill>
                        )}
                      </span>
                      <span className="mt-0.5 block break-words text-sm text-slate-600">{item.title}</span>
                      <span className="mt-0.5 block text-xs text-slate-500">
                        {t("notifications.received", { time: formatDateTime(item.createdAt, lng) })}
                      </span>
                    </span>
                  </button>
                </IntentForm>
              </li>
            );
          })}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label={t("notifications.paging")} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
          {page > 1 ? (
            <Link
              to={page === 2 ? "/notifications" : `/notifications?page=${page - 1}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
            >
              ← {t("notifications.newer")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">{t("notifications.page", { page, pages })}</span>
          {page < pages ? (
            <Link
              to={`/notifications?page=${page + 1}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
            >
              {t("notifications.older")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
