import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import type { ReferenceKind } from "../../db/schema";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { useValidatedForm } from "~/components/use-validated-form";
import {
  countReferenceItemsByKind,
  createReferenceItem,
  listReferenceItemsForAdmin,
  referenceUsage,
  setReferenceItemActive,
  updateReferenceItem,
  type ReferenceItemRow,
  type ReferenceWriteResult,
} from "~/models/reference-write.server";
import { fieldErrorsOf, requiredText, translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatNumber } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelOf } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The lists in the order the tabs show them: the pipeline's stages first. (Kept here, not imported
 * from db/schema, so the browser bundle stays free of the database code.) */
const KIND_TABS = [
  "stage",
  "district",
  "park",
  "industry",
  "country",
  "department",
  "request_category",
] as const satisfies readonly ReferenceKind[];
// Every list has a tab: this line stops compiling when db/schema gains a kind missing above.
const _allKindsHaveATab: Exclude<ReferenceKind, (typeof KIND_TABS)[number]> extends never ? true : never = true;
const DEFAULT_KIND: ReferenceKind = "stage";

const kindField = z.enum(KIND_TABS, { errorMap: () => ({ message: "validation.invalidChoice" }) });
const codeField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(64, "validation.tooLong:64")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "reference.errors.codeFormat");
const orderField = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || String(v).trim() === "") return null;
    const n = Number(String(v).trim());
    if (!Number.isInteger(n) || n < 0) {
      ctx.addIssue({ code: "custom", message: "validation.wholeNumber" });
      return z.NEVER;
    }
    if (n > 1_000_000) {
      ctx.addIssue({ code: "custom", message: "validation.tooLarge:1000000" });
      return z.NEVER;
    }
    return n;
  });
const parentField = z
  .string()
  .trim()
  .max(64, "validation.tooLong:64")
  .optional()
  .transform((v) => (v ? v : null));

/** The add form (also used by react-hook-form in the browser). A park needs its district. */
export const NewReferenceItemSchema = z
  .object({
    intent: z.literal("create"),
    kind: kindField,
    code: codeField,
    label_zh: requiredText(200),
    label_en: requiredText(200),
    sort_order: orderField,
    parent_code: parentField,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "park" && !v.parent_code)
      ctx.addIssue({ code: "custom", path: ["parent_code"], message: "validation.required" });
  });
type NewReferenceItemInput = z.input<typeof NewReferenceItemSchema>;

/** A row's inline edit: labels, order and (parks) district. The code is not editable. */
export const UpdateReferenceItemSchema = z.object({
  intent: z.literal("update"),
  id: z.string().trim().min(1, "validation.required"),
  label_zh: requiredText(200),
  label_en: requiredText(200),
  sort_order: orderField.refine((v) => v !== null, "validation.required"),
  parent_code: parentField,
});

export const SetReferenceActiveSchema = z.object({
  intent: z.literal("setActive"),
  id: z.string().trim().min(1, "validation.required"),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});

const Intent = z.object({ intent: z.enum(["create", "update", "setActive"]) });

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

type ActionResult = { intent: string | null; itemId: string | null; fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage:reference:any");
  const formData = await readForm(request);
  const values = Object.fromEntries(
    [...formData].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"),
  );
  const fail = (intent: string | null, fieldErrors: FieldErrors, status = 400) =>
    data<ActionResult>({ intent, itemId: values.id ?? null, fieldErrors, values }, { status });
  const intent = Intent.safeParse(values);
  if (!intent.success) return fail(null, { _form: "validation.invalidChoice" });

  let result: ReferenceWriteResult;
  switch (intent.data.intent) {
    case "create": {
      const parsed = NewReferenceItemSchema.safeParse(values);
      if (!parsed.success) return fail("create", fieldErrorsOf(parsed.error));
      const v = parsed.data;
      result = createReferenceItem(admin, {
        kind: v.kind,
        code: v.code,
        labelZh: v.label_zh,
        labelEn: v.label_en,
        sortOrder: v.sort_order,
        parentCode: v.parent_code,
      });
      break;
    }
    case "update": {
      const parsed = UpdateReferenceItemSchema.safeParse(values);
      if (!parsed.success) return fail("update", fieldErrorsOf(parsed.error));
      const v = parsed.data;
      result = updateReferenceItem(admin, v.id, {
        labelZh: v.label_zh,
        labelEn: v.label_en,
        sortOrder: v.sort_order!,
        parentCode: v.parent_code,
      });
      break;
    }
    case "setActive": {
      const parsed = SetReferenceActiveSchema.safeParse(values);
      if (!parsed.success) return fail("setActive", fieldErrorsOf(parsed.error));
      result = setReferenceItemActive(admin, parsed.data.id, parsed.data.active);
      break;
    }
  }
  if (!result.ok) return fail(intent.data.intent, formRefusal(result).fieldErrors, result.status);
  const t = getFixedT(await getLocale(request, admin));
  const list = t(`reference.kinds.${result.kind}`);
  const message =
    intent.data.intent === "create"
      ? t("reference.created", { code: result.code, list })
      : intent.data.intent === "update"
        ? t("reference.updated", { code: result.code })
        : t(values.active === "true" ? "reference.activated" : "reference.deactivated", { code: result.code });
  return redirectWithToast(request, `/admin/reference?kind=${result.kind}`, message);
}

