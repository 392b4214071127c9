import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorPage } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { NOTIFICATION_MODES } from "~/domain/notification-policy";
import { can } from "~/domain/permissions";
import { getNotificationMode, setNotificationMode } from "~/models/notification-settings.server";
import { NotificationSettingsSchema, type NotificationSettingsInput } from "~/schemas/account";
import { fieldErrorsOf } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notificationSettings.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "update:notification-settings:own");
  return {
    mode: getNotificationMode(user.id),
    enterprise: user.role === "enterprise",
    hasInbox: can(user.role, "read:notifications:own"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update:notification-settings:own");
  const parsed = NotificationSettingsSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  setNotificationMode(user.id, parsed.data.mode);
  const t = getFixedT(await getLocale(request, user));
  const message = t("notificationSettings.saved", { mode: t(`notificationSettings.modeShort.${parsed.data.mode}`) });
  return redirectWithToast(request, "/settings/notifications", message);
}

export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { mode, enterprise, hasInbox } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useValidatedForm<NotificationSettingsInput>(NotificationSettingsSchema, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { mode },
  });
  const error = form.errorOf("mode");
  return (
    <div className="mx-auto max-w-2xl">
      {hasInbox ? <BackLink to="/notifications">{t("notificationSettings.toInbox")}</BackLink> : null}
      <PageHeader title={t("notificationSettings.title")} subtitle={t("notificationSettings.intro")} />
      <Card>
        <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-5">
          <fieldset aria-describedby={error ? "mode-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">{t("notificationSettings.legend")}</legend>
            <div className="mt-3 space-y-3">
              {NOTIFICATION_MODES.map((value) => (
                <label
                  key={value}
                  className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-3 hover:bg-slate-50 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                >
                  <input
                    type="radio"
                    className="mt-1 h-4 w-4 shrink-0"
                    data-testid={`mode-${value}`}
                    {...form.checkbox("mode", value)}
                  />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{t(`notificationSettings.${value}`)}</span>
                    <span className="mt-0.5 block text-sm text-slate-600">
                      {value === "immediate"
                        ? t(`notificationSettings.immediateHint.${enterprise ? "enterprise" : "staff"}`)
                        : t("notificationSettings.digestHint")}
                    </span>
                  </span>
                </label>
              ))}
            </div>
            {error ? (
              <p id="mode-error" className="mt-2 text-sm text-red-700">
                {error}
              </p>
            ) : null}
          </fieldset>
          {hasInbox ? <p className="text-sm text-slate-600">{t("notificationSettings.staffNote")}</p> : null}
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {t("notificationSettings.save")}
          </Button>
          {/* Last, so the hidden field does not take the first child's place in the spacing. */}
          <AuthenticityTokenInput name="csrf" />
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
