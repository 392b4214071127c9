import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { IntentForm } from "~/components/intent-form";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/page-header";
import { CODE_ATTEMPT_LIMIT, codeAttemptKey, groupSecret, otpauthUri } from "~/domain/two-factor";
import {
  cancelTotpEnrolment,
  confirmTotpEnrolment,
  disableTwoFactor,
  pendingTotpSecret,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  twoFactorStatusOf,
  verifySecondFactor,
} from "~/models/account-security.server";
import { AccountSecurityIntent, CodeIntentSchema } from "~/schemas/account";
import { translateError } from "~/schemas/forms";
import { mustEnrolTwoFactor, requireUser } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { env } from "~/utils/env.server";
import { formatTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { clearHits, hit } from "~/utils/rate-limit-hits.server";
import { getSession, rotatedSessionHeaders, redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { CodeForm, RecoveryCodes, type SecurityActionData } from "~/components/account/two-factor-parts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("account.security.title")]);

const adminMayNotDisable = (role: string) => role === "admin" && env.ADMIN_TWO_FACTOR === "required";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const status = twoFactorStatusOf(user.id);
  // The key is shown only while enrolling; once two-factor sign-in is on it never leaves the server.
  const secret = status.enrolling ? pendingTotpSecret(user.id) : null;
  const enrolment = secret
    ? {
        secret: groupSecret(secret),
        qrSvg: await QRCode.toString(otpauthUri(secret, user.email), { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
      }
    : null;
  return {
    status: { ...status, enrolling: Boolean(enrolment) },
    enrolment,
    required: mustEnrolTwoFactor(user),
    canDisable: !adminMayNotDisable(user.role),
  };
}

const result = (r: Partial<SecurityActionData>, status = 200) =>
  data<SecurityActionData>({ intent: null, fieldErrors: {}, formError: null, recoveryCodes: null, ...r }, { status });

type CodeIntent = z.output<typeof CodeIntentSchema>["intent"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const values = formValues(formData);
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const back = async (message: string) => redirectWithToast(request, "/account/security", message);
  const key = codeAttemptKey(user.id);
  const wrong = (intent: CodeIntent, reason: string) =>
    result(
      {
        intent,
        fieldErrors: {
          code:
            reason === "reused"
              ? "account.security.reusedCode"
              : reason === "notEnrolling"
                ? "account.security.notEnrolling"
                : "account.security.invalidCode",
        },
      },
      400,
    );
  /** An intent that needs a code: counted against the attempt limit before `run` checks it. */
  const withCode = <R,>(run: (code: string, intent: CodeIntent) => R) =>
    intent(CodeIntentSchema, ({ intent, code }) => {
      const attempt = hit(key, CODE_ATTEMPT_LIMIT.limit, CODE_ATTEMPT_LIMIT.windowMs);
      if (!attempt.allowed)
        return result(
          { intent, formError: { key: "account.security.rateLimited", time: formatTime(attempt.retryAt!, locale) } },
          429,
        );
      return run(code, intent);
    });

  return runIntent(
    values,
    {
      start: intent(AccountSecurityIntent, () => {
        startTotpEnrolment(user.id);
        return redirect("/account/security");
      }),
      cancel: intent(AccountSecurityIntent, () => {
        cancelTotpEnrolment(user.id);
        return back(t("account.security.cancelled"));
      }),
      confirm: withCode(async (code, intent) => {
        // Every other session of the user ends; this browser carries on (and sees the codes once).
        const current = await getSession(request);
        const confirmed = confirmTotpEnrolment(user.id, code, { currentSessionId: current.id || undefined });
        if (!confirmed.ok) return wrong(intent, confirmed.reason);
        clearHits(key);
        return result({ intent: "confirm", recoveryCodes: confirmed.recoveryCodes });
      }),
      regenerate: withCode((code, intent) => {
        const regenerated = regenerateRecoveryCodes(user.id, code);
        if (!regenerated.ok) return wrong(intent, regenerated.reason);
        clearHits(key);
        return result({ intent: "regenerate", recoveryCodes: regenerated.recoveryCodes });
      }),
      disable: withCode(async (code, intent) => {
        if (adminMayNotDisable(user.role))
          return result({ intent: "disable", formError: { key: "account.security.adminCannotDisable" } }, 403);
        const checked = verifySecondFactor(user.id, code);
        if (!checked.ok) return wrong(intent, checked.reason);
        clearHits(key);
        disableTwoFactor(user.id, user.id);
        const headers = await rotatedSessionHeaders(
          request,
          { userId: user.id },
          { kind: "success", message: t("account.security.disabledDone") },
        );
        return redirect("/account/security", { headers });
      }),
    },
    (intent, fieldErrors) => result(intent === null ? { fieldErrors } : { intent, fieldErrors }, 400),
  );
}

export default function AccountSecurity() {
  const { t } = useTranslation();
  const { status, enrolment, required, canDisable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const recoveryLeft = searchParams.get("recoveryLeft");
  const formError = actionData?.fieldErrors._form;
  return (
    <>
      <PageHeader title={t("account.security.title")} subtitle={t("account.security.subtitle")} />
      {required ? (
        <p role="alert" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("account.security.required")}
        </p>
      ) : null}
      {recoveryLeft && /^\d+$/.test(recoveryLeft) ? (
        <p role="status" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("account.twoFactorStep.recoveryUsed", { count: Number(recoveryLeft) })}
        </p>
      ) : null}
      {formError ? (
        <p role="alert" className="mb-6 text-sm text-red-700">
          {translateError(t, formError)}
        </p>
      ) : null}
      {actionData?.recoveryCodes ? (
        <RecoveryCodes codes={actionData.recoveryCodes} enabled={actionData.intent === "confirm"} />
      ) : null}

      {status.enabled ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t("account.security.statusOn")}>
            <p className="mb-4 text-sm text-slate-700" data-testid="recovery-left">
              {t("account.security.recoveryLeft", { count: status.recoveryCodesLeft })}
            </p>
            <p className="mb-2 text-sm text-slate-600">{t("account.security.regenerateHint")}</p>
            <CodeForm intent="regenerate" submit={t("account.security.regenerate")} variant="secondary" />
          </Card>
          {canDisable ? (
            <Card title={t("account.security.disable")}>
              <p className="mb-2 text-sm text-slate-600">{t("account.security.disableHint")}</p>
              <CodeForm intent="disable" submit={t("account.security.disable")} variant="danger" />
            </Card>
          ) : null}
        </div>
      ) : enrolment ? (
        <Card title={t("account.security.start")}>
          <p className="text-sm text-slate-700">{t("account.security.intro")}</p>
          <div className="mt-4 grid gap-6 md:grid-cols-[auto_1fr]">
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("account.security.step1")}</h3>
              <img
                src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`}
                alt={t("account.security.qrAlt")}
                width={200}
                height={200}
                className="rounded border border-slate-200 bg-white"
                data-testid="totp-qr"
              />
            </div>
            <div className="space-y-4">
              <div>
                <p className="text-sm text-slate-700">{t("account.security.step2")}</p>
                <p className="mt-1 break-all font-mono text-base tracking-wide text-slate-900" data-testid="totp-secret">
                  {enrolment.secret}
                </p>
              </div>
              <div>
                <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("account.security.step3")}</h3>
                <CodeForm intent="confirm" submit={t("account.security.confirm")} />
              </div>
              <IntentForm intent="cancel">
                <Button type="submit" variant="secondary">
                  {t("account.security.cancel")}
                </Button>
              </IntentForm>
            </div>
          </div>
        </Card>
      ) : (
        <Card title={t("account.security.statusOff")}>
          <p className="text-sm text-slate-700">{t("account.security.intro")}</p>
          <IntentForm intent="start" className="mt-4">
            <Button type="submit">{t("account.security.start")}</Button>
          </IntentForm>
        </Card>
      )}
    </>
  );
}
