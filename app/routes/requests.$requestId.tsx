import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnswerReplyForm } from "~/components/answers/answer-reply";
import { ArticlesUsed } from "~/components/answers/articles-used";
import { RequestActionForm } from "~/components/request-action-form";
import {
  HistoryCard,
  MessagesCard,
  MilestoneList,
  RatingGivenCard,
  RequestDescription,
  RequestStatusBadge,
} from "~/components/request-parts";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { requestMilestones } from "~/domain/request-clock";
import { allowedActions, isOpen } from "~/domain/request-lifecycle";
import { answerPicker } from "~/models/answer-picker.server";
import { actOnRequestWithArticles, articlesOfRequest } from "~/models/answer-use.server";
import { workingCalendar } from "~/models/calendar.server";
import { getSetting, referenceList } from "~/models/reference.server";
import { getRequestForStaff, threadPagesOf } from "~/models/support-request.server";
import { metDatesOf } from "~/models/support-request-due-dates.server";
import { markInboxReadForRequest } from "~/models/inbox.server";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { labelByCode, labelOf } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { requestActionForm } from "./__request-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.supportRequest.receiptNo, t("nav.requests")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:request:any");
  const supportRequest = getRequestForStaff(user, params.requestId ?? "", threadPagesOf(request.url));
  if (!supportRequest) notFound();
  markInboxReadForRequest(user.id, supportRequest.id);
  const calendar = workingCalendar();
  const today = todayInBeijing();
  const soon = getSetting("dueSoonWorkingDays");
  const status = supportRequest.status;
  return {
    supportRequest,
    milestones: requestMilestones(calendar, { ...supportRequest, ...metDatesOf(supportRequest) }, today, soon),
    actions: supportRequest.canHandle ? allowedActions(status, user.role) : [],
    canMessage: supportRequest.canHandle && isOpen(status),
    // The policy library beside the reply, and the articles that answered this request.
    answerPicker:
      supportRequest.canHandle && isOpen(status) ? answerPicker(new URL(request.url), supportRequest.language, today) : null,
    articlesUsed: articlesOfRequest(supportRequest.id),
    categories: referenceList("request_category", { includeInactive: true }),
    departments: referenceList("department"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handle:request:assigned");
  const id = params.requestId ?? "";
  const outcome = await requestActionForm(request, user, id, await getLocale(request, user), actOnRequestWithArticles);
  if ("failure" in outcome) return outcome.failure;
  return redirectWithToast(request, `/requests/${id}`, outcome.done);
}

export default function StaffRequestPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const {
    supportRequest: r,
    milestones,
    actions,
    canMessage,
    categories,
    departments,
    answerPicker,
    articlesUsed,
  } = useLoaderData<typeof loader>();
  const departmentOptions = departments.map((d) => ({ value: d.code, label: labelOf(d, lng) }));
  return (
    <>
      <BackLink to="/requests">{t("requests.backToQueue")}</BackLink>
      <PageHeader
        title={r.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{r.receiptNo}</span>
            <RequestStatusBadge status={r.status} />
            {r.escalated ? (
              <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-800">{t("requests.actions.escalated")}</span>
            ) : null}
            <Link to={`/centres/${r.centreId}`} className="text-brand-700 hover:underline">
              {lng === "en" ? r.centreNameEn : r.centreNameZh}
            </Link>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-xs text-slate-500">{t("requests.fields.category")}</dt>
                <dd>{labelByCode(categories, r.categoryCode, lng)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("requests.fields.urgency")}</dt>
                <dd>{t(`requests.urgency.${r.urgency}`)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("requests.fields.submittedOn")}</dt>
                <dd>
                  {formatDate(r.submittedOn, lng)} · {r.submitterName}
                </dd>
              </div>
              {r.departmentCode ? (
                <div>
                  <dt className="text-xs text-slate-500">{t("requests.fields.department")}</dt>
                  <dd>{labelByCode(departments, r.departmentCode, lng)}</dd>
                </div>
              ) : null}
            </dl>
            <div className="mb-4">
              <MilestoneList milestones={milestones} />
            </div>
            <RequestDescription description={r.description} attachments={r.attachments} />
          </Card>
          <MessagesCard messages={r.messages} paging={r.paging.messages}>
            {canMessage ? (
              <>
                {answerPicker ? (
                  <AnswerReplyForm key={r.messages.length} picker={answerPicker} canAnswer={actions.includes("answer")} />
                ) : null}
                <RequestActionForm
                  intent="internal_note"
                  variant="secondary"
                  label={t("requests.actions.internal_note")}
                  fields={[{ name: "body", label: t("requests.internalNote"), kind: "textarea" }]}
                />
              </>
            ) : null}
          </MessagesCard>
        </div>
        <div className="space-y-6">
          {actions.length > 0 || r.canHandle ? (
            <Card title={t("requests.actions.title")}>
              <div className="space-y-5">
                {actions.includes("accept") ? <RequestActionForm intent="accept" label={t("requests.actions.accept")} /> : null}
                {actions.includes("reject") ? (
                  <RequestActionForm
                    intent="reject"
                    variant="danger"
                    label={t("requests.actions.reject")}
                    fields={[{ name: "reason", label: t("requests.actions.rejectReason"), kind: "textarea" }]}
                  />
                ) : null}
                {actions.includes("answer") ? (
                  <RequestActionForm
                    intent="answer"
                    label={t("requests.actions.answer")}
                    fields={[{ name: "body", label: t("requests.actions.answerBody"), kind: "textarea" }]}
                  />
                ) : null}
                {actions.includes("refer") ? (
                  <RequestActionForm
                    intent="refer"
                    variant="secondary"
                    label={t("requests.actions.refer")}
                    fields={[
                      { name: "department", label: t("requests.fields.department"), kind: "select", options: departmentOptions },
                      { name: "note", label: t("requests.actions.referNote"), kind: "textarea" },
                    ]}
                  />
                ) : null}
                {actions.includes("record_department_answer") ? (
                  <RequestActionForm
                    intent="record_department_answer"
                    label={t("requests.actions.record_department_answer")}
                    fields={[{ name: "note", label: t("requests.actions.departmentAnswer"), kind: "textarea" }]}
                  />
                ) : null}
                {actions.includes("close") ? <RequestActionForm intent="close" label={t("requests.actions.close")} /> : null}
                {r.canHandle ? (
                  <RequestActionForm
                    intent="escalate"
                    variant="secondary"
                    hidden={{ escalated: r.escalated ? "false" : "true" }}
                    label={r.escalated ? t("requests.actions.unescalate") : t("requests.actions.escalate")}
                  />
                ) : null}
              </div>
            </Card>
          ) : null}
          <ArticlesUsed articles={articlesUsed} />
          {r.rating ? (
            <RatingGivenCard rating={r.rating.rating}>
              {r.rating.comment ? <p className="mt-1 text-sm text-slate-600">{r.rating.comment}</p> : null}
            </RatingGivenCard>
          ) : null}
          <HistoryCard history={r.history} paging={r.paging.history} />
        </div>
      </div>
    </>
  );
}
