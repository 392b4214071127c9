import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { buttonLink, DueBadge, Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { canWorkOnCentre, safeRedirect } from "~/domain/permissions";
import { getCentre, listStewards } from "~/models/centre.server";
import {
  addFollowUp,
  cancelFollowUp,
  completeFollowUp,
  listFollowUps,
  reopenFollowUp,
  updateFollowUp,
  type FollowUpRow,
} from "~/models/follow-up.server";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { EditFollowUpSchema, FollowUpStatusSchema, NewFollowUpSchema, type FollowUpFormValues } from "~/schemas/interaction";
import { formRefusal, forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { formValues } from "~/schemas/form-values";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("followUps.title"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
  const canWork = canWorkOnCentre(user, centre);
  return {
    centre: { id: centre.id, nameZh: centre.nameZh, nameEn: centre.nameEn },
    me: user.id,
    canWork,
    followUps: listFollowUps(centre.id),
    owners: canWork ? listStewards().map((s) => ({ id: s.id, name: s.name })) : [],
  };
}

type ActionData = { intent: string; followUpId: string | null; fieldErrors: FieldErrors; values: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
  if (!canWorkOnCentre(user, centre)) forbidden();
  const values = formValues(await readForm(request));
  const intent = String(values.intent ?? "");
  const followUpId = typeof values.follow_up_id === "string" ? values.follow_up_id : null;
  const fail = (fieldErrors: FieldErrors, status: number) =>
    data<ActionData>({ intent, followUpId, fieldErrors, values }, { status });
  const t = getFixedT(await getLocale(request, user));

  let result;
  let message: string;
  if (intent === "create") {
    const parsed = NewFollowUpSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error), 400);
    const f = parsed.data;
    result = addFollowUp(user, centre.id, {
      description: f.description,
      ownerId: f.owner_id,
      dueOn: f.due_on,
      visibleToEnterprise: f.visible,
    });
    message = t("followUps.added");
  } else if (intent === "update") {
    const parsed = EditFollowUpSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error), 400);
    const f = parsed.data;
    result = updateFollowUp(
      user,
      centre.id,
      f.follow_up_id,
      { description: f.description, ownerId: f.owner_id, dueOn: f.due_on, visibleToEnterprise: f.visible },
      f.version,
    );
    message = t("followUps.saved");
  } else {
    const parsed = FollowUpStatusSchema.safeParse(values);
    if (!parsed.success) return fail({ _form: "validation.invalidChoice" }, 400);
    const { intent: change, follow_up_id } = parsed.data;
    const act = { complete: completeFollowUp, cancel: cancelFollowUp, reopen: reopenFollowUp }[change];
    result = act(user, centre.id, follow_up_id);
    message = t({ complete: "followUps.completed", cancel: "followUps.cancelled", reopen: "followUps.reopened" }[change]);
  }
  if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
  const to = safeRedirect(values.redirectTo, `/centres/${centre.id}/follow-ups#follow-up-${result.id}`);
  return redirectWithToast(request, to, message);
}

/** The parts of a validated form the shared fields use (the same for a new and an edited follow-up). */
type FollowUpForm = Pick<ReturnType<typeof useValidatedForm>, "errorOf" | "field" | "checkbox">;

