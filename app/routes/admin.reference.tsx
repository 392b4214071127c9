import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReferenceKind } from "../../db/schema";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { AdminPageHeader, Card } from "~/components/ui/page-header";
import { Table } from "~/components/ui/table";
import {
  countReferenceItemsByKind,
  createReferenceItem,
  listReferenceItemsForAdmin,
  referenceUsage,
  setReferenceItemActive,
  updateReferenceItem,
  type ReferenceWriteResult,
} from "~/models/reference-write.server";
import type { FieldErrors } from "~/schemas/forms";
import {
  DEFAULT_KIND,
  KIND_TABS,
  NewReferenceItemSchema,
  SetReferenceActiveSchema,
  UpdateReferenceItemSchema,
} from "~/schemas/reference";
import { notFound, requirePermission, formRefusal } from "~/utils/auth.server";
import { formStrings } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { ItemRow, KindTabs, NewItemForm, type ReferenceActionData } from "~/components/reference/reference-items";

function isKind(value: unknown): value is ReferenceKind {
  return typeof value === "string" && (KIND_TABS as readonly string[]).includes(value);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("reference.title"), t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:reference:any");
  const kindParam = new URL(request.url).searchParams.get("kind");
  if (kindParam !== null && !isKind(kindParam)) notFound();
  const kind: ReferenceKind = kindParam ?? DEFAULT_KIND;
  const districts =
    kind === "park"
      ? listReferenceItemsForAdmin("district").map(({ code, labelZh, labelEn, active }) => ({ code, labelZh, labelEn, active }))
      : [];
  return {
    kind,
    counts: countReferenceItemsByKind(),
    items: listReferenceItemsForAdmin(kind),
    usage: referenceUsage(kind),
    districts,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:reference:any");
  const values = formStrings(await readForm(request));
  const fail = (intent: string | null, fieldErrors: FieldErrors, status = 400) =>
    data<ReferenceActionData>({ intent, itemId: values.id ?? null, fieldErrors, values }, { status });
  const t = getFixedT(await getLocale(request, admin));
  const done = (intent: string, result: ReferenceWriteResult, message: (code: string, list: string) => string) => {
    if (!result.ok) return fail(intent, formRefusal(result).fieldErrors, result.status);
    const list = t(`reference.kinds.${result.kind}`);
    return redirectWithToast(request, `/admin/reference?kind=${result.kind}`, message(result.code, list));
  };

  return runIntent(
    values,
    {
      create: intent(NewReferenceItemSchema, (item) =>
        done("create", createReferenceItem(admin, item), (code, list) => t("reference.created", { code, list })),
      ),
      update: intent(UpdateReferenceItemSchema, ({ id, changes }) =>
        done("update", updateReferenceItem(admin, id, changes), (code) => t("reference.updated", { code })),
      ),
      setActive: intent(SetReferenceActiveSchema, ({ id, active }) =>
        done("setActive", setReferenceItemActive(admin, id, active), (code) =>
          t(active ? "reference.activated" : "reference.deactivated", { code }),
        ),
      ),
    },
    fail,
  );
}

export default function AdminReference() {
  const { t } = useTranslation();
  const { kind, counts, items, usage, districts } = useLoaderData<typeof loader>();
  const list = t(`reference.kinds.${kind}`);
  const head = [
    t("reference.fields.code"),
    t("reference.fields.labelZh"),
    t("reference.fields.labelEn"),
    ...(kind === "park" ? [t("reference.fields.district")] : []),
    t("reference.fields.order"),
    ...(usage !== null
      ? [
          <span key="usage" className="block text-right">
            {t("reference.fields.usage")}
          </span>,
        ]
      : []),
    t("common.status"),
    t("common.actions"),
  ];
  return (
    <>
      <AdminPageHeader title={t("reference.title")} subtitle={t("reference.intro")} />
      <KindTabs kind={kind} counts={counts} />
      <Card title={t("reference.addTo", { list })} className="mb-6">
        <NewItemForm key={kind} kind={kind} districts={districts} />
      </Card>
      <h2 className="mb-1 text-base font-semibold text-slate-800">{list}</h2>
      <p className="mb-3 text-sm text-slate-600">{t("reference.tableHint")}</p>
      {items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {t("reference.empty")}
        </p>
      ) : (
        <Table stack caption={list} head={head}>
          {items.map((item) => (
            <ItemRow key={item.id} item={item} kind={kind} usage={usage ? (usage[item.code] ?? 0) : null} districts={districts} />
          ))}
        </Table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
