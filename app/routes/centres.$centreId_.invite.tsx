import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useHydrated } from "remix-utils/use-hydrated";
import { z } from "zod";
import { IntentForm } from "~/components/intent-form";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useValidatedForm } from "~/components/use-validated-form";
import { canInviteToCentre } from "~/domain/permissions";
import {
  createInvitation,
  getInvitationCentre,
  listInvitationsOfCentre,
  revokeInvitation,
  type InvitationStatus,
} from "~/models/invitation.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { formStrings } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";
import { InvitationSchema, type InvitationFormValues } from "~/schemas/invitation";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, lng) => [t("invite.title"), centreName(data?.centre, lng), t("nav.centres")]);

const RevokeSchema = z.object({ intent: z.literal("revoke"), invitationId: z.string().min(1) });

async function requireInviter(request: Request, centreId: string | undefined) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getInvitationCentre(centreId ?? "");
  if (!centre) notFound();
  if (!canInviteToCentre(user, centre)) forbidden();
  return { user, centre };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { centre } = await requireInviter(request, params.centreId);
  return {
    centre: { id: centre.id, nameZh: centre.nameZh, nameEn: centre.nameEn },
    contacts: centre.contacts
      .filter((c) => c.email)
      .map((c) => ({ id: c.id, name: c.name, email: c.email, language: c.language })),
    invitations: listInvitationsOfCentre(centre.id),
  };
}

type ActionData = { intent: string; fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, centre } = await requireInviter(request, params.centreId);
  const values = formStrings(await readForm(request));
  const t = getFixedT(await getLocale(request, user));
  const fail = (intent: string, fieldErrors: FieldErrors, status = 400) =>
    data<ActionData>({ intent, fieldErrors, values }, { status });
  const done = async (message: string) => redirectWithToast(request, `/centres/${centre.id}/invite`, message);

  const named = String(values.intent ?? "");

  return runIntent(
    values,
    {
      revoke: intent(RevokeSchema, ({ invitationId }) => {
        const result = revokeInvitation(user, centre.id, invitationId);
        if (result === "not_found") notFound();
        if (result === "forbidden") forbidden();
        if (result === "not_pending") return fail("revoke", { _form: "invite.errors.notPending" }, 409);
        return done(t("invite.revoked"));
      }),
      invite: intent(InvitationSchema, (input) => {
        const result = createInvitation(user, centre.id, input);
        if (!result.ok) return fail("invite", formRefusal(result).fieldErrors, result.status);
        return done(t("invite.sent", { email: result.email }));
      }),
    },
    (name, fieldErrors) =>
      name === null
        ? fail(named, fieldErrors)
        : fail(name, name === "revoke" ? { _form: "validation.invalidChoice" } : fieldErrors),
  );
}

const STATUS_TONES: Record<InvitationStatus, "amber" | "green" | "slate" | "red"> = {
  pending: "amber",
  used: "green",
  expired: "slate",
  revoked: "red",
};

function InvitationForm({ contacts }: { contacts: ReturnType<typeof useLoaderData<typeof loader>>["contacts"] }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const invite = actionData?.intent === "invite" ? actionData : null;
  const form = useValidatedForm<InvitationFormValues>(InvitationSchema, {
    serverErrors: invite?.fieldErrors ?? null,
    defaultValues: invite?.values ?? { contactId: "", locale: "" },
  });
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "invite";
  // With JavaScript, a chosen contact replaces the typed address (without it, the contact wins on the server).
  const hydrated = useHydrated();
  const chosen = hydrated ? contacts.find((c) => c.id === form.watch("contactId")) : undefined;
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-4">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="invite" />
      <div>
        <SelectField
          label={t("invite.form.contact")}
          options={contacts.map((c) => ({ value: c.id, label: `${c.name} · ${c.email}` }))}
          placeholder={t("invite.form.contactPlaceholder")}
          error={form.errorOf("contactId")}
          {...form.field("contactId")}
        />
        <p className="mt-1 text-xs text-slate-500">{t("invite.form.contactHint")}</p>
      </div>
      {chosen ? (
        <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="invite-goes-to">
          {t("invite.form.goesTo", { email: chosen.email })}
        </p>
      ) : (
        <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">{t("invite.form.someoneElse")}</legend>
          <TextField
            label={t("invite.form.email")}
            type="email"
            autoComplete="off"
            error={form.errorOf("email")}
            {...form.field("email")}
          />
          <TextField label={t("invite.form.name")} autoComplete="off" error={form.errorOf("name")} {...form.field("name")} />
        </fieldset>
      )}
      <SelectField
        label={t("invite.form.language")}
        options={[
          { value: "zh-CN", label: t("locales.zh-CN") },
          { value: "en", label: t("locales.en") },
        ]}
        placeholder={t("invite.form.languageFromContact")}
        error={form.errorOf("locale")}
        {...form.field("locale")}
      />
      <Button type="submit" disabled={submitting} className="w-full sm:w-auto">
        {t("invite.form.submit")}
      </Button>
    </Form>
  );
}