function KindTabs({ kind, counts }: { kind: ReferenceKind; counts: Partial<Record<ReferenceKind, number>> }) {
  const { t, i18n } = useTranslation();
  return (
    <nav aria-label={t("reference.lists")} className="mb-6">
      <ul className="grid grid-cols-2 gap-1 text-sm sm:flex sm:flex-wrap sm:border-b sm:border-slate-200">
        {KIND_TABS.map((k) => (
          <li key={k}>
            <Link
              to={`/admin/reference?kind=${k}`}
              aria-current={k === kind ? "page" : undefined}
              className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 sm:-mb-px sm:whitespace-nowrap sm:justify-start sm:rounded-none sm:border-b-2 ${
                k === kind
                  ? "bg-brand-50 font-semibold text-brand-700 sm:border-brand-600 sm:bg-transparent"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 sm:border-transparent sm:hover:border-slate-300 sm:hover:bg-transparent"
              }`}
            >
              {t(`reference.kinds.${k}`)}
              <span
                className={`rounded-full px-1.5 text-xs tabular-nums ${k === kind ? "bg-white text-brand-700 sm:bg-brand-50" : "bg-slate-100 text-slate-600"}`}
              >
                {formatNumber(counts[k] ?? 0, i18n.language)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

type DistrictOption = { code: string; labelZh: string; labelEn: string; active: boolean };

function NewItemForm({ kind, districts }: { kind: ReferenceKind; districts: DistrictOption[] }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const serverErrors = actionData?.intent === "create" ? actionData.fieldErrors : null;
  const submitted = actionData?.intent === "create" ? actionData.values : null;
  const defaults = {
    intent: "create" as const,
    kind,
    code: submitted?.code ?? "",
    label_zh: submitted?.label_zh ?? "",
    label_en: submitted?.label_en ?? "",
    sort_order: submitted?.sort_order ?? "",
    parent_code: submitted?.parent_code ?? "",
  };
  const form = useValidatedForm<NewReferenceItemInput>(NewReferenceItemSchema, { serverErrors, defaultValues: defaults });
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-6"
      data-testid="new-reference-item"
    >
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" defaultValue="create" {...form.register("intent")} />
      <input type="hidden" defaultValue={kind} {...form.register("kind")} />
      {serverErrors?._form ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2 lg:col-span-6">
          {translateError(t, serverErrors._form)}
        </p>
      ) : null}
      <TextField
        label={t("reference.fields.code")}
        hint={t("reference.codeHint")}
        autoComplete="off"
        spellCheck={false}
        defaultValue={defaults.code}
        error={form.errorOf("code")}
        className="lg:col-span-1"
        {...form.register("code")}
      />
      <TextField
        label={t("reference.fields.labelZh")}
        lang="zh-CN"
        defaultValue={defaults.label_zh}
        error={form.errorOf("label_zh")}
        className="lg:col-span-2"
        {...form.register("label_zh")}
      />
      <TextField
        label={t("reference.fields.labelEn")}
        lang="en"
        defaultValue={defaults.label_en}
        error={form.errorOf("label_en")}
        className="lg:col-span-2"
        {...form.register("label_en")}
      />
      <TextField
        label={t("reference.fields.order")}
        hint={t("reference.orderHint")}
        inputMode="numeric"
        defaultValue={defaults.sort_order}
        error={form.errorOf("sort_order")}
        {...form.register("sort_order")}
      />
      {kind === "park" ? (
        <SelectField
          label={t("reference.fields.district")}
          placeholder={t("reference.chooseDistrict")}
          options={districts.filter((d) => d.active).map((d) => ({ value: d.code, label: labelOf(d, i18n.language) }))}
          defaultValue={defaults.parent_code}
          error={form.errorOf("parent_code")}
          className="sm:col-span-2"
          {...form.register("parent_code")}
        />
      ) : null}
      <div className={`flex items-end sm:col-span-2 ${kind === "park" ? "lg:col-span-4 lg:pt-6" : "lg:col-span-6"}`}>
        <Button type="submit">{t("reference.add")}</Button>
      </div>
    </Form>
  );
}

const cellInput =
  "block w-full rounded-md border px-2 py-1 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

function ItemRow({
  item,
  kind,
  usage,
  districts,
}: {
  item: ReferenceItemRow;
  kind: ReferenceKind;
  usage: number | null;
  districts: DistrictOption[];
}) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const mine = actionData && actionData.itemId === item.id ? actionData : null;
  const submitted = mine?.intent === "update" ? mine.values : null;
  const formId = `item-${item.id}`;
  const error = (field: string) => (mine?.fieldErrors[field] ? translateError(t, mine.fieldErrors[field]!) : undefined);
  const input = (
    field: "label_zh" | "label_en" | "sort_order",
    value: string,
    props: { lang?: string; inputMode?: "numeric"; className?: string },
  ) => {
    const id = `${formId}-${field}`;
    const message = error(field);
    return (
      <>
        <label htmlFor={id} className="sr-only">
          {t(`reference.rowLabels.${field}`, { code: item.code })}
        </label>
        <input
          id={id}
          name={field}
          form={formId}
          defaultValue={value}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          className={`${cellInput} ${message ? "border-red-400" : "border-slate-300"} ${props.className ?? ""}`}
          lang={props.lang}
          inputMode={props.inputMode}
        />
        {message ? (
          <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
            {message}
          </p>
        ) : null}
      </>
    );
  };
  const parentMessage = error("parent_code");
  return (
    <tr data-testid={`ref-row-${item.code}`} className={item.active ? "" : "bg-slate-50"}>
      <Td className="relative align-middle">
        <code className={`rounded bg-slate-100 px-1.5 py-0.5 text-xs ${item.active ? "text-slate-800" : "text-slate-600"}`}>
          {item.code}
        </code>
      </Td>
      <Td className="relative min-w-[11rem] align-middle">
        {input("label_zh", submitted?.label_zh ?? item.labelZh, { lang: "zh-CN" })}
      </Td>
      <Td className="relative min-w-[13rem] align-middle">
        {input("label_en", submitted?.label_en ?? item.labelEn, { lang: "en" })}
      </Td>
      {kind === "park" ? (
        <Td className="relative min-w-[10rem] align-middle">
          <label htmlFor={`${formId}-parent_code`} className="sr-only">
            {t("reference.rowLabels.parent_code", { code: item.code })}
          </label>
          <select
            id={`${formId}-parent_code`}
            name="parent_code"
            form={formId}
            defaultValue={submitted?.parent_code ?? item.parentCode ?? ""}
            aria-invalid={parentMessage ? true : undefined}
            aria-describedby={parentMessage ? `${formId}-parent_code-error` : undefined}
            className={`${cellInput} bg-white ${parentMessage ? "border-red-400" : "border-slate-300"}`}
          >
            <option value="">{t("reference.chooseDistrict")}</option>
            {districts
              .filter((d) => d.active || d.code === item.parentCode)
              .map((d) => (
                <option key={d.code} value={d.code}>
                  {labelOf(d, i18n.language)}
                </option>
              ))}
          </select>
          {parentMessage ? (
            <p id={`${formId}-parent_code-error`} className="mt-1 text-xs text-red-700">
              {parentMessage}
            </p>
          ) : null}
        </Td>
      ) : null}
      <Td className="relative w-24 align-middle">
        {input("sort_order", submitted?.sort_order ?? String(item.sortOrder), {
          inputMode: "numeric",
          className: "w-20 tabular-nums",
        })}
      </Td>
      {usage !== null ? (
        <Td className="relative text-right align-middle tabular-nums text-slate-700">{formatNumber(usage, i18n.language)}</Td>
      ) : null}
      <Td className="relative align-middle">
        {item.active ? (
          <span className="whitespace-nowrap rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
            {t("common.active")}
          </span>
        ) : (
          <span className="whitespace-nowrap rounded bg-slate-200 px-2 py-0.5 text-xs text-slate-700">
            {t("reference.inactive")}
          </span>
        )}
      </Td>
      <Td className="relative align-middle">
        <div className="flex items-center gap-2">
          <Form method="post" id={formId}>
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={item.id} />
            <Button type="submit" variant="secondary" className="px-2 py-1">
              {t("common.save")}
              <span className="sr-only"> {item.code}</span>
            </Button>
          </Form>
          <Form method="post">
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="setActive" />
            <input type="hidden" name="id" value={item.id} />
            <input type="hidden" name="active" value={item.active ? "false" : "true"} />
            <Button type="submit" variant={item.active ? "danger" : "secondary"} className="whitespace-nowrap px-2 py-1">
              {item.active ? t("reference.deactivate") : t("reference.activate")}
              <span className="sr-only"> {item.code}</span>
            </Button>
          </Form>
        </div>
        {mine?.fieldErrors._form ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {translateError(t, mine.fieldErrors._form)}
          </p>
        ) : null}
      </Td>
    </tr>
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
      <PageHeader
        title={t("reference.title")}
        subtitle={t("reference.intro")}
        actions={
          <Link to="/admin" className="text-sm font-medium text-brand-700 hover:underline">
            ← {t("admin.title")}
          </Link>
        }
      />
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
