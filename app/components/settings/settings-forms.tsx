import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { IntentForm } from "~/components/intent-form";
import { Button } from "~/components/ui/button";
import { HiddenLabel, SelectField, TextField } from "~/components/ui/field";
import { Table, Td } from "~/components/ui/table";
import { CALENDAR_OVERRIDE_KINDS } from "~/domain/working-days";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { DEFAULT_CATEGORY, LEVELS, LIMIT_FIELDS, limitName } from "~/schemas/settings";
import type { ReferenceOption, Settings } from "~/models/reference.server";
import type { CalendarOverrideRow } from "~/models/settings-write.server";

/** What the settings page shows; its loader (routes/admin.settings) `satisfies` this. */
export type SettingsPage = {
  settings: Pick<
    Settings,
    "target" | "requestTimeLimits" | "reopenWindowWorkingDays" | "dueSoonWorkingDays" | "contactCadenceDays"
  >;
  categories: ReferenceOption[];
  year: number;
  overrides: CalendarOverrideRow[];
  coverage: { fromYear: number; throughYear: number };
  knownThrough: string;
  years: { year: number; inPackage: boolean; known: boolean; hasOverrides: boolean }[];
};

/** What the settings page's action answers when it refuses a form: the intent, its errors and what was typed. */
export type SettingsActionData = { intent: string | null; fieldErrors: FieldErrors; values: Record<string, string> };

