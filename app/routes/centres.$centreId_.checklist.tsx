import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { BeyondCalendarNote, buttonLink, ChecklistStatusPill, DueBadge, Pill, ProgressBar } from "~/components/steward-ui";
import { TextAreaField } from "~/components/ui/field";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { CHECKLIST_STATUSES, progress } from "~/domain/checklist";
import { canWorkOnCentre, safeRedirect } from "~/domain/permissions";
import { workingCalendar } from "~/models/calendar.server";
import { getCentre, listStewards } from "~/models/centre.server";
import {
  addChecklistItem,
  applyTemplatesOnDemand,
  listChecklist,
  updateChecklistItem,
  type ChecklistRow,
} from "~/models/checklist.server";
import { referenceList } from "~/models/reference.server";
import { centreTimelineExtras } from "~/models/timeline.server";
import {
  ApplyTemplatesSchema,
  ChecklistItemSchema,
  ChecklistStatusSchema,
  NewChecklistItemSchema,
  type NewChecklistItemValues,
} from "~/schemas/checklist";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { formValues } from "~/schemas/form-values";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("checklist.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
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
    owners: canWork ? listStewards().map((s) => ({ id: s.id, name: s.name })) : [],
    departments: referenceList("department", { includeInactive: true }),
    activeDepartments: canWork ? referenceList("department") : [],
    userId: user.id,
    stages: referenceList("stage", { includeInactive: true }),
    activity: centreTimelineExtras(centre.id, { locale: await getLocale(request, user), limit: 15 }),
  };
}

