import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RequestActionForm } from "~/components/request-action-form";
import {
  Commitment,
  HistoryCard,
  MessagesCard,
  MilestoneList,
  RatingGivenCard,
  RequestDescription,
  RequestStatusBadge,
} from "~/components/request-parts";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { answerCommitment, requestMilestones } from "~/domain/request-clock";
import { allowedActions, isOpen, isWithinReopenWindow, SATISFACTION_RATINGS } from "~/domain/request-lifecycle";
import { workingCalendar } from "~/models/calendar.server";
import { getSetting, referenceList } from "~/models/reference.server";
import { getRequestForEnterprise, threadPagesOf } from "~/models/support-request.server";
import { metDatesOf } from "~/models/support-request-due-dates.server";
import { notFound, requireEnterpriseUser } from "~/utils/auth.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { requestActionForm } from "./__request-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.supportRequest.receiptNo, t("nav.portal")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  // ★ Scoped to the user's centre inside the model: another centre's id answers 404.
  const supportRequest = getRequestForEnterprise(user, params.requestId ?? "", threadPagesOf(request.url));
  if (!supportRequest) notFound();
  const calendar = workingCalendar();
  const today = todayInBeijing();
  const status = supportRequest.status;
  const since = supportRequest.closedAt ?? supportRequest.answeredAt;
  const canReopen =
    allowedActions(status, "enterprise").includes("reopen") &&
    Boolean(since) &&
    isWithinReopenWindow(todayInBeijing(new Date(since!)), today, getSetting("reopenWindowWorkingDays"), calendar);
  const milestones = requestMilestones(
    calendar,
    { ...supportRequest, ...metDatesOf(supportRequest) },
    today,
    getSetting("dueSoonWorkingDays"),
  );
  return {
    supportRequest,
    milestones,
    commitment: answerCommitment(milestones),
    canReply: isOpen(status),
    canClose: allowedActions(status, "enterprise").includes("close"),
    canReopen,
    // The reopen window is counted in working days; say so when it runs into a year whose calendar is not known yet.
    reopenWindowBeyondCalendar: Boolean(since) && !calendar.rangeKnown(todayInBeijing(new Date(since!)), today),
    canRate: status === "closed" && !supportRequest.rating,
    categories: referenceList("request_category", { includeInactive: true }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const id = params.requestId ?? "";
  const outcome = await requestActionForm(request, user, id, await getLocale(request, user));
  if ("failure" in outcome) return outcome.failure;
  return redirectWithToast(request, `/portal/requests/${id}`, outcome.done);
}

export default function PortalRequestPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const {
    supportRequest: r,
    milestones,
    commitment,
    canReply,
    canClose,
    canReopen,
    reopenWindowBeyondCalendar,
    canRate,
    categories,
  } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl">
      <BackLink to="/portal">{t("requests.backToPortal")}</BackLink>
      <PageHeader
        title={r.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono" data-testid="receipt-no">
              {r.receiptNo}
            </span>
            <RequestStatusBadge status={r.status} />
            <span>{labelByCode(categories, r.categoryCode, lng)}</span>
            <span>
              · {t("requests.fields.submittedOn")} {formatDate(r.submittedOn, lng)}
            </span>
          </span>
        }
      />
      <Card>
        <p className="mb-3 text-base font-medium text-slate-900" data-testid="commitment">
          <Commitment commitment={commitment} />
        </p>
        <MilestoneList milestones={milestones} />
      </Card>
      <div className="h-6" />
      <div className="grid gap-6 md:grid-cols-3">
        <div className="space-y-6 md:col-span-2">
          <Card>
            <RequestDescription description={r.description} attachments={r.attachments} />
          </Card>
          <MessagesCard messages={r.messages} paging={r.paging.messages}>
            {canReply ? (
              <RequestActionForm
                intent="reply"
                label={t("requests.actions.reply")}
                fields={[{ name: "body", label: t("requests.yourReply"), kind: "textarea" }]}
              />
            ) : null}
          </MessagesCard>
        </div>
        <div className="space-y-6">
          {canClose ? (
            <Card>
              <RequestActionForm intent="close" label={t("requests.actions.confirmClose")} />
            </Card>
          ) : null}
          {canRate ? (
            <Card title={t("requests.actions.rate")}>
              <RequestActionForm
                intent="rate"
                label={t("requests.actions.rate")}
                fields={[{ name: "comment", label: t("requests.rating.comment"), kind: "textarea" }]}
              >
                <fieldset>
                  <legend className="mb-1 text-sm font-medium text-slate-700">{t("requests.rating.title")}</legend>
                  {SATISFACTION_RATINGS.map((rating) => (
                    <label key={rating} className="flex items-center gap-2 py-0.5 text-sm">
                      <input type="radio" name="rating" value={rating} required /> {t(`requests.rating.${rating}`)}
                    </label>
                  ))}
                </fieldset>
              </RequestActionForm>
            </Card>
          ) : null}
          {r.rating ? (
            <RatingGivenCard rating={r.rating.rating}>
              <p className="mt-1 text-sm text-slate-600">{t("requests.rating.thanks")}</p>
            </RatingGivenCard>
          ) : null}
          {canReopen ? (
            <Card>
              <RequestActionForm
                intent="reopen"
                variant="secondary"
                label={t("requests.actions.reopen")}
                fields={[{ name: "reason", label: t("requests.actions.reopenReason"), kind: "textarea" }]}
              />
              {reopenWindowBeyondCalendar ? (
                <p className="mt-2 text-xs text-amber-800">{t("requests.reopenWindowBeyondCalendar")}</p>
              ) : null}
            </Card>
          ) : null}
          <HistoryCard history={r.history} paging={r.paging.history} />
        </div>
      </div>
    </div>
  );
}