/** What, who, by when, visibility and the button: the fields a new and an edited follow-up share. */
function FollowUpFields({
  form,
  owners,
  idPrefix,
  submitLabel,
}: {
  form: FollowUpForm;
  owners: { id: string; name: string }[];
  idPrefix?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const id = (field: string) => (idPrefix ? `${idPrefix}-${field}` : undefined);
  return (
    <>
      <TextField
        id={id("description")}
        label={t("followUps.fields.description")}
        className="sm:col-span-2"
        error={form.errorOf("description")}
        {...form.field("description")}
      />
      <SelectField
        id={id("owner")}
        label={t("followUps.fields.owner")}
        placeholder={t("checklist.noOwner")}
        options={owners.map((o) => ({ value: o.id, label: o.name }))}
        error={form.errorOf("owner_id")}
        {...form.field("owner_id")}
      />
      <TextField
        id={id("due")}
        label={t("followUps.fields.dueOn")}
        type="date"
        error={form.errorOf("due_on")}
        {...form.field("due_on")}
      />
      <label className="flex min-h-11 items-center gap-3 text-sm text-slate-800">
        <input type="checkbox" className="h-5 w-5 rounded border-slate-300 text-brand-600" {...form.checkbox("visible", "on")} />
        {t("followUps.fields.visible")}
      </label>
      <div className="flex items-center sm:justify-end">
        <Button type="submit" className="w-full sm:w-auto">
          {submitLabel}
        </Button>
      </div>
    </>
  );
}

function NewFollowUpForm({ owners, me }: { owners: { id: string; name: string }[]; me: string }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.intent === "create" ? actionData : null;
  const submitted = (mine?.values ?? {}) as Record<string, string | undefined>;
  const defaults = {
    intent: "create" as const,
    description: submitted.description ?? "",
    owner_id: mine ? (submitted.owner_id ?? "") : me,
    due_on: submitted.due_on ?? "",
    visible: submitted.visible ?? "",
  };
  const form = useValidatedForm<FollowUpFormValues & { intent: "create" }>(NewFollowUpSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 sm:grid-cols-2">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" {...form.field("intent")} />
      <FollowUpFields form={form} owners={owners} submitLabel={t("followUps.add")} />
    </Form>
  );
}

/** An open follow-up edited in place; a refused save keeps what was typed and opens the form again. */
function EditFollowUpForm({ f, owners }: { f: FollowUpRow; owners: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.intent === "update" && actionData.followUpId === f.id ? actionData : null;
  // Refused for a field: the typed values on the version they were typed on (so a colleague's save
  // in between is still caught). Refused as stale: the current values and version, to start again from.
  const keepTyped = Boolean(mine) && mine?.fieldErrors._form !== "followUps.errors.stale";
  const typed = (keepTyped ? mine!.values : {}) as Record<string, string | undefined>;
  const defaults = {
    intent: "update" as const,
    follow_up_id: f.id,
    version: keepTyped ? (typed.version ?? String(f.version)) : String(f.version),
    description: keepTyped ? (typed.description ?? "") : f.description,
    owner_id: keepTyped ? (typed.owner_id ?? "") : (f.ownerId ?? ""),
    due_on: keepTyped ? (typed.due_on ?? "") : (f.dueOn ?? ""),
    visible: keepTyped ? (typed.visible ?? "") : f.visibleToEnterprise ? "on" : "",
  };
  const form = useValidatedForm<FollowUpFormValues & { intent: "update"; follow_up_id: string; version: string }>(
    EditFollowUpSchema,
    {
      serverErrors: mine?.fieldErrors ?? null,
      defaultValues: defaults,
    },
  );
  return (
    <details
      open={mine ? true : undefined}
      className="group mt-3 rounded-lg border border-slate-200"
      data-testid="edit-follow-up"
    >
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-brand-700 marker:hidden">
        <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
          ▸
        </span>
        {t("followUps.edit")}
        <span className="sr-only">: {f.description}</span>
      </summary>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-2">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" {...form.field("intent")} />
        <input type="hidden" {...form.field("follow_up_id")} />
        <input type="hidden" {...form.field("version")} />
        <FollowUpFields form={form} owners={owners} idPrefix={`edit-${f.id}`} submitLabel={t("followUps.save")} />
      </Form>
    </details>
  );
}

function FollowUpCard({ f, canWork, owners }: { f: FollowUpRow; canWork: boolean; owners: { id: string; name: string }[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actionData = useActionData<typeof action>();
  const error = actionData && actionData.followUpId === f.id ? actionData.fieldErrors._form : undefined;
  return (
    <li
      id={`follow-up-${f.id}`}
      data-testid="follow-up"
      data-status={f.status}
      className={`scroll-mt-4 rounded-xl border border-slate-200 p-4 shadow-sm ${f.status === "open" ? "bg-white" : "bg-slate-50"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p
          className={`min-w-0 basis-full font-medium sm:basis-0 sm:flex-1 ${f.status === "cancelled" ? "text-slate-500 line-through" : "text-slate-900"}`}
        >
          {f.description}
        </p>
        <div className="flex flex-wrap gap-1">
          <Pill tone={f.status === "open" ? "brand" : f.status === "done" ? "green" : "slate"}>
            {t(`followUps.statuses.${f.status}`)}
          </Pill>
          <DueBadge flag={f.dueFlag} />
        </div>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {[
          f.dueOn ? t("followUps.dueOn", { date: formatDate(f.dueOn, lng) }) : t("followUps.noDueDate"),
          f.ownerName ?? t("checklist.noOwner"),
          f.visibleToEnterprise ? t("checklist.visible") : t("checklist.internal"),
          f.interactionKind && f.interactionAt
            ? t("followUps.fromInteraction", {
                kind: t(`interactions.kinds.${f.interactionKind}`),
                date: formatDateTime(f.interactionAt, lng),
              })
            : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {translateError(t, error)}
        </p>
      ) : null}
      {canWork && f.status === "open" ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {(["complete", "cancel"] as const).map((intent) => (
            <Form method="post" key={intent} className="flex-1 sm:flex-none">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value={intent} />
              <input type="hidden" name="follow_up_id" value={f.id} />
              <Button type="submit" variant={intent === "complete" ? "secondary" : "danger"} className="w-full">
                {intent === "complete" ? `✓ ${t("followUps.complete")}` : t("followUps.cancel")}
                <span className="sr-only">: {f.description}</span>
              </Button>
            </Form>
          ))}
        </div>
      ) : null}
      {/* Keyed by version: when the follow-up changes (here or elsewhere), the form starts again from it. */}
      {canWork && f.status === "open" ? <EditFollowUpForm key={f.version} f={f} owners={owners} /> : null}
      {canWork && f.status !== "open" ? (
        <Form method="post" className="mt-3">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="reopen" />
          <input type="hidden" name="follow_up_id" value={f.id} />
          <Button type="submit" variant="secondary" className="w-full sm:w-auto">
            {t("followUps.reopen")}
            <span className="sr-only">: {f.description}</span>
          </Button>
        </Form>
      ) : null}
    </li>
  );
}

export default function CentreFollowUps() {
  const { t, i18n } = useTranslation();
  const { centre, canWork, followUps, owners, me } = useLoaderData<typeof loader>();
  const name = i18n.language === "en" ? centre.nameEn : centre.nameZh;
  const open = followUps.filter((f) => f.status === "open");
  const closed = followUps.filter((f) => f.status !== "open");
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={`/centres/${centre.id}/checklist`} className="text-brand-700 hover:underline">
          ← {t("checklist.title")} · {name}
        </Link>
      </p>
      <PageHeader
        title={t("followUps.title")}
        subtitle={name}
        actions={
          canWork ? (
            <Link to={`/centres/${centre.id}/interactions/new`} className={buttonLink.primary}>
              {t("interactions.log")}
            </Link>
          ) : null
        }
      />
      {canWork ? (
        <Card title={t("followUps.addTitle")} className="mb-6">
          {/* A fresh, empty form once the follow-up it added is in the list. */}
          <NewFollowUpForm key={followUps.length} owners={owners} me={me} />
        </Card>
      ) : null}
      <section aria-labelledby="open-follow-ups" className="mb-6">
        <h2 id="open-follow-ups" className="mb-2 text-base font-semibold text-slate-800">
          {t("followUps.open")}{" "}
          <span className="rounded-full bg-slate-200 px-2 text-xs tabular-nums text-slate-700">{open.length}</span>
        </h2>
        {open.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            {t("followUps.noneOpen")}
          </p>
        ) : (
          <ul className="space-y-3">
            {open.map((f) => (
              <FollowUpCard key={f.id} f={f} canWork={canWork} owners={owners} />
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 ? (
        <section aria-labelledby="closed-follow-ups">
          <h2 id="closed-follow-ups" className="mb-2 text-base font-semibold text-slate-800">
            {t("followUps.closed")}
          </h2>
          <ul className="space-y-3">
            {closed.map((f) => (
              <FollowUpCard key={f.id} f={f} canWork={canWork} owners={owners} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
