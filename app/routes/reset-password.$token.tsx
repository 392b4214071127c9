import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { LinkPanel, RateLimitedPanel } from "~/components/emailed-link";
import { ErrorPage } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/form-alert";
import { NewPasswordFields } from "~/components/new-password-fields";
import { useValidatedForm } from "~/components/use-validated-form";
import { HOME_BY_ROLE } from "~/domain/permissions";
import { findPasswordReset, resetPassword } from "~/models/password-reset.server";
import { ResetPasswordSchema, type ResetPasswordInput } from "~/schemas/account";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { hit, peek } from "~/utils/rate-limit-hits.server";
import { startUserSession } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, (t) => [t("passwordReset.reset.title")]),
  { name: "robots", content: "noindex" },
];

/** Attempts per network address: every submission, and every look-up of an unknown token. */
export const RESET_RATE_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 } as const;
const rateKey = (address: string) => `pwreset-use:address:${address}`;

type LoaderData =
  { state: "valid"; email: string } | { state: "unknown" | "used" | "expired" } | { state: "rate_limited"; retryAt: string };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const key = rateKey(context?.clientAddress ?? "unknown");
  const limited = peek(key, RESET_RATE_LIMIT.limit, RESET_RATE_LIMIT.windowMs);
  if (!limited.allowed)
    return data<LoaderData>(
      { state: "rate_limited", retryAt: formatTime(limited.retryAt!, await getLocale(request)) },
      { status: 429 },
    );
  const lookup = findPasswordReset(params.token ?? "");
  if (lookup.state === "unknown") {
    hit(key, RESET_RATE_LIMIT.limit, RESET_RATE_LIMIT.windowMs);
    return data<LoaderData>({ state: "unknown" }, { status: 404 });
  }
  if (lookup.state !== "valid") return data<LoaderData>({ state: lookup.state }, { status: 410 });
  return data<LoaderData>({ state: "valid", email: lookup.email });
}

type ActionData = { fieldErrors: FieldErrors; formError: { key: string; time?: string } | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const locale = await getLocale(request);
  const attempt = hit(rateKey(context?.clientAddress ?? "unknown"), RESET_RATE_LIMIT.limit, RESET_RATE_LIMIT.windowMs);
  if (!attempt.allowed)
    return data<ActionData>(
      { fieldErrors: {}, formError: { key: "passwordReset.rateLimited", time: formatTime(attempt.retryAt!, locale) } },
      { status: 429 },
    );
  const parsed = ResetPasswordSchema.safeParse(formValues(formData));
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrorsOf(parsed.error), formError: null }, { status: 400 });

  const result = await resetPassword(params.token ?? "", parsed.data.password);
  if (!result.ok)
    return data<ActionData>(
      { fieldErrors: {}, formError: { key: `passwordReset.gone.${result.reason}.title` } },
      { status: result.reason === "unknown" ? 404 : 410 },
    );
  // Every other session of the user has ended; this browser gets a fresh one, with the news.
  return startUserSession(request, result.userId, HOME_BY_ROLE[result.role], {
    kind: "success",
    message: getFixedT(locale)("passwordReset.reset.done"),
  });
}

function Gone({ state }: { state: "unknown" | "used" | "expired" }) {
  const { t } = useTranslation();
  return (
    <LinkPanel title={t(`passwordReset.gone.${state}.title`)}>
      <p className="mt-3 text-slate-700">{t(`passwordReset.gone.${state}.body`)}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <Link
          to="/forgot-password"
          className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          {t("passwordReset.gone.again")}
        </Link>
        <Link to="/login" className="inline-block px-2 py-2 text-sm text-brand-700 hover:underline">
          {t("passwordReset.backToSignIn")}
        </Link>
      </div>
    </LinkPanel>
  );
}

function ResetForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useValidatedForm<ResetPasswordInput>(ResetPasswordSchema, { serverErrors: actionData?.fieldErrors ?? null });
  const submitting = navigation.state === "submitting";
  return (
    <LinkPanel title={t("passwordReset.reset.title")}>
      <p className="mt-3 text-sm text-slate-700">{t("passwordReset.reset.intro", { email })}</p>
      <FormAlert error={actionData?.formError} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-6 space-y-4">
        <AuthenticityTokenInput name="csrf" />
        <NewPasswordFields email={email} messages="passwordReset.reset" form={form} />
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? t("passwordReset.reset.submitting") : t("passwordReset.reset.submit")}
        </Button>
      </Form>
    </LinkPanel>
  );
}

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  if (loaderData.state === "rate_limited") return <RateLimitedPanel messages="passwordReset" retryAt={loaderData.retryAt} />;
  if (loaderData.state !== "valid") return <Gone state={loaderData.state} />;
  return <ResetForm email={loaderData.email} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