export default function InviteToCentre() {
  const { t, i18n } = useTranslation();
  const { centre, contacts, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A changed list (an invitation sent or revoked) starts a fresh form; a refused one keeps its input.
  const listVersion = invitations.map((i) => `${i.id}:${i.status}`).join(",");
  const lng = i18n.language;
  const revokeError = actionData?.intent === "revoke" ? actionData.fieldErrors._form : undefined;
  return (
    <>
      <BackLink to={`/centres/${centre.id}`}>{t("invite.backToCentre")}</BackLink>
      <PageHeader title={t("invite.title")} subtitle={lng === "en" ? centre.nameEn : centre.nameZh} />
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-600">{t("invite.intro")}</p>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("invite.form.title")} className="self-start">
          <InvitationForm key={listVersion} contacts={contacts} />
        </Card>
        <section className="min-w-0 lg:col-span-2" aria-labelledby="invitations-title">
          <h2 id="invitations-title" className="mb-3 text-base font-semibold text-slate-800">
            {t("invite.list.title")}
          </h2>
          {revokeError ? (
            <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {translateError(t, revokeError)}
            </p>
          ) : null}
          {invitations.length === 0 ? (
            <p className="rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-600 shadow-sm">
              {t("invite.list.none")}
            </p>
          ) : (
            <Table stack caption={t("invite.list.title")} head={[t("invite.list.person"), t("invite.list.status")]}>
              {invitations.map((inv) => (
                <tr key={inv.id} data-testid="invitation" data-status={inv.status}>
                  <Td>
                    <div className="font-medium text-slate-900">{inv.name || "—"}</div>
                    <div className="break-words text-sm text-slate-700">{inv.email}</div>
                    <div className="mt-0.5 text-xs text-slate-500">
                      {inv.invitedBy
                        ? t("invite.list.sentOn", { date: formatDate(inv.createdAt, lng), name: inv.invitedBy })
                        : t("invite.list.sentOnNoName", { date: formatDate(inv.createdAt, lng) })}
                    </div>
                  </Td>
                  <Td className="w-40">
                    <Pill tone={STATUS_TONES[inv.status]}>{t(`invite.status.${inv.status}`)}</Pill>
                    {inv.status === "pending" ? (
                      <div className="mt-1 text-xs text-slate-500" title={formatDateTime(inv.expiresAt, lng)}>
                        {t("invite.list.expiresOn", { date: formatDate(inv.expiresAt, lng) })}
                      </div>
                    ) : null}
                    {inv.usedAt ? (
                      <div className="mt-1 text-xs text-slate-500">
                        {t("invite.list.usedOn", { date: formatDate(inv.usedAt, lng) })}
                      </div>
                    ) : null}
                    {inv.status === "pending" ? (
                      <IntentForm intent="revoke" values={{ invitationId: inv.id }} className="mt-2">
                        <Button
                          type="submit"
                          variant="danger"
                          className="whitespace-nowrap px-2 py-1"
                          aria-label={t("invite.list.revokeLabel", { email: inv.email })}
                        >
                          {t("invite.list.revoke")}
                        </Button>
                      </IntentForm>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