function CellInput({
  name,
  label,
  defaultValue,
  placeholder,
  error,
}: {
  name: string;
  label: string;
  defaultValue: string;
  placeholder?: string;
  error?: string;
}) {
  const id = `f-${name.replace(/\./g, "-")}`;
  return (
    <div>
      <HiddenLabel htmlFor={id}>{label}</HiddenLabel>
      <input
        id={id}
        name={name}
        inputMode="numeric"
        defaultValue={defaultValue}
        placeholder={placeholder}
        className={`w-16 rounded-md border px-2 py-1 text-sm ${error ? "border-red-400" : "border-slate-300"}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SettingsForm() {
  const { t, i18n } = useTranslation();
  const { settings, categories } = useLoaderData<SettingsPage>();
  const actionData = useActionData<SettingsActionData>();
  const mine = actionData?.intent === "saveSettings" ? actionData : null;
  const errorOf = (name: string) => (mine?.fieldErrors[name] ? translateError(t, mine.fieldErrors[name]) : undefined);
  const valueOf = (name: string, stored: string) => mine?.values[name] ?? stored;
  /** A whole-number setting, showing what was just sent back when the save was refused. */
  const numberField = (id: string, name: string, label: string, stored: number) => (
    <TextField
      key={id}
      id={id}
      name={name}
      inputMode="numeric"
      label={label}
      defaultValue={valueOf(name, String(stored))}
      error={errorOf(name)}
    />
  );
  const limits = settings.requestTimeLimits;
  const defaults = limits[DEFAULT_CATEGORY];
  const rows = [
    { code: DEFAULT_CATEGORY, label: t("settings.limits.default") },
    ...categories
      .filter((c) => c.code !== DEFAULT_CATEGORY)
      .map((c) => ({ code: c.code, label: i18n.language === "en" ? c.labelEn : c.labelZh })),
  ];
  return (
    <Form method="post" noValidate className="space-y-6">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="saveSettings" />
      {mine?.fieldErrors && Object.keys(mine.fieldErrors).length > 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {t("validation.formHasErrors")}
        </p>
      ) : null}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">{t("settings.target.title")}</legend>
        {numberField("f-target-count", "target.count", t("settings.target.count"), settings.target.count)}
        <TextField
          id="f-target-date"
          name="target.date"
          label={t("settings.target.date")}
          placeholder="YYYY-MM-DD"
          defaultValue={valueOf("target.date", settings.target.date)}
          error={errorOf("target.date")}
        />
      </fieldset>
      <fieldset>
        <legend className="mb-2 text-sm font-semibold">{t("settings.limits.title")}</legend>
        <p className="mb-2 text-xs text-slate-500">{t("settings.limits.hint")}</p>
        <Table stack head={[t("settings.limits.category"), ...LIMIT_FIELDS.map((f) => t(`settings.limits.${f}`))]}>
          {rows.map((row) => (
            <tr key={row.code} data-testid={`limits-${row.code}`}>
              <Td>{row.label}</Td>
              {LIMIT_FIELDS.map((f) => {
                const name = limitName(row.code, f);
                const stored = limits[row.code]?.[f];
                return (
                  <Td key={f}>
                    <CellInput
                      name={name}
                      label={`${row.label} – ${t(`settings.limits.${f}`)}`}
                      defaultValue={valueOf(name, stored === undefined ? "" : String(stored))}
                      placeholder={row.code === DEFAULT_CATEGORY || defaults === undefined ? undefined : String(defaults[f])}
                      error={errorOf(name)}
                    />
                  </Td>
                );
              })}
            </tr>
          ))}
        </Table>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">{t("settings.requests.title")}</legend>
        {numberField(
          "f-reopen",
          "reopenWindowWorkingDays",
          t("settings.requests.reopenWindow"),
          settings.reopenWindowWorkingDays,
        )}
        {numberField("f-due-soon", "dueSoonWorkingDays", t("settings.requests.dueSoon"), settings.dueSoonWorkingDays)}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">{t("settings.cadence.title")}</legend>
        {LEVELS.map((level) =>
          numberField(
            `f-cadence-${level}`,
            `contactCadenceDays.${level}`,
            t(`settings.cadence.${level}`),
            settings.contactCadenceDays[level],
          ),
        )}
      </fieldset>
      <Button type="submit">{t("settings.save")}</Button>
    </Form>
  );
}

export function CalendarSection() {
  const { t } = useTranslation();
  const { year, overrides, years, coverage, knownThrough } = useLoaderData<SettingsPage>();
  const actionData = useActionData<SettingsActionData>();
  const mine = actionData?.intent === "addOverride" ? actionData : null;
  const errorOf = (name: string) => (mine?.fieldErrors[name] ? translateError(t, mine.fieldErrors[name]) : undefined);
  const removeError = actionData?.intent === "removeOverride" ? actionData.fieldErrors.date : undefined;
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-700">
        <p>{t("settings.calendar.coverage", { from: coverage.fromYear, through: coverage.throughYear, knownThrough })}</p>
        <p className="mt-1">{t("settings.calendar.announcementNote")}</p>
      </div>
      <p className="text-sm text-slate-700">{t("settings.calendar.completeHint")}</p>
      <Table stack head={[t("settings.calendar.year"), t("settings.calendar.status"), t("common.actions")]}>
        {years.map((y) => (
          <tr key={y.year} data-testid={`year-${y.year}`}>
            <Td>{y.year}</Td>
            <Td>
              {y.inPackage ? (
                <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
                  {t("settings.calendar.inPackage")}
                </span>
              ) : y.known ? (
                <span className="rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-800">
                  {t("settings.calendar.completeByAdmin")}
                </span>
              ) : (
                <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">
                  {t(y.hasOverrides ? "settings.calendar.partial" : "settings.calendar.unknown")}
                </span>
              )}
            </Td>
            <Td>
              {y.inPackage ? null : (
                <IntentForm intent="calendarYear" values={{ year: y.year, complete: y.known ? "0" : "1" }}>
                  <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" data-testid={`mark-year-${y.year}`}>
                    {t(y.known ? "settings.calendar.unmarkComplete" : "settings.calendar.markComplete", { year: y.year })}
                  </Button>
                </IntentForm>
              )}
            </Td>
          </tr>
        ))}
      </Table>
      <Form method="get" className="flex items-end gap-2">
        <SelectField
          id="f-year"
          name="year"
          label={t("settings.calendar.showYear")}
          defaultValue={String(year)}
          options={years.map((y) => ({ value: String(y.year), label: String(y.year) }))}
        />
        <Button type="submit" variant="secondary">
          {t("settings.calendar.show")}
        </Button>
      </Form>
      <Table
        stack
        head={[t("settings.calendar.date"), t("settings.calendar.kind"), t("settings.calendar.note"), t("common.actions")]}
      >
        {overrides.length === 0 ? (
          <tr>
            <Td className="text-slate-500">{t("settings.calendar.none", { year })}</Td>
            <Td />
            <Td />
            <Td />
          </tr>
        ) : (
          overrides.map((o) => (
            <tr key={o.date} data-testid={`override-${o.date}`}>
              <Td>{o.date}</Td>
              <Td>{t(`settings.calendar.kinds.${o.kind}`)}</Td>
              <Td>{o.note}</Td>
              <Td>
                <IntentForm intent="removeOverride" values={{ date: o.date }}>
                  <Button type="submit" variant="danger" className="px-2 py-1">
                    {t("settings.calendar.remove")}
                  </Button>
                </IntentForm>
              </Td>
            </tr>
          ))
        )}
      </Table>
      {removeError ? (
        <p role="alert" className="text-sm text-red-700">
          {translateError(t, removeError)}
        </p>
      ) : null}
      <Form method="post" noValidate className="grid gap-4 sm:grid-cols-4">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="addOverride" />
        <TextField
          id="f-override-date"
          name="date"
          label={t("settings.calendar.date")}
          placeholder="YYYY-MM-DD"
          defaultValue={mine?.values.date ?? ""}
          error={errorOf("date")}
        />
        <SelectField
          id="f-override-kind"
          name="kind"
          label={t("settings.calendar.kind")}
          defaultValue={mine?.values.kind ?? "holiday"}
          options={CALENDAR_OVERRIDE_KINDS.map((k) => ({ value: k, label: t(`settings.calendar.kinds.${k}`) }))}
          error={errorOf("kind")}
        />
        <TextField
          id="f-override-note"
          name="note"
          label={t("settings.calendar.note")}
          defaultValue={mine?.values.note ?? ""}
          error={errorOf("note")}
        />
        <div className="flex items-end">
          <Button type="submit">{t("settings.calendar.add")}</Button>
        </div>
      </Form>
    </div>
  );
}
