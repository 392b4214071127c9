import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Disclosure } from "~/components/ui/disclosure";
import { IntentForm } from "~/components/intent-form";
import { DueBadge, Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { StewardField, typedOwner } from "~/components/steward-picker";
import { TextField } from "~/components/ui/field";
import { useValidatedForm, type ValidatedForm } from "~/components/use-validated-form";
import type { FollowUpRow } from "~/models/follow-up.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { EditFollowUpSchema, NewFollowUpSchema, type FollowUpFormValues } from "~/schemas/interaction";
import { formatDate, formatDateTime } from "~/utils/format";

/** What the follow-ups page's action answers when it refuses a form (a follow-up's form names it). */
export type FollowUpsActionData = {
  intent: string;
  followUpId: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, unknown>;
};

/** The owner the form shows: the chosen steward, or the text typed when the server refused it. */
type OwnerShown = { chosen: { id: string; name: string } | null; text?: string };
/** Who is signed in: the owner a new follow-up proposes. */
type Me = { id: string; name: string };

/** The parts of a validated form the shared fields use (the same for a new and an edited follow-up). */
type FollowUpForm = Pick<ValidatedForm<FollowUpFormValues>, "errorOf" | "field" | "checkbox">;

/** What, who, by when, visibility and the button: the fields a new and an edited follow-up share. */
function FollowUpFields({
  form,
  owner,
  idPrefix = "new-follow-up",
  submitLabel,
}: {
  form: FollowUpForm;
  owner: OwnerShown;
  idPrefix?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <TextField
        id={id("description")}
        label={t("followUps.fields.description")}
        className="sm:col-span-2"
        error={form.errorOf("description")}
        {...form.field("description")}
      />
      <StewardField
        id={id("owner")}
        label={t("followUps.fields.owner")}
        placeholder={t("checklist.ownerPlaceholder")}
        chosen={owner.chosen}
        text={owner.text}
        error={form.errorOf("owner_id")}
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

export function NewFollowUpForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const actionData = useActionData<FollowUpsActionData>();
  const mine = actionData?.intent === "create" ? actionData : null;
  const submitted = (mine?.values ?? {}) as Record<string, string | undefined>;
  const defaults = {
    intent: "create" as const,
    description: submitted.description ?? "",
    // Not a registered field (the owner picker sends its own); kept so the server's message for it shows.
    owner_id: "",
    due_on: submitted.due_on ?? "",
    visible: submitted.visible ?? "",
  };
  const form = useValidatedForm(NewFollowUpSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 sm:grid-cols-2">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" {...form.field("intent")} />
      <FollowUpFields form={form} owner={mine ? typedOwner(submitted) : { chosen: me }} submitLabel={t("followUps.add")} />
    </Form>
  );
}

/** An open follow-up edited in place; a refused save keeps what was typed and opens the form again. */
function EditFollowUpForm({ f }: { f: FollowUpRow }) {
  const { t } = useTranslation();
  const actionData = useActionData<FollowUpsActionData>();
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
    owner_id: "",
    due_on: keepTyped ? (typed.due_on ?? "") : (f.dueOn ?? ""),
    visible: keepTyped ? (typed.visible ?? "") : f.visibleToEnterprise ? "on" : "",
  };
  const form = useValidatedForm(EditFollowUpSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  return (
    <Disclosure
      open={Boolean(mine)}
      className="mt-3 rounded-lg border border-slate-200"
      summaryClassName="px-3 py-2 text-sm font-medium text-brand-700"
      testId="edit-follow-up"
      summary={
        <>
          {t("followUps.edit")}
          <span className="sr-only">: {f.description}</span>
        </>
      }
    >
      <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-2">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" {...form.field("intent")} />
        <input type="hidden" {...form.field("follow_up_id")} />
        <input type="hidden" {...form.field("version")} />
        <FollowUpFields
          form={form}
          owner={keepTyped ? typedOwner(typed) : { chosen: f.ownerId ? { id: f.ownerId, name: f.ownerName ?? "" } : null }}
          idPrefix={`edit-${f.id}`}
          submitLabel={t("followUps.save")}
        />
      </Form>
    </Disclosure>
  );
}

export function FollowUpCard({ f, canWork }: { f: FollowUpRow; canWork: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actionData = useActionData<FollowUpsActionData>();
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
      {canWork && f.status === "open" ? <EditFollowUpForm key={f.version} f={f} /> : null}
      {canWork && f.status !== "open" ? (
        <IntentForm intent="reopen" values={{ follow_up_id: f.id }} className="mt-3">
          <Button type="submit" variant="secondary" className="w-full sm:w-auto">
            {t("followUps.reopen")}
            <span className="sr-only">: {f.description}</span>
          </Button>
        </IntentForm>
      ) : null}
    </li>
  );
}
