import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { buttonLink, Pill, ProgressBar } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { CHECKLIST_STATUSES, progress } from "~/domain/checklist";
import { canWorkOnCentre, safeRedirect } from "~/domain/permissions";
import { workingCalendar } from "~/models/calendar.server";
import {
  addChecklistItem,
  applyTemplatesOnDemand,
  listChecklist,
  updateChecklistItem,
  type ChecklistItemPatch,
} from "~/models/checklist.server";
import { referenceList } from "~/models/reference.server";
import { withPickedSteward } from "~/models/steward-pick.server";
import { centreTimelineExtras } from "~/models/timeline.server";
import { ApplyTemplatesSchema, ChecklistItemSchema, ChecklistStatusSchema, NewChecklistItemSchema } from "~/schemas/checklist";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, forbidden } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { ItemCard, NewItemForm, type ChecklistActionData } from "~/components/checklist/checklist-items";
import { formValues } from "~/schemas/form-values";
import { requireCentrePage } from "./__centre-page.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("checklist.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  const today = todayInBeijing();
  const calendar = workingCalendar();
  const items = listChecklist(centre.id, { today, calendar });
  const canWork = canWorkOnCentre(user, centre);
  return {
    centre: { id: centre.id, nameZh: centre.nameZh, nameEn: centre.nameEn, stage: centre.stage },
    today,
    items,
    progress: { ...progress(items), overdue: items.filter((i) => i.dueFlag === "overdue").length },
    canWork,
    departments: referenceList("department", { includeInactive: true }),
    activeDepartments: canWork ? referenceList("department") : [],
    userId: user.id,
    userName: user.name,
    stages: referenceList("stage", { includeInactive: true }),
    activity: centreTimelineExtras(centre.id, { locale: await getLocale(request, user), limit: 15 }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await requireCentrePage(request, params);
  if (!canWorkOnCentre(user, centre)) forbidden();
  const sent = formValues(await readForm(request));
  // The owner picker's text (a name or an email typed without JavaScript) names the owner's id.
  const { values, error: ownerError } = withPickedSteward(sent, "owner_id", "owner_text");
  const named = String(values.intent ?? "");
  const itemId = typeof values.item_id === "string" ? values.item_id : null;
  // A refused new item comes back with what was typed, so nothing is lost.
  const typed = () => ({
    title_zh: values.title_zh,
    title_en: values.title_en,
    department: values.department,
    owner_id: values.owner_id,
    owner_text: values.owner_text,
    due_on: values.due_on,
    notes: values.notes,
    visible: values.visible,
  });
  const fail = (fieldErrors: FieldErrors, status: number) =>
    named === "add"
      ? data<ChecklistActionData>({ intent: named, itemId: null, fieldErrors, values: typed() }, { status })
      : data<ChecklistActionData>(
          { intent: named, itemId, fieldErrors, values: { owner_id: values.owner_id, owner_text: values.owner_text } },
          { status },
        );
  const t = getFixedT(await getLocale(request, user));
  const back = (fallback: string, message: string) =>
    redirectWithToast(request, safeRedirect(values.redirectTo, fallback), message);
  const saved = ({ itemId, version, patch }: { itemId: string; version: number; patch: ChecklistItemPatch }) => {
    const result = updateChecklistItem(user, centre.id, itemId, patch, version);
    if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
    return back(`/centres/${centre.id}/checklist#item-${itemId}`, t("checklist.saved"));
  };

  if (ownerError) return fail({ owner_id: ownerError }, 400);
  return runIntent(
    values,
    {
      apply: intent(ApplyTemplatesSchema, () => {
        const result = applyTemplatesOnDemand(user, centre.id);
        if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
        return back(
          `/centres/${centre.id}/checklist`,
          result.created > 0 ? t("checklist.applied", { count: result.created }) : t("checklist.nothingToApply"),
        );
      }),
      add: intent(NewChecklistItemSchema, (item) => {
        const result = addChecklistItem(user, centre.id, item);
        if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
        return back(`/centres/${centre.id}/checklist#item-${result.id}`, t("checklist.added"));
      }),
      update: intent(ChecklistItemSchema, saved),
      status: intent(ChecklistStatusSchema, saved),
    },
    (_name, fieldErrors) => fail(fieldErrors, 400),
  );
}

export default function CentreChecklist() {
  const { t, i18n } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const { centre, items, canWork, activity } = loaderData;
  const lng = i18n.language;
  const name = lng === "en" ? centre.nameEn : centre.nameZh;
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink to={`/centres/${centre.id}`}>{name}</BackLink>
      <PageHeader
        title={t("checklist.title")}
        subtitle={`${name} · ${labelByCode(loaderData.stages, centre.stage, lng)}`}
        actions={
          <>
            {canWork ? (
              <Link to={`/centres/${centre.id}/interactions/new`} className={buttonLink.primary}>
                {t("interactions.log")}
              </Link>
            ) : null}
            <Link to={`/centres/${centre.id}/follow-ups`} className={buttonLink.secondary}>
              {t("followUps.title")}
            </Link>
            <Link to={`/centres/${centre.id}/handover`} className={buttonLink.secondary}>
              {t("handover.link")}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <ProgressBar
              done={loaderData.progress.done}
              applicable={loaderData.progress.applicable}
              label={t("checklist.progressLabel")}
            />
            <p className="mt-2 text-sm text-slate-600">
              {loaderData.progress.overdue > 0 ? (
                <span className="font-medium text-red-700">
                  {t("checklist.overdueCount", { count: loaderData.progress.overdue })}
                </span>
              ) : (
                t("checklist.noneOverdue")
              )}
            </p>
            {canWork ? (
              <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
                <AuthenticityTokenInput name="csrf" />
                <input type="hidden" name="intent" value="apply" />
                <Button type="submit" variant="secondary">
                  {t("checklist.apply")}
                </Button>
                <span className="text-xs text-slate-500">{t("checklist.applyHint")}</span>
              </Form>
            ) : null}
            {actionData && actionData.intent === "apply" && actionData.fieldErrors._form ? (
              <p role="alert" className="mt-2 text-sm text-red-700">
                {translateError(t, actionData.fieldErrors._form)}
              </p>
            ) : null}
          </Card>
          {/* A fresh, empty form once the item it added is in the list. */}
          {canWork ? <NewItemForm key={items.length} data={loaderData} /> : null}
          {items.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
              {t("checklist.empty")}
            </p>
          ) : (
            CHECKLIST_STATUSES.map((status) => {
              const group = items.filter((i) => i.status === status);
              if (group.length === 0) return null;
              return (
                <section key={status} aria-labelledby={`group-${status}`}>
                  <h2 id={`group-${status}`} className="mb-2 flex items-center gap-2 text-base font-semibold text-slate-800">
                    {t(`checklist.statuses.${status}`)}
                    <span className="rounded-full bg-slate-200 px-2 text-xs tabular-nums text-slate-700">{group.length}</span>
                  </h2>
                  <ul className="space-y-3">
                    {group.map((item) => (
                      <ItemCard key={item.id} item={item} data={loaderData} />
                    ))}
                  </ul>
                </section>
              );
            })
          )}
        </div>
        <div className="min-w-0">
          <Card title={t("checklist.activity")}>
            <div id="activity" className="scroll-mt-4">
              {activity.length === 0 ? (
                <p className="text-sm text-slate-600">{t("checklist.noActivity")}</p>
              ) : (
                <ol className="space-y-3" data-testid="activity">
                  {activity.map((a) => (
                    <li key={a.key} data-kind={a.kind} className="border-b border-slate-100 pb-2 text-sm last:border-0">
                      <p className="font-medium text-slate-900">
                        <Pill
                          tone={a.kind === "interaction" ? "brand" : a.kind === "follow_up" ? "amber" : "slate"}
                          className="mr-1"
                        >
                          {t(`work.timelineKinds.${a.kind}`)}
                        </Pill>
                        {a.title}
                      </p>
                      <p className="mt-0.5 break-words text-slate-700">{a.body}</p>
                      <p className="text-xs text-slate-500">
                        {formatDate(a.date, lng)}
                        {a.who ? ` · ${a.who}` : ""}
                      </p>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
