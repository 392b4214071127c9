import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/form-alert";
import { TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { HOME_BY_ROLE } from "~/domain/permissions";
import { requestPasswordReset } from "~/models/password-reset.server";
import { ForgotPasswordSchema, type ForgotPasswordInput } from "~/schemas/account";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { getUser } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatTime } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { hit } from "~/utils/rate-limit-hits.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, (t) => [t("passwordReset.forgot.title")]),
  { name: "robots", content: "noindex" },
];

/**
 * Asking for a reset link is limited per network address (the page says when to retry) and per
 * address asked for (silently: the answer stays the same, so it says nothing about the account).
 */
export const FORGOT_RATE_LIMIT = { address: 10, email: 3, windowMs: 60 * 60 * 1000 } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(HOME_BY_ROLE[user.role]);
  return null;
}

type ActionData = { sent: string | null; fieldErrors: FieldErrors; formError: { key: string; time: string } | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const locale = await getLocale(request);
  const byAddress = hit(
    `pwreset:address:${context?.clientAddress ?? "unknown"}`,
    FORGOT_RATE_LIMIT.address,
    FORGOT_RATE_LIMIT.windowMs,
  );
  if (!byAddress.allowed)
    return data<ActionData>(
      {
        sent: null,
        fieldErrors: {},
        formError: { key: "passwordReset.rateLimited", time: formatTime(byAddress.retryAt!, locale) },
      },
      { status: 429 },
    );
  const parsed = ForgotPasswordSchema.safeParse(formValues(formData));
  if (!parsed.success)
    return data<ActionData>({ sent: null, fieldErrors: fieldErrorsOf(parsed.error), formError: null }, { status: 400 });
  const { email } = parsed.data;
  // The same answer whether or not the account exists, and whether or not this address was limited.
  if (hit(`pwreset:email:${email}`, FORGOT_RATE_LIMIT.email, FORGOT_RATE_LIMIT.windowMs).allowed)
    requestPasswordReset(email, locale);
  return data<ActionData>({ sent: email, fieldErrors: {}, formError: null });
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useValidatedForm<ForgotPasswordInput>(ForgotPasswordSchema, { serverErrors: actionData?.fieldErrors });
  const submitting = navigation.state === "submitting";
  return (
    <div className="mx-auto max-w-lg py-6 md:py-12">
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        {actionData?.sent ? (
          <>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("passwordReset.forgot.sentTitle")}</h1>
            <p role="status" className="mt-3 text-slate-700" data-testid="reset-sent">
              {t("passwordReset.forgot.sentBody", { email: actionData.sent })}
            </p>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("passwordReset.forgot.title")}</h1>
            <p className="mt-3 text-sm text-slate-700">{t("passwordReset.forgot.intro")}</p>
            <FormAlert error={actionData?.formError} />
            <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-6 space-y-4">
              <AuthenticityTokenInput name="csrf" />
              <TextField
                label={t("passwordReset.forgot.email")}
                type="email"
                autoComplete="username"
                autoFocus
                error={form.errorOf("email")}
                {...form.field("email")}
              />
              <Button type="submit" className="w-full" disabled={submitting}>
                {submitting ? t("passwordReset.forgot.submitting") : t("passwordReset.forgot.submit")}
              </Button>
            </Form>
          </>
        )}
        <Link to="/login" className="mt-6 inline-block text-sm text-brand-700 hover:underline">
          ← {t("passwordReset.backToSignIn")}
        </Link>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
