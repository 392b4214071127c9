import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { eq } from "drizzle-orm";
import { Button } from "~/components/ui/button";
import { FormAlert } from "~/components/ui/form-alert";
import { TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { CODE_ATTEMPT_LIMIT, codeAttemptKey, groupSecret } from "~/domain/two-factor";
import { verifySecondFactor } from "~/models/account-security.server";
import { fieldErrorsOf } from "~/schemas/forms";
import { TwoFactorCodeSchema, type TwoFactorCodeInput } from "~/schemas/account";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatTime } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";
import { clearHits, hit } from "~/utils/rate-limit-hits.server";
import { clearAccountFailures } from "~/utils/rate-limit.server";
import { getSession, sessionStorage, startUserSession } from "~/utils/session.server";
import { users } from "../../db/schema";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET } from "../../db/demo-accounts";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("account.twoFactorStep.title")]);

/** The second step must follow the password within this time. */
export const SECOND_FACTOR_TTL_MS = 10 * 60_000;

/** The user waiting for their second factor in this session, or null when the step is not (or no longer) open. */
async function pendingUser(request: Request) {
  const session = await getSession(request);
  const userId = session.get("pendingUserId");
  const at = session.get("pendingAt");
  if (!userId || typeof at !== "number" || Date.now() - at > SECOND_FACTOR_TTL_MS) return { session, user: null };
  const user = db
    .select({ id: users.id, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return { session, user: user && !user.disabledAt ? user : null };
}

async function backToLogin(session: Awaited<ReturnType<typeof getSession>>) {
  const headers = new Headers();
  if (session.id) headers.append("Set-Cookie", await sessionStorage.destroySession(session));
  return redirect("/login?expired=1", { headers });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, user } = await pendingUser(request);
  if (!user) throw await backToLogin(session);
  // In demo mode the demo admin's key is shown, so anyone trying the demo can sign in (README).
  const demoSecret = env.DEMO_MODE && user.email === DEMO_ACCOUNTS.admin ? groupSecret(DEMO_ADMIN_TOTP_SECRET) : null;
  return { demoSecret };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const parsed = TwoFactorCodeSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null }, { status: 400 });

  const { session, user } = await pendingUser(request);
  if (!user) throw await backToLogin(session);

  // Every attempt counts (atomically, so parallel guesses cannot slip past); a right code clears them.
  const attempt = hit(codeAttemptKey(user.id), CODE_ATTEMPT_LIMIT.limit, CODE_ATTEMPT_LIMIT.windowMs);
  if (!attempt.allowed) {
    const time = formatTime(attempt.retryAt!, await getLocale(request));
    return data({ fieldErrors: {}, formError: { key: "account.security.rateLimited", time } }, { status: 429 });
  }
  const result = verifySecondFactor(user.id, parsed.data.code);
  if (!result.ok) {
    const key = result.reason === "reused" ? "account.security.reusedCode" : "account.security.invalidCode";
    return data({ fieldErrors: { code: key }, formError: null }, { status: 400 });
  }
  clearHits(codeAttemptKey(user.id));
  clearAccountFailures({ account: user.email });
  const target =
    result.method === "recovery"
      ? `/account/security?recoveryLeft=${result.recoveryCodesLeft}`
      : String(session.get("pendingRedirectTo") ?? "/");
  return startUserSession(request, user.id, target);
}

export default function TwoFactorStep() {
  const { t } = useTranslation();
  const { demoSecret } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useValidatedForm<TwoFactorCodeInput>(TwoFactorCodeSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="mx-auto max-w-md py-6 md:py-12">
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold">{t("account.twoFactorStep.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("account.twoFactorStep.intro")}</p>
        <FormAlert error={actionData?.formError} />
        <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-6 space-y-4">
          <AuthenticityTokenInput name="csrf" />
          <TextField
            label={t("account.twoFactorStep.code")}
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            error={form.errorOf("code")}
            {...form.field("code")}
          />
          <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
            {t("account.twoFactorStep.submit")}
          </Button>
        </Form>
        <p className="mt-4 text-sm">
          <Link to="/login" className="text-brand-700 underline">
            {t("account.twoFactorStep.back")}
          </Link>
        </p>
        {demoSecret ? (
          <p className="mt-6 rounded-md bg-slate-50 p-3 text-xs text-slate-600" data-testid="demo-totp">
            {t("account.twoFactorStep.demoHint", { secret: demoSecret })}
          </p>
        ) : null}
      </section>
    </div>
  );
}
