import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { IntentForm } from "~/components/intent-form";
import { Pager } from "~/components/pager";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useRootData } from "~/components/use-root-data";
import { ROLES, type Role } from "~/domain/permissions";
import { pageParam } from "~/domain/centre-timeline";
import { centreChoices } from "~/models/centre.server";
import { disableTwoFactor, unlockAccount } from "~/models/account-security.server";
import {
  changeUserRole,
  createUser,
  emailOf,
  isEmailTaken,
  listUsers,
  resetUserPassword,
  setUserDisabled,
} from "~/models/user.server";
import { ResetTwoFactorSchema, UnlockSchema } from "~/schemas/account";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { ChangeRoleSchema, NewUserSchema, ResetPasswordSchema, SetDisabledSchema } from "~/schemas/user";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { formatTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { lockedAccounts } from "~/utils/rate-limit.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { NewUserForm, type UsersActionData } from "~/components/users/new-user-form";
import { CentreChoiceSearch, centreChoiceQuery } from "~/components/centres/centre-choice-search";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("users.title"), t("nav.admin")]);

/** The list's filters from the URL: `q` (name or email), `role`, and the page (0 = the first). */
function userFilter(search: URLSearchParams) {
  const role = search.get("role");
  return {
    q: (search.get("q") ?? "").trim().slice(0, 200),
    role: ROLES.includes(role as Role) ? (role as Role) : undefined,
    page: pageParam(search.get("page")),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:users:any");
  const search = new URL(request.url).searchParams;
  const locked = lockedAccounts();
  const filter = userFilter(search);
  const users = listUsers(filter);
  // The new user's centre (enterprise users): the first CENTRE_CHOICES_MAX, or those matching `?centreQ=`.
  const { choices, list } = centreChoices({ q: centreChoiceQuery(search) });
  return {
    users: users.rows.map((u) => ({ ...u, lockedUntil: locked.get(u.email)?.toISOString() ?? null })),
    paging: { page: users.page, hasOlder: users.hasOlder, total: users.total },
    filter: { q: filter.q, role: filter.role ?? "" },
    centres: choices,
    centreList: list,
  };
}

const fail = (result: UsersActionData) => data(result, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:users:any");
  const values = formValues(await readForm(request));
  const t = getFixedT(await getLocale(request, admin));
  // Back to the same page of the list, its filters kept.
  const done = (message: string) => redirectWithToast(request, `/admin/users${new URL(request.url).search}`, message);
  const refuse = (intent: string | null, fieldErrors: FieldErrors, userId: string | null = null) =>
    fail({ intent, fieldErrors, userId });
  // A refused row form (a user's role or password) answers on that user's row.
  const onRow = (intent: string) => (fieldErrors: FieldErrors) => refuse(intent, fieldErrors, String(values.userId ?? ""));
  const found = (changed: unknown) => changed || notFound();

  return runIntent(
    values,
    {
      create: intent(NewUserSchema, async (input) => {
        if (isEmailTaken(input.email)) return refuse("create", { email: "validation.emailTaken" });
        await createUser(admin.id, input);
        return done(t("users.created", { email: input.email }));
      }),
      changeRole: intent(
        ChangeRoleSchema,
        (input) => {
          if (input.role === "enterprise") return refuse("changeRole", { role: "validation.centreRequired" }, input.userId);
          found(changeUserRole(admin.id, input.userId, input.role));
          return done(t("users.roleChanged"));
        },
        onRow("changeRole"),
      ),
      resetPassword: intent(
        ResetPasswordSchema,
        async (input) => {
          found(await resetUserPassword(admin.id, input.userId, input.password));
          return done(t("users.passwordReset"));
        },
        onRow("resetPassword"),
      ),
      setDisabled: intent(SetDisabledSchema, (input) => {
        if (input.userId === admin.id) return refuse("setDisabled", { _form: "users.cannotDisableSelf" }, admin.id);
        found(setUserDisabled(admin.id, input.userId, input.disabled));
        return done(t(input.disabled ? "users.disabledDone" : "users.enabledDone"));
      }),
      unlock: intent(UnlockSchema, (input) => {
        found(unlockAccount(admin.id, input.userId));
        return done(t("account.admin.unlocked", { email: emailOf(input.userId) }));
      }),
      resetTwoFactor: intent(ResetTwoFactorSchema, (input) => {
        found(disableTwoFactor(admin.id, input.userId));
        return done(t("account.admin.twoFactorReset", { email: emailOf(input.userId) }));
      }),
    },
    (intent, fieldErrors) => refuse(intent, fieldErrors),
  );
}

export default function AdminUsers() {
  const { t, i18n } = useTranslation();
  const { users, paging, filter, centres, centreList } = useLoaderData<typeof loader>();
  const currentUserId = useRootData()?.user?.id;
  const actionData = useActionData<typeof action>();
  const rowError = (userId: string, field: string) =>
    actionData && actionData.userId === userId && actionData.fieldErrors[field]
      ? translateError(t, actionData.fieldErrors[field]!)
      : undefined;
  return (
    <>
      <PageHeader title={t("users.title")} subtitle={t("admin.usersCount", { count: paging.total })} />
      <Card title={t("users.new")} className="mb-6">
        <CentreChoiceSearch list={centreList} id="new-user-centre-q" />
        <NewUserForm centres={centres} />
      </Card>
      <Form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3" id="users" data-testid="user-filter">
        <label className="block text-sm font-medium text-slate-700">
          {t("users.filter.q")}
          <input
            type="search"
            name="q"
            defaultValue={filter.q}
            maxLength={200}
            className="mt-1 block w-64 max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          {t("common.role")}
          <select
            name="role"
            defaultValue={filter.role}
            className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">{t("users.filter.anyRole")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          {t("users.filter.apply")}
        </Button>
      </Form>
      <Table
        stack
        head={[
          t("common.name"),
          t("common.email"),
          t("common.role"),
          t("common.status"),
          t("users.resetPassword"),
          t("common.actions"),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id} data-testid={`user-${u.email}`}>
            <Td>
              <div className="font-medium">{u.name}</div>
              {u.centreName ? (
                <div className="text-xs text-slate-500">{i18n.language === "en" ? u.centreName : u.centreNameZh}</div>
              ) : null}
            </Td>
            <Td>{u.email}</Td>
            <Td>
              <IntentForm intent="changeRole" values={{ userId: u.id }} className="flex items-center gap-2">
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  {t("users.changeRole")}
                </label>
                <select
                  id={`role-${u.id}`}
                  name="role"
                  defaultValue={u.role}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  aria-invalid={rowError(u.id, "role") ? true : undefined}
                  aria-describedby={rowError(u.id, "role") ? `role-${u.id}-error` : undefined}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`)}
                    </option>
                  ))}
                </select>
                <Button type="submit" variant="secondary" className="px-2 py-1">
                  {t("common.save")}
                </Button>
              </IntentForm>
              {rowError(u.id, "role") ? (
                <p id={`role-${u.id}-error`} className="mt-1 text-xs text-red-700">
                  {rowError(u.id, "role")}
                </p>
              ) : null}
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-1">
                {u.disabledAt ? (
                  <span className="rounded bg-slate-200 px-2 py-0.5 text-xs">{t("common.disabled")}</span>
                ) : (
                  <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">{t("common.active")}</span>
                )}
                {u.twoFactor ? (
                  <span className="rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-900">{t("account.admin.twoFactorOn")}</span>
                ) : null}
              </div>
              {u.lockedUntil ? (
                <Form method="post" className="mt-2 flex flex-wrap items-center gap-2" data-testid={`locked-${u.email}`}>
                  <AuthenticityTokenInput name="csrf" />
                  <input type="hidden" name="intent" value="unlock" />
                  <input type="hidden" name="userId" value={u.id} />
                  <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">
                    {t("account.admin.locked", { time: formatTime(u.lockedUntil, i18n.language) })}
                  </span>
                  <Button type="submit" variant="secondary" className="px-2 py-1">
                    {t("account.admin.unlock")}
                  </Button>
                </Form>
              ) : null}
              {u.twoFactor && u.id !== currentUserId ? (
                <IntentForm intent="resetTwoFactor" values={{ userId: u.id }} className="mt-2">
                  <Button type="submit" variant="secondary" className="px-2 py-1 text-xs">
                    {t("account.admin.resetTwoFactor")}
                  </Button>
                </IntentForm>
              ) : null}
            </Td>
            <Td>
              <IntentForm intent="resetPassword" values={{ userId: u.id }} className="flex items-center gap-2">
                <label className="sr-only" htmlFor={`pw-${u.id}`}>
                  {t("users.newPassword")}
                </label>
                <input
                  id={`pw-${u.id}`}
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  placeholder={t("users.newPassword")}
                  className="w-36 rounded-md border border-slate-300 px-2 py-1 text-sm"
                  aria-invalid={rowError(u.id, "password") ? true : undefined}
                  aria-describedby={rowError(u.id, "password") ? `pw-${u.id}-error` : undefined}
                />
                <Button type="submit" variant="secondary" className="px-2 py-1">
                  {t("users.resetPassword")}
                </Button>
              </IntentForm>
              {rowError(u.id, "password") ? (
                <p id={`pw-${u.id}-error`} className="mt-1 text-xs text-red-700">
                  {rowError(u.id, "password")}
                </p>
              ) : null}
            </Td>
            <Td>
              <IntentForm intent="setDisabled" values={{ userId: u.id, disabled: u.disabledAt ? "false" : "true" }}>
                <Button type="submit" variant={u.disabledAt ? "secondary" : "danger"} className="px-2 py-1">
                  {u.disabledAt ? t("users.enable") : t("users.disable")}
                </Button>
              </IntentForm>
              {rowError(u.id, "_form") ? (
                <p role="alert" className="mt-1 text-xs text-red-700">
                  {rowError(u.id, "_form")}
                </p>
              ) : null}
            </Td>
          </tr>
        ))}
      </Table>
      {users.length === 0 ? <p className="mt-4 text-sm text-slate-600">{t("users.filter.none")}</p> : null}
      <Pager param="page" page={paging.page} hasOlder={paging.hasOlder} anchor="users" order="list" />
    </>
  );
}
