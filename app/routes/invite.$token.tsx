import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { LinkPanel, RateLimitedPanel } from "~/components/emailed-link";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { NewPasswordFields } from "~/components/new-password-fields";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/form-alert";
import { SelectField, TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { acceptInvitation, findInvitationByToken } from "~/models/invitation.server";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { AcceptInvitationSchema, type AcceptInvitationValues } from "~/schemas/invitation";
import { getUser } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatDate, formatTime } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { hit, peek } from "~/utils/rate-limit-hits.server";
import { startUserSession } from "~/utils/session.server";
import { centreName, pageTitle } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, (t, lng) => [
    data && "centre" in data ? t("invite.accept.title", { centre: centreName(data.centre, lng) }) : t("errors.404.title"),
  ]),
  { name: "robots", content: "noindex" },
];

/** Attempts per network address: every submission, and every look-up of an unknown token. */
export const INVITE_RATE_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 } as const;
const rateKey = (address: string) => `invite:address:${address}`;

type Centre = { nameZh: string; nameEn: string };
type LoaderData =
  | {
      state: "valid";
      centre: Centre;
      email: string;
      name: string;
      expiresAt: string;
      signedInAs: string | null;
      locale: "zh-CN" | "en";
    }
  | { state: "used" | "expired"; centre: Centre }
  | { state: "unknown" }
  | { state: "rate_limited"; retryAt: string };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const key = rateKey(context?.clientAddress ?? "unknown");
  const locale = await getLocale(request);
  const limited = peek(key, INVITE_RATE_LIMIT.limit, INVITE_RATE_LIMIT.windowMs);
  if (!limited.allowed)
    return data<LoaderData>({ state: "rate_limited", retryAt: formatTime(limited.retryAt!, locale) }, { status: 429 });

  const lookup = findInvitationByToken(params.token ?? "");
  if (lookup.state === "unknown") {
    hit(key, INVITE_RATE_LIMIT.limit, INVITE_RATE_LIMIT.windowMs);
    return data<LoaderData>({ state: "unknown" }, { status: 404 });
  }
  if (lookup.state !== "valid") return data<LoaderData>({ state: lookup.state, centre: lookup.centre }, { status: 410 });
  const user = await getUser(request);
  return data<LoaderData>({
    state: "valid",
    centre: lookup.centre,
    email: lookup.invitation.email,
    name: lookup.invitation.name,
    expiresAt: lookup.invitation.expiresAt.toISOString(),
    signedInAs: user?.email ?? null,
    locale,
  });
}

type ActionData = { fieldErrors: FieldErrors; formError: { key: string; time?: string } | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const locale = await getLocale(request);
  const attempt = hit(rateKey(context?.clientAddress ?? "unknown"), INVITE_RATE_LIMIT.limit, INVITE_RATE_LIMIT.windowMs);
  if (!attempt.allowed)
    return data<ActionData>(
      { fieldErrors: {}, formError: { key: "invite.rateLimited", time: formatTime(attempt.retryAt!, locale) } },
      { status: 429 },
    );

  const parsed = AcceptInvitationSchema.safeParse(formValues(formData));
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrorsOf(parsed.error), formError: null }, { status: 400 });

  const result = await acceptInvitation(params.token ?? "", parsed.data);
  if (!result.ok) {
    if (result.reason === "email_taken")
      return data<ActionData>({ fieldErrors: {}, formError: { key: "invite.accept.emailTaken" } }, { status: 409 });
    // The page reloads and explains: unknown, used or expired.
    return data<ActionData>(
      { fieldErrors: {}, formError: { key: `invite.gone.${result.reason}.title` } },
      { status: result.reason === "unknown" ? 404 : 410 },
    );
  }
  return startUserSession(request, result.userId, "/portal");
}

function Gone({ state }: { state: "unknown" | "used" | "expired" }) {
  const { t } = useTranslation();
  return (
    <LinkPanel title={t(`invite.gone.${state}.title`)}>
      <p className="mt-3 text-slate-700">{t(`invite.gone.${state}.body`)}</p>
      <Link
        to="/login"
        className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("invite.gone.signIn")}
      </Link>
    </LinkPanel>
  );
}

function AcceptForm({ invitation }: { invitation: Extract<LoaderData, { state: "valid" }> }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useValidatedForm<AcceptInvitationValues>(AcceptInvitationSchema, {
    serverErrors: actionData?.fieldErrors ?? null,
    defaultValues: { name: invitation.name, locale: invitation.locale },
  });
  const lng = i18n.language;
  const submitting = navigation.state === "submitting";
  return (
    <LinkPanel title={t("invite.accept.title", { centre: lng === "en" ? invitation.centre.nameEn : invitation.centre.nameZh })}>
      <p className="mt-3 text-sm text-slate-700">
        {t("invite.accept.intro", { email: invitation.email, expires: formatDate(invitation.expiresAt, lng) })}
      </p>
      {invitation.signedInAs ? (
        <p className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("invite.accept.signedInAs", { email: invitation.signedInAs })}
        </p>
      ) : null}
      <FormAlert error={actionData?.formError} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-6 space-y-4">
        <AuthenticityTokenInput name="csrf" />
        <TextField label={t("invite.accept.name")} autoComplete="name" error={form.errorOf("name")} {...form.field("name")} />
        <NewPasswordFields email={invitation.email} messages="invite.accept" form={form} />
        <SelectField
          label={t("invite.accept.language")}
          options={[
            { value: "zh-CN", label: t("locales.zh-CN") },
            { value: "en", label: t("locales.en") },
          ]}
          error={form.errorOf("locale")}
          {...form.field("locale")}
        />
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? t("invite.accept.submitting") : t("invite.accept.submit")}
        </Button>
      </Form>
    </LinkPanel>
  );
}

export default function AcceptInvitationPage() {
  const loaderData = useLoaderData<typeof loader>();
  if (loaderData.state === "rate_limited") return <RateLimitedPanel messages="invite" retryAt={loaderData.retryAt} />;
  if (loaderData.state !== "valid") return <Gone state={loaderData.state} />;
  return <AcceptForm invitation={loaderData} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
