import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { TextAreaField, TextField } from "~/components/ui/field";
import { BackLink, PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { canWorkOnCentre, safeRedirect } from "~/domain/permissions";
import { beijingTime } from "~/domain/steward-work";
import { getCentre } from "~/models/centre.server";
import { listOpenChecklistItems } from "~/models/checklist.server";
import { logInteraction } from "~/models/interaction.server";
import { stewardById, withPickedSteward } from "~/models/steward-pick.server";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { INTERACTION_ARRAY_FIELDS, InteractionSchema, type InteractionFormValues } from "~/schemas/interaction";
import { formRefusal, forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { ChecklistItemsField, FollowUpRows, KindField, ParticipantsField } from "~/components/interactions/interaction-fields";
import { formValues } from "~/schemas/form-values";

async function loadWorkable(request: Request, centreId: string | undefined) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(centreId ?? "");
  if (!centre) notFound();
  if (!canWorkOnCentre(user, centre)) forbidden();
  return { user, centre };
}

/** Where to go after saving: a checked `redirectTo` (e.g. back to /work), else the centre's checklist activity. */
function nextUrl(redirectTo: unknown, centreId: string) {
  return safeRedirect(redirectTo, `/centres/${centreId}/checklist#activity`);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("interactions.newTitle"), centreName(data?.centre, lng), t("nav.centres")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, centre } = await loadWorkable(request, params.centreId);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  const staffIds = [
    ...new Set([user.id, centre.leadStewardId, centre.districtStewardId].filter((id): id is string => Boolean(id))),
  ];
  const names = new Map(staffIds.map((id) => [id, id === user.id ? user.name : (stewardById(id)?.name ?? "—")]));
  return {
    centre: { id: centre.id, nameZh: centre.nameZh, nameEn: centre.nameEn },
    me: user.id,
    meName: user.name,
    today: todayInBeijing(),
    now: beijingTime(Date.now()),
    redirectTo: redirectTo ? safeRedirect(redirectTo, "") || null : null,
    contacts: centre.contacts.map((c) => ({ id: c.id, name: c.name, role: c.role })),
    staff: staffIds.map((id) => ({ id, name: names.get(id) ?? "—" })),
    openItems: listOpenChecklistItems(centre.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await loadWorkable(request, params.centreId);
  const sent = formValues(await readForm(request), { arrays: INTERACTION_ARRAY_FIELDS });
  // Each follow-up's owner picker: its text (a name or an email typed without JavaScript) names the owner's id.
  const ownerErrors: FieldErrors = {};
  const followUpRows = (Array.isArray(sent.followUps) ? sent.followUps : []).map((row: Record<string, unknown>, index) => {
    const picked = withPickedSteward(row, "owner_id", "owner_text");
    if (picked.error) ownerErrors[`followUps.${index}.owner_id`] = picked.error;
    return picked.values;
  });
  const values: typeof sent = Array.isArray(sent.followUps) ? { ...sent, followUps: followUpRows } : sent;
  const parsed = InteractionSchema.safeParse(values);
  if (!parsed.success || Object.keys(ownerErrors).length > 0)
    return data(
      { fieldErrors: { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...ownerErrors }, values },
      { status: 400 },
    );
  const input = parsed.data;
  const result = logInteraction(user, centre.id, input);
  if (!result.ok) return data({ fieldErrors: formRefusal(result).fieldErrors, values }, { status: result.status });
  const t = getFixedT(await getLocale(request, user));
  const message =
    input.followUps.length > 0
      ? t("interactions.savedWithFollowUps", { count: input.followUps.length })
      : t("interactions.saved");
  // Logged from the centre page: back to its timeline, at the new entry.
  const next = nextUrl(values.redirectTo, centre.id);
  const to = next === `/centres/${centre.id}` ? `${next}#interaction-${result.id}` : next;
  return redirectWithToast(request, to, message);
}

export default function NewInteraction() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const loaderData = useLoaderData<typeof loader>();
  const { centre } = loaderData;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitted = actionData?.values as Partial<Record<string, unknown>> | undefined;
  const emptyFollowUp = { description: "", owner_id: loaderData.me, due_on: "", visible: "" };
  const submittedRows = Array.isArray(submitted?.followUps) ? (submitted.followUps as InteractionFormValues["followUps"]) : [];
  const asList = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : []);
  const defaults: InteractionFormValues = submitted
    ? {
        kind: String(submitted.kind ?? "visit"),
        occurred_on: String(submitted.occurred_on ?? loaderData.today),
        occurred_time: String(submitted.occurred_time ?? loaderData.now),
        summary: String(submitted.summary ?? ""),
        contacts: asList(submitted.contacts),
        staff: asList(submitted.staff),
        checklist_items: asList(submitted.checklist_items),
        followUps: submittedRows.length > 0 ? submittedRows.map((r) => ({ ...emptyFollowUp, ...r })) : [emptyFollowUp],
      }
    : {
        kind: "visit",
        occurred_on: loaderData.today,
        occurred_time: loaderData.now,
        summary: "",
        contacts: [],
        staff: [loaderData.me],
        checklist_items: [],
        followUps: [emptyFollowUp],
      };
  const form = useValidatedForm(InteractionSchema, {
    serverErrors: actionData?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  const formError = actionData?.fieldErrors._form;
  const name = lng === "en" ? centre.nameEn : centre.nameZh;

  return (
    <div className="mx-auto max-w-2xl">
      <BackLink to={loaderData.redirectTo ?? `/centres/${centre.id}/checklist`}>
        {loaderData.redirectTo === "/work" ? t("work.title") : name}
      </BackLink>
      <PageHeader title={t("interactions.newTitle")} subtitle={name} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5" data-testid="interaction-form">
        <AuthenticityTokenInput name="csrf" />
        {loaderData.redirectTo ? <input type="hidden" name="redirectTo" value={loaderData.redirectTo} /> : null}
        {formError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {translateError(t, formError)}
          </p>
        ) : null}

        <KindField form={form} defaultKind={defaults.kind} />

        <div className="grid grid-cols-2 gap-3">
          <TextField
            label={t("interactions.fields.occurred_on")}
            type="date"
            max={loaderData.today}
            error={form.errorOf("occurred_on")}
            {...form.field("occurred_on")}
          />
          <TextField
            label={t("interactions.fields.occurred_time")}
            type="time"
            error={form.errorOf("occurred_time")}
            {...form.field("occurred_time")}
          />
        </div>

        <TextAreaField
          label={t("interactions.fields.summary")}
          rows={4}
          hint={t("interactions.summaryHint")}
          error={form.errorOf("summary")}
          {...form.field("summary")}
        />

        <ParticipantsField form={form} contacts={loaderData.contacts} staff={loaderData.staff} me={loaderData.me} />

        <ChecklistItemsField form={form} openItems={loaderData.openItems} open={defaults.checklist_items.length > 0} />

        <FollowUpRows form={form} me={{ id: loaderData.me, name: loaderData.meName }} emptyRow={emptyFollowUp} />

        <div
          data-sticky-save
          className="sticky bottom-0 z-10 -mx-4 border-t border-slate-200 bg-slate-50/95 px-4 py-3 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0"
        >
          <Button type="submit" className="w-full py-3 text-base sm:w-auto" disabled={navigation.state === "submitting"}>
            {t("interactions.submit")}
          </Button>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
