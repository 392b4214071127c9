import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo-accounts";
import { HOME_BY_ROLE, safeRedirect } from "~/domain/permissions";
import { notifyAccountLocked } from "~/models/account-security.server";
import { verifyLogin } from "~/models/user.server";
import { fieldErrorsOf } from "~/schemas/forms";
import { LoginSchema, type LoginInput } from "~/schemas/login";
import { getUser } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { env } from "~/utils/env.server";
import { formatTime } from "~/utils/format";
import { pruneStaleRows } from "~/utils/housekeeping.server";
import { getLocale } from "~/utils/i18n.server";
import { clearAccountFailures, loginBlockedUntil, recordLoginFailure } from "~/utils/rate-limit.server";
import { startSecondFactor, startUserSession } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("login.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(HOME_BY_ROLE[user.role]);
  return { demoAccounts: env.DEMO_MODE ? Object.values(DEMO_ACCOUNTS) : [], demoPassword: env.DEMO_MODE ? DEMO_PASSWORD : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const parsed = LoginSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null }, { status: 400 });

  const { email, password, redirectTo } = parsed.data;
  const keys = { account: email, address: context?.clientAddress ?? "unknown" };
  const locale = await getLocale(request);
  const blocked = () => {
    const until = loginBlockedUntil(keys);
    return until ? { key: "login.rateLimited", time: formatTime(until, locale) } : null;
  };

  // Old sessions, failures and rate-limit hits go a bounded batch at a time (at most once a minute).
  pruneStaleRows();
  const alreadyBlocked = blocked();
  if (alreadyBlocked) return data({ fieldErrors: {}, formError: alreadyBlocked }, { status: 429 });

  const user = await verifyLogin(email, password);
  if (!user) {
    // The fifth failure locks the account: the user is told by email (once per lockout).
    recordLoginFailure(keys, Date.now(), (tx, until) => notifyAccountLocked(tx, email, until));
    const nowBlocked = blocked();
    return data(
      { fieldErrors: {}, formError: nowBlocked ?? { key: "login.invalid", time: "" } },
      { status: nowBlocked ? 429 : 401 },
    );
  }
  const target = safeRedirect(redirectTo, HOME_BY_ROLE[user.role]);
  // With two-factor sign-in the account's failures are cleared only once the code is right too.
  if (user.totpEnabledAt) return startSecondFactor(request, user.id, target);
  clearAccountFailures(keys);
  return startUserSession(request, user.id, target);
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { demoAccounts, demoPassword } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const form = useValidatedForm<LoginInput>(LoginSchema, { serverErrors: actionData?.fieldErrors });
  const submitting = navigation.state === "submitting";

  return (
    <div className="mx-auto grid max-w-4xl gap-8 py-6 md:grid-cols-2 md:py-12">
      <section className="hidden flex-col justify-center md:flex">
        <h2 className="text-3xl font-semibold tracking-tight text-brand-900">{t("app.tagline")}</h2>
        <p className="mt-4 text-slate-600">{t("login.intro")}</p>
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        {/* Above the fields, so the email field's check on blur cannot shift the link away from a click. */}
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h1 className="text-2xl font-semibold">{t("login.title")}</h1>
          <a href="/forgot-password" className="text-sm text-brand-700 hover:underline">
            {t("passwordReset.link")}
          </a>
        </div>
        {actionData?.formError ? (
          <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {t(actionData.formError.key, { time: actionData.formError.time })}
          </p>
        ) : searchParams.get("expired") === "1" ? (
          <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t("account.twoFactorStep.expired")}
          </p>
        ) : null}
        <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-6 space-y-4">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField
            label={t("login.email")}
            type="email"
            autoComplete="username"
            autoFocus
            error={form.errorOf("email")}
            {...form.field("email")}
          />
          <TextField
            label={t("login.password")}
            type="password"
            autoComplete="current-password"
            error={form.errorOf("password")}
            {...form.field("password")}
          />
          <Button type="submit" className="w-full" disabled={submitting}>
            {submitting ? t("login.submitting") : t("login.submit")}
          </Button>
        </Form>
        {demoAccounts.length > 0 ? (
          <div className="mt-6 rounded-md bg-slate-50 p-3 text-xs text-slate-600">
            <p>{t("login.demoHint", { password: demoPassword })}</p>
            <ul className="mt-1 font-mono">
              {demoAccounts.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}
