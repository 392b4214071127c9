import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Disclosure, EditDisclosure } from "~/components/ui/disclosure";
import { IntentForm } from "~/components/intent-form";
import { BeyondCalendarNote, ChecklistStatusPill, DueBadge, Pill } from "~/components/steward-ui";
import { Button } from "~/components/ui/button";
import { StewardField, typedOwner } from "~/components/steward-picker";
import { SelectField, TextAreaField, TextField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { CHECKLIST_STATUSES } from "~/domain/checklist";
import type { ChecklistRow } from "~/models/checklist.server";
import type { ReferenceOption } from "~/models/reference.server";
import { NewChecklistItemSchema, type NewChecklistItemValues } from "~/schemas/checklist";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { formatDate } from "~/utils/format";
import { labelByCode } from "~/utils/labels";

/** What the checklist page's loader sends that its parts use. */
type LoaderData = {
  canWork: boolean;
  userId: string;
  userName: string;
  departments: ReferenceOption[];
  activeDepartments: ReferenceOption[];
};

/** What the checklist page's action answers when it refuses a form (an item's form names its item). */
export type ChecklistActionData = {
  intent: string;
  itemId: string | null;
  fieldErrors: FieldErrors;
  values?: Record<string, unknown>;
};

/** The edit form of one item (checked on the server). */
function ItemEditor({ item }: { item: ChecklistRow }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<ChecklistActionData>();
  const mine = actionData && "itemId" in actionData && actionData.itemId === item.id ? actionData : null;
  const errors = mine?.fieldErrors ?? {};
  const error = (field: string) => (errors[field] ? translateError(t, errors[field]!) : undefined);
  const prefix = `item-${item.id}`;
  return (
    <EditDisclosure
      open={mine?.intent === "update"}
      label={t("checklist.edit")}
      name={i18n.language === "en" ? item.titleEn : item.titleZh}
    >
      <Form method="post" className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-2" noValidate>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="item_id" value={item.id} />
        <input type="hidden" name="version" value={item.version} />
        <SelectField
          id={`${prefix}-status`}
          label={t("checklist.fields.status")}
          name="status"
          defaultValue={item.status}
          options={CHECKLIST_STATUSES.map((s) => ({ value: s, label: t(`checklist.statuses.${s}`) }))}
          error={error("status")}
        />
        <StewardField
          id={`${prefix}-owner`}
          label={t("checklist.fields.ownerId")}
          placeholder={t("checklist.ownerPlaceholder")}
          chosen={
            typeof mine?.values?.owner_text === "string"
              ? typedOwner(mine.values).chosen
              : item.ownerId
                ? { id: item.ownerId, name: item.ownerName ?? "" }
                : null
          }
          text={typeof mine?.values?.owner_text === "string" ? mine.values.owner_text : undefined}
          error={error("owner_id")}
        />
        <TextField
          id={`${prefix}-due`}
          label={t("checklist.fields.dueOn")}
          type="date"
          name="due_on"
          defaultValue={item.dueOn ?? ""}
          error={error("due_on")}
        />
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="visible"
            defaultChecked={item.visibleToEnterprise}
            className="h-4 w-4 rounded border-slate-300 text-brand-600"
          />
          {t("checklist.fields.visibleToEnterprise")}
        </label>
        <TextAreaField
          id={`${prefix}-notes`}
          label={t("checklist.fields.notes")}
          name="notes"
          rows={2}
          defaultValue={item.notes}
          error={error("notes")}
          className="sm:col-span-2"
        />
        <div className="sm:col-span-2">
          <Button type="submit" className="w-full sm:w-auto">
            {t("common.save")}
          </Button>
        </div>
      </Form>
    </EditDisclosure>
  );
}

/** The steward's own item: work no template covers (a visit to arrange, a certificate to chase). */
export function NewItemForm({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<ChecklistActionData>();
  const mine = actionData?.intent === "add" ? actionData : null;
  const typed = (mine?.values ?? {}) as Record<string, string | undefined>;
  const defaults = {
    intent: "add" as const,
    title_zh: typed.title_zh ?? "",
    title_en: typed.title_en ?? "",
    department: typed.department ?? "",
    due_on: typed.due_on ?? "",
    notes: typed.notes ?? "",
    visible: mine ? (typed.visible ?? "") : "on",
  };
  const form = useValidatedForm<NewChecklistItemValues>(NewChecklistItemSchema, {
    serverErrors: mine?.fieldErrors ?? null,
    defaultValues: defaults,
  });
  const departments = data.activeDepartments;
  return (
    <Disclosure
      open={Boolean(mine)}
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      summaryClassName="px-4 py-3 text-sm font-medium text-brand-700"
      testId="new-item"
      summary={t("checklist.addOwn")}
    >
      <Form method="post" noValidate onSubmit={form.onSubmit} className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-2">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" {...form.field("intent")} />
        <p className="text-xs text-slate-600 sm:col-span-2">{t("checklist.addOwnHint")}</p>
        <TextField
          label={t("checklist.fields.titleZh")}
          lang="zh-CN"
          error={form.errorOf("title_zh")}
          {...form.field("title_zh")}
        />
        <TextField label={t("checklist.fields.titleEn")} lang="en" error={form.errorOf("title_en")} {...form.field("title_en")} />
        <SelectField
          label={t("checklist.fields.departmentCode")}
          placeholder={t("checklist.chooseDepartment")}
          options={departments.map((d) => ({ value: d.code, label: labelByCode(departments, d.code, i18n.language) }))}
          error={form.errorOf("department")}
          {...form.field("department")}
        />
        <StewardField
          id="new-item-owner"
          label={t("checklist.fields.ownerId")}
          placeholder={t("checklist.ownerPlaceholder")}
          // The steward adding the item owns it unless they choose another.
          chosen={mine ? typedOwner(typed).chosen : { id: data.userId, name: data.userName }}
          text={mine ? typedOwner(typed).text : undefined}
          error={mine?.fieldErrors.owner_id ? translateError(t, mine.fieldErrors.owner_id) : undefined}
        />
        <TextField label={t("checklist.fields.dueOn")} type="date" error={form.errorOf("due_on")} {...form.field("due_on")} />
        <label className="flex min-h-11 items-center gap-3 self-end text-sm text-slate-800">
          <input
            type="checkbox"
            className="h-5 w-5 rounded border-slate-300 text-brand-600"
            {...form.checkbox("visible", "on")}
          />
          {t("checklist.fields.visibleToEnterprise")}
        </label>
        <TextAreaField
          label={t("checklist.fields.notes")}
          rows={2}
          className="sm:col-span-2"
          error={form.errorOf("notes")}
          {...form.field("notes")}
        />
        {mine?.fieldErrors._form ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {translateError(t, mine.fieldErrors._form)}
          </p>
        ) : null}
        <div className="sm:col-span-2">
          <Button type="submit" className="w-full sm:w-auto">
            {t("checklist.addItem")}
          </Button>
        </div>
      </Form>
    </Disclosure>
  );
}

export function ItemCard({ item, data }: { item: ChecklistRow; data: LoaderData }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actionData = useActionData<ChecklistActionData>();
  const mine = actionData && "itemId" in actionData && actionData.itemId === item.id ? actionData : null;
  const formError = mine?.fieldErrors._form;
  const open = item.status !== "done" && item.status !== "not_applicable";
  const description = lng === "en" ? item.descriptionEn : item.descriptionZh;
  return (
    <li
      id={`item-${item.id}`}
      data-testid="checklist-item"
      data-status={item.status}
      className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="min-w-0 basis-full font-medium text-slate-900 sm:basis-0 sm:flex-1" lang={lng === "en" ? "en" : "zh-CN"}>
          {lng === "en" ? item.titleEn : item.titleZh}
        </h3>
        <div className="flex flex-wrap gap-1">
          {item.templateId === null ? <Pill tone="slate">{t("checklist.ownItem")}</Pill> : null}
          <ChecklistStatusPill status={item.status} />
          <DueBadge flag={item.dueFlag} />
        </div>
      </div>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.departmentCode")}</dt>
          <dd className="text-slate-800">{labelByCode(data.departments, item.departmentCode, lng)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.dueOn")}</dt>
          <dd className="text-slate-800">
            {item.dueOn ? formatDate(item.dueOn, lng) : "—"}
            {open && item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.ownerId")}</dt>
          <dd className="text-slate-800">{item.ownerName ?? t("checklist.noOwner")}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("checklist.fields.visibleToEnterprise")}</dt>
          <dd className="text-slate-800">{item.visibleToEnterprise ? t("common.yes") : t("checklist.internal")}</dd>
        </div>
      </dl>
      {item.notes ? (
        <p className="mt-2 whitespace-pre-line rounded-md bg-slate-50 p-2 text-sm text-slate-700">{item.notes}</p>
      ) : null}
      {formError ? (
        <p role="alert" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {translateError(t, formError)}
        </p>
      ) : null}
      {data.canWork ? (
        <>
          {open ? (
            <IntentForm intent="status" values={{ item_id: item.id, version: item.version, status: "done" }} className="mt-3">
              <Button type="submit" variant="secondary" className="w-full sm:w-auto">
                ✓ {t("checklist.markDone")}
                <span className="sr-only">: {lng === "en" ? item.titleEn : item.titleZh}</span>
              </Button>
            </IntentForm>
          ) : null}
          {/* Keyed by version: after any save the editor starts from the item as it now is (hidden version included). */}
          <ItemEditor key={item.version} item={item} />
        </>
      ) : null}
    </li>
  );
}
