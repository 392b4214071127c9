import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { IntentForm } from "~/components/intent-form";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useValidatedForm } from "~/components/use-validated-form";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-token.server";
import type { FieldErrors } from "~/schemas/forms";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { formatDateTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { NewTokenSchema, RevokeTokenSchema as RevokeSchema, type NewTokenInput } from "~/schemas/api-token";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dash.tokens.title"), t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:api-tokens:any");
  return { tokens: listApiTokens() };
}

type ActionResult = { fieldErrors: FieldErrors; created: { name: string; token: string } | null };

/**
 * Create: the token is returned in this response only (not a redirect, so it is never kept in a
 * session or a URL) and shown once; only its hash is stored. Revoke: redirect with a message.
 */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:api-tokens:any");
  const values = formValues(await readForm(request));
  const t = getFixedT(await getLocale(request, admin));
  const refuse = (fieldErrors: FieldErrors) => data<ActionResult>({ fieldErrors, created: null }, { status: 400 });

  return runIntent(
    values,
    {
      create: intent(NewTokenSchema, ({ name }) => {
        const { token } = createApiToken(admin.id, name);
        return data<ActionResult>({ fieldErrors: {}, created: { name, token } }, { headers: { "Cache-Control": "no-store" } });
      }),
      revoke: intent(
        RevokeSchema,
        ({ tokenId }) => {
          const token = listApiTokens().find((row) => row.id === tokenId);
          if (!token) notFound();
          if (!revokeApiToken(admin.id, token.id))
            return redirectWithToast(request, "/admin/api-tokens", { kind: "error", message: t("dash.tokens.alreadyRevoked") });
          return redirectWithToast(request, "/admin/api-tokens", t("dash.tokens.revoked", { name: token.name }));
        },
        // The revoke buttons offer only real tokens: anything else is not one of them.
        () => refuse({ _form: "validation.invalidChoice" }),
      ),
    },
    (_name, fieldErrors) => refuse(fieldErrors),
  );
}

function TokenStatus({ revokedAt }: { revokedAt: string | Date | null }) {
  const { t, i18n } = useTranslation();
  return revokedAt ? (
    <span className="rounded bg-slate-200 px-2 py-0.5 text-xs">
      {t("dash.tokens.revokedAt", { date: formatDateTime(revokedAt, i18n.language) })}
    </span>
  ) : (
    <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">{t("dash.tokens.active")}</span>
  );
}

function RevokeForm({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  return (
    <IntentForm intent="revoke" values={{ tokenId: id }}>
      <Button type="submit" variant="danger" className="px-2 py-1" aria-label={t("dash.tokens.revokeLabel", { name })}>
        {t("dash.tokens.revoke")}
      </Button>
    </IntentForm>
  );
}

export default function AdminApiTokens() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm<NewTokenInput>(NewTokenSchema, { serverErrors: actionData?.fieldErrors ?? null });
  const created = actionData?.created ?? null;
  const lastUsed = (at: string | Date | null) => (at ? formatDateTime(at, lng) : t("dash.tokens.never"));
  return (
    <>
      <PageHeader title={t("dash.tokens.title")} subtitle={t("dash.tokens.intro")} />
      {created ? (
        <div
          role="status"
          className="mb-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900"
          data-testid="token-created"
        >
          <p className="font-medium">{t("dash.tokens.created", { name: created.name })}</p>
          <label htmlFor="new-token" className="mt-3 block text-xs font-medium">
            {t("dash.tokens.tokenLabel")}
          </label>
          <input
            id="new-token"
            readOnly
            value={created.token}
            className="mt-1 block w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
            data-testid="new-token"
          />
        </div>
      ) : null}
      <Card title={t("dash.tokens.new")} className="mb-6">
        {/* Keyed by the last token created, so the name field starts empty again after a creation. */}
        <Form
          key={created?.token ?? "new"}
          method="post"
          noValidate
          onSubmit={form.onSubmit}
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
        >
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="create" />
          <TextField
            label={t("dash.tokens.name")}
            className="sm:w-96"
            maxLength={100}
            error={form.errorOf("name")}
            {...form.field("name")}
          />
          <Button type="submit" className="sm:mb-0.5">
            {t("dash.tokens.create")}
          </Button>
        </Form>
      </Card>
      {tokens.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("dash.tokens.none")}
        </p>
      ) : (
        <>
          <ul className="space-y-2 sm:hidden">
            {tokens.map((token) => (
              <li key={token.id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <div className="flex items-start justify-between gap-3">
                  <p className="font-medium">{token.name}</p>
                  <TokenStatus revokedAt={token.revokedAt} />
                </div>
                <p className="mt-1 text-xs text-slate-600">
                  {t("dash.tokens.createdAt")} {formatDateTime(token.createdAt, lng)} · {token.createdByName ?? "—"}
                </p>
                <p className="text-xs text-slate-600">
                  {t("dash.tokens.lastUsed")}: {lastUsed(token.lastUsedAt)}
                </p>
                {token.revokedAt ? null : (
                  <div className="mt-2">
                    <RevokeForm id={token.id} name={token.name} />
                  </div>
                )}
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <Table
              stack
              caption={t("dash.tokens.title")}
              head={[
                t("dash.tokens.nameColumn"),
                t("dash.tokens.createdAt"),
                t("dash.tokens.createdBy"),
                t("dash.tokens.lastUsed"),
                t("dash.tokens.status"),
                t("common.actions"),
              ]}
            >
              {tokens.map((token) => (
                <tr key={token.id} data-testid={`token-${token.name}`}>
                  <Td className="font-medium">{token.name}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(token.createdAt, lng)}</Td>
                  <Td>{token.createdByName ?? "—"}</Td>
                  <Td className="whitespace-nowrap">{lastUsed(token.lastUsedAt)}</Td>
                  <Td>
                    <TokenStatus revokedAt={token.revokedAt} />
                  </Td>
                  <Td>{token.revokedAt ? null : <RevokeForm id={token.id} name={token.name} />}</Td>
                </tr>
              ))}
            </Table>
          </div>
        </>
      )}
    </>
  );
}