type ActionData = { intent: string; itemId: string | null; fieldErrors: FieldErrors; values?: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
  if (!canWorkOnCentre(user, centre)) forbidden();
  const values = formValues(await readForm(request));
  const intent = String(values.intent ?? "");
  const itemId = typeof values.item_id === "string" ? values.item_id : null;
  const fail = (fieldErrors: FieldErrors, status: number) => data<ActionData>({ intent, itemId, fieldErrors }, { status });
  const t = getFixedT(await getLocale(request, user));
  const back = (fallback: string, message: string) =>
    redirectWithToast(request, safeRedirect(values.redirectTo, fallback), message);

  if (intent === "apply") {
    if (!ApplyTemplatesSchema.safeParse(values).success) return fail({ _form: "validation.invalidChoice" }, 400);
    const result = applyTemplatesOnDemand(user, centre.id);
    if (!result.ok) return result.status === 403 ? forbidden() : notFound();
    return back(
      `/centres/${centre.id}/checklist`,
      result.created > 0 ? t("checklist.applied", { count: result.created }) : t("checklist.nothingToApply"),
    );
  }
  if (intent === "add") {
    // A refused item comes back with what was typed, so nothing is lost.
    const typed = {
      title_zh: values.title_zh,
      title_en: values.title_en,
      department: values.department,
      owner_id: values.owner_id,
      due_on: values.due_on,
      notes: values.notes,
      visible: values.visible,
    };
    const refuse = (fieldErrors: FieldErrors, status: number) =>
      data<ActionData>({ intent, itemId: null, fieldErrors, values: typed }, { status });
    const parsedNew = NewChecklistItemSchema.safeParse(values);
    if (!parsedNew.success) return refuse(fieldErrorsOf(parsedNew.error), 400);
    const item = parsedNew.data;
    const result = addChecklistItem(user, centre.id, {
      titleZh: item.title_zh,
      titleEn: item.title_en,
      departmentCode: item.department,
      ownerId: item.owner_id,
      dueOn: item.due_on,
      notes: item.notes,
      visibleToEnterprise: item.visible,
    });
    if (!result.ok) return refuse(formRefusal(result).fieldErrors, result.status);
    return back(`/centres/${centre.id}/checklist#item-${result.id}`, t("checklist.added"));
  }
  const parsed =
    intent === "update"
      ? ChecklistItemSchema.safeParse(values)
      : intent === "status"
        ? ChecklistStatusSchema.safeParse(values)
        : null;
  if (!parsed) return fail({ _form: "validation.invalidChoice" }, 400);
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error), 400);
  const input = parsed.data;
  const result = updateChecklistItem(
    user,
    centre.id,
    input.item_id,
    input.intent === "update"
      ? {
          status: input.status,
          ownerId: input.owner_id,
          dueOn: input.due_on,
          notes: input.notes,
          visibleToEnterprise: input.visible,
        }
      : { status: input.status },
    input.version,
  );
  if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
  return back(`/centres/${centre.id}/checklist#item-${input.item_id}`, t("checklist.saved"));
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ItemEditor({ item, owners }: { item: ChecklistRow; owners: LoaderData["owners"] }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData && "itemId" in actionData && actionData.itemId === item.id ? actionData : null;
  const errors = mine?.fieldErrors ?? {};
  const error = (field: string) => (errors[field] ? translateError(t, errors[field]!) : undefined);
  const prefix = `item-${item.id}`;
  return (
    <details open={mine?.intent === "update" ? true : undefined} className="group mt-3 rounded-lg border border-slate-200">
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-brand-700 marker:hidden">
        <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
          ▸
        </span>
        {t("checklist.edit")}
        <span className="sr-only">: {i18n.language === "en" ? item.titleEn : item.titleZh}</span>
      </summary>
      <Form method="post" className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-2" noValidate>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="item_id" value={item.id} />
        <input type="hidden" name="version" value={item.version} />
        <SelectField
          id={`${prefix}-status`}
          label={t("checklist.fields.status")}
          name="status"
          defaultValue={item.status}
          options={CHECKLIST_STATUSES.map((s) => ({ value: s, label: t(`checklist.statuses.${s}`) }))}
          error={error("status")}
        />
        <SelectField
          id={`${prefix}-owner`}
          label={t("checklist.fields.ownerId")}
          name="owner_id"
          defaultValue={item.ownerId ?? ""}
          placeholder={t("checklist.noOwner")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
          error={error("owner_id")}
        />
        <TextField
          id={`${prefix}-due`}
          label={t("checklist.fields.dueOn")}
          type="date"
          name="due_on"
          defaultValue={item.dueOn ?? ""}
          error={error("due_on")}
        />
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="visible"
            defaultChecked={item.visibleToEnterprise}
            className="h-4 w-4 rounded border-slate-300 text-brand-600"
          />
          {t("checklist.fields.visibleToEnterprise")}
        </label>
        <TextAreaField
          id={`${prefix}-notes`}
          label={t("checklist.fields.notes")}
          name="notes"
          rows={2}
          defaultValue={item.notes}
          error={error("notes")}
          className="sm:col-span-2"
        />
        <div className="sm:col-span-2">
          <Button type="submit" className="w-full sm:w-auto">
            {t("common.save")}
          </Button>
        </div>
      </Form>
    </details>
  );
}

/** The steward's own item: work no template covers (a visit to arrange, a certificate to chase). */
function NewItemForm({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.intent === "add" ? actionData : null;
  const typed = (mine?.values ?? {}) as Record<string, string | undefined>;
  const defaults = {
    intent: "add" as const,
    title_zh: typed.title_zh ?? "",
    title_en: typed.title_en ?? "",
    department: typed.department ?? "",
    owner_id: mine ? (typed.owner_id ?? "") : data.userId,
    due_on: typed.due_on ?? "",
    notes: typed.notes ?? "",
    visible: mine ? (typed.visible ?? "") : "on",
  };
  const form = useValidatedForm<NewChecklistItemValues>(NewChecklistItemSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  const departments = data.activeDepartments;
  return (
    <details
      open={mine ? true : undefined}
      className="group rounded-xl border border-slate-200 bg-white shadow-sm"
      data-testid="new-item"
    >
      <summary className="cursor-pointer list-none px-4 py-3 text-sm font-medium text-brand-700 marker:hidden">
        <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
          ▸
        </span>
        {t("checklist.addOwn")}
      </summary>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-2">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" {...form.field("intent")} />
        <p className="text-xs text-slate-600 sm:col-span-2">{t("checklist.addOwnHint")}</p>
        <TextField
          label={t("checklist.fields.titleZh")}
          lang="zh-CN"
          error={form.errorOf("title_zh")}
          {...form.field("title_zh")}
        />
        <TextField label={t("checklist.fields.titleEn")} lang="en" error={form.errorOf("title_en")} {...form.field("title_en")} />
        <SelectField
          label={t("checklist.fields.departmentCode")}
          placeholder={t("checklist.chooseDepartment")}
          options={departments.map((d) => ({ value: d.code, label: labelByCode(departments, d.code, i18n.language) }))}
          error={form.errorOf("department")}
          {...form.field("department")}
        />
        <SelectField
          label={t("checklist.fields.ownerId")}
          placeholder={t("checklist.noOwner")}
          options={data.owners.map((o) => ({ value: o.id, label: o.name }))}
          error={form.errorOf("owner_id")}
          {...form.field("owner_id")}
        />
        <TextField label={t("checklist.fields.dueOn")} type="date" error={form.errorOf("due_on")} {...form.field("due_on")} />
        <label className="flex min-h-11 items-center gap-3 self-end text-sm text-slate-800">
          <input
            type="checkbox"
            className="h-5 w-5 rounded border-slate-300 text-brand-600"
            {...form.checkbox("visible", "on")}
          />
          {t("checklist.fields.visibleToEnterprise")}
        </label>
        <TextAreaField
          label={t("checklist.fields.notes")}
          rows={2}
          className="sm:col-span-2"
          error={form.errorOf("notes")}
          {...form.field("notes")}
        />
        {mine?.fieldErrors._form ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {translateError(t, mine.fieldErrors._form)}
          </p>
        ) : null}
        <div className="sm:col-span-2">
          <Button type="submit" className="w-full sm:w-auto">
            {t("checklist.addItem")}
          </Button>
        </div>
      </Form>
    </details>
  );
}

function ItemCard({ item, data }: { item: ChecklistRow; data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actionData = useActionData<typeof action>();
  const mine = actionData && "itemId" in actionData && actionData.itemId === item.id ? actionData : null;
  const formError = mine?.fieldErrors._form;
  const open = item.status !== "done" && item.status !== "not_applicable";
  const description = lng === "en" ? item.descriptionEn : item.descriptionZh;
  return (
    <li
      id={`item-${item.id}`}
      data-testid="checklist-item"
      data-status={item.status}
      className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="min-w-0 basis-full font-medium text-slate-900 sm:basis-0 sm:flex-1" lang={lng === "en" ? "en" : "zh-CN"}>
          {lng === "en" ? item.titleEn : item.titleZh}
        </h3>
        <div className="flex flex-wrap gap-1">
          {item.templateId === null ? <Pill tone="slate">{t("checklist.ownItem")}</Pill> : null}
          <ChecklistStatusPill status={item.status} />
          <DueBadge flag={item.dueFlag} />
        </div>
      </div>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.departmentCode")}</dt>
          <dd className="text-slate-800">{labelByCode(data.departments, item.departmentCode, lng)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.dueOn")}</dt>
          <dd className="text-slate-800">
            {item.dueOn ? formatDate(item.dueOn, lng) : "—"}
            {open && item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.ownerId")}</dt>
          <dd className="text-slate-800">{item.ownerName ?? t("checklist.noOwner")}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.visibleToEnterprise")}</dt>
          <dd className="text-slate-800">{item.visibleToEnterprise ? t("common.yes") : t("checklist.internal")}</dd>
        </div>
      </dl>
      {item.notes ? (
        <p className="mt-2 whitespace-pre-line rounded-md bg-slate-50 p-2 text-sm text-slate-700">{item.notes}</p>
      ) : null}
      {formError ? (
        <p role="alert" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {translateError(t, formError)}
        </p>
      ) : null}
      {data.canWork ? (
        <>
          {open ? (
            <Form method="post" className="mt-3">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="item_id" value={item.id} />
              <input type="hidden" name="version" value={item.version} />
              <input type="hidden" name="status" value="done" />
              <Button type="submit" variant="secondary" className="w-full sm:w-auto">
                ✓ {t("checklist.markDone")}
                <span className="sr-only">: {lng === "en" ? item.titleEn : item.titleZh}</span>
              </Button>
            </Form>
          ) : null}
          {/* Keyed by version: after any save the editor starts from the item as it now is (hidden version included). */}
          <ItemEditor key={item.version} item={item} owners={data.owners} />
        </>
      ) : null}
    </li>
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
      <p className="mb-2 text-sm">
        <Link to={`/centres/${centre.id}`} className="text-brand-700 hover:underline">
          ← {name}
        </Link>
      </p>
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
