import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import type { ReferenceKind } from "../../../db/schema";
import { IntentForm } from "~/components/intent-form";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Td } from "~/components/ui/table";
import { useValidatedForm } from "~/components/use-validated-form";
import type { ReferenceItemRow } from "~/models/reference-write.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { KIND_TABS, NewReferenceItemSchema, type NewReferenceItemInput } from "~/schemas/reference";
import { formatNumber } from "~/utils/format";
import { labelOf } from "~/utils/labels";

/** What the reference lists page's action answers when it refuses a form (an item's form names it). */
export type ReferenceActionData = {
  intent: string | null;
  itemId: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
};

export function KindTabs({ kind, counts }: { kind: ReferenceKind; counts: Partial<Record<ReferenceKind, number>> }) {
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

export type DistrictOption = { code: string; labelZh: string; labelEn: string; active: boolean };

export function NewItemForm({ kind, districts }: { kind: ReferenceKind; districts: DistrictOption[] }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<ReferenceActionData>();
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

export const cellInput =
  "block w-full rounded-md border px-2 py-1 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

export function ItemRow({
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
  const actionData = useActionData<ReferenceActionData>();
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
          <IntentForm intent="setActive" values={{ id: item.id, active: item.active ? "false" : "true" }}>
            <Button type="submit" variant={item.active ? "danger" : "secondary"} className="whitespace-nowrap px-2 py-1">
              {item.active ? t("reference.deactivate") : t("reference.activate")}
              <span className="sr-only"> {item.code}</span>
            </Button>
          </IntentForm>
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
