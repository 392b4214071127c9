import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { CALENDAR_OVERRIDE_KINDS, packageCalendarCoverage } from "~/domain/working-days";
import { dateField } from "~/schemas/dates";
import { workingCalendar } from "~/models/calendar.server";
import type { CategoryTimeLimits } from "~/domain/request-clock";
import { getSetting, referenceList } from "~/models/reference.server";
import {
  addCalendarOverride,
  listCalendarOverrides,
  overrideYears,
  removeCalendarOverride,
  setCalendarYearComplete,
  saveSettings,
  type SettingsValues,
} from "~/models/settings-write.server";
import { fieldErrorsOf, optionalText, translateError, type FieldErrors } from "~/schemas/forms";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

const PERMISSION = "manage:reference:any";
const LIMIT_FIELDS = ["accept", "firstContact", "answer", "satisfactionFollowUp"] as const;
const LEVELS = ["regional", "greater_regional", "global"] as const;
const DEFAULT_CATEGORY = "default";

const RANGE = "settings.errors.range";
const COUNT_RANGE = "settings.errors.countRange";
/** Cadences are calendar days and default to 60–90, so they get a wider range than working-day limits. */
const CADENCE_RANGE = "settings.errors.cadenceRange";

/** A whole number within [min, max], given as form text. */
const intIn = (min: number, max: number, message: string) =>
  z
    .string({ required_error: "validation.required", invalid_type_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

const limitName = (code: string, field: (typeof LIMIT_FIELDS)[number]) => `requestTimeLimits.${code}.${field}`;

/** A category row filled in only partly: an error on each blank field (reported with the schema's errors). */
function partialRowErrors(values: Record<string, string>, categoryCodes: string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const code of categoryCodes) {
    const blank = LIMIT_FIELDS.filter((f) => (values[limitName(code, f)] ?? "").trim() === "");
    if (blank.length > 0 && blank.length < LIMIT_FIELDS.length)
      for (const f of blank) errors[limitName(code, f)] = "settings.errors.rowIncomplete";
  }
  return errors;
}

/** The flat form schema: one key per input name, so field errors match the input names. */
function settingsSchema(categoryCodes: string[]) {
  const shape: Record<string, z.ZodTypeAny> = {
    "target.count": intIn(1, 10000, COUNT_RANGE),
    "target.date": dateField,
    reopenWindowWorkingDays: intIn(0, 60, RANGE),
    dueSoonWorkingDays: intIn(0, 60, RANGE),
  };
  for (const level of LEVELS) shape[`contactCadenceDays.${level}`] = intIn(1, 366, CADENCE_RANGE);
  for (const code of [DEFAULT_CATEGORY, ...categoryCodes]) {
    for (const field of LIMIT_FIELDS) {
      // A category's row may be left wholly blank (it then uses "default"); partialRowErrors handles partial rows.
      shape[limitName(code, field)] =
        code === DEFAULT_CATEGORY ? intIn(0, 60, RANGE) : z.union([z.literal(""), intIn(0, 60, RANGE)]).optional();
    }
  }
  return z.object(shape).transform((v): SettingsValues => {
    const num = (key: string) => v[key] as number;
    const requestTimeLimits: Record<string, CategoryTimeLimits> = {};
    for (const code of [DEFAULT_CATEGORY, ...categoryCodes]) {
      if (typeof v[limitName(code, "accept")] !== "number") continue;
      requestTimeLimits[code] = {
        accept: num(limitName(code, "accept")),
        firstContact: num(limitName(code, "firstContact")),
        answer: num(limitName(code, "answer")),
        satisfactionFollowUp: num(limitName(code, "satisfactionFollowUp")),
      };
    }
    return {
      target: { count: num("target.count"), date: v["target.date"] as string },
      requestTimeLimits,
      reopenWindowWorkingDays: num("reopenWindowWorkingDays"),
      dueSoonWorkingDays: num("dueSoonWorkingDays"),
      contactCadenceDays: {
        regional: num("contactCadenceDays.regional"),
        greater_regional: num("contactCadenceDays.greater_regional"),
        global: num("contactCadenceDays.global"),
      },
    };
  });
}

const AddOverrideSchema = z.object({
  date: dateField,
  kind: z.enum(CALENDAR_OVERRIDE_KINDS, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  note: optionalText(200),
});
const RemoveOverrideSchema = z.object({ date: dateField });
const CalendarYearSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100), complete: z.enum(["1", "0"]) });

function currentSettings() {
  return {
    target: getSetting("target"),
    requestTimeLimits: getSetting("requestTimeLimits"),
    reopenWindowWorkingDays: getSetting("reopenWindowWorkingDays"),
    dueSoonWorkingDays: getSetting("dueSoonWorkingDays"),
    contactCadenceDays: getSetting("contactCadenceDays"),
  };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("settings.title"), t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION);
  const thisYear = Number(todayInBeijing().slice(0, 4));
  const param = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(param) && param >= 2000 && param <= 2100 ? param : thisYear;
  const coverage = packageCalendarCoverage();
  const calendar = workingCalendar();
  const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year, ...overrideYears()])].sort(
    (a, b) => a - b,
  );
  return {
    settings: currentSettings(),
    categories: referenceList("request_category"),
    year,
    overrides: listCalendarOverrides(year),
    coverage,
    knownThrough: calendar.knownThrough,
    years: years.map((y) => ({
      year: y,
      inPackage: y >= coverage.fromYear && y <= coverage.throughYear,
      known: calendar.knownYears.includes(y),
      hasOverrides: overrideYears().includes(y),
    })),
  };
}

type ActionResult = { intent: string | null; fieldErrors: FieldErrors; values: Record<string, string> };
const fail = (result: ActionResult) => data(result, { status: 400 });

const Intent = z.object({ intent: z.enum(["saveSettings", "addOverride", "removeOverride", "calendarYear"]) });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, PERMISSION);
  const formData = await readForm(request);
  const values: Record<string, string> = {};
  for (const [k, v] of formData) if (typeof v === "string" && k !== "csrf") values[k] = v;
  const t = getFixedT(await getLocale(request, admin));
  const done = async (message: string, year?: string) =>
    redirectWithToast(request, year ? `/admin/settings?year=${year}` : "/admin/settings", message);
  const moved = (effect: { requests: number; checklistItems: number }) =>
    t("settings.calendar.moved", { requests: effect.requests, items: effect.checklistItems });
  const intent = Intent.safeParse(values);
  if (!intent.success) return fail({ intent: null, fieldErrors: { _form: "validation.invalidChoice" }, values });

  switch (intent.data.intent) {
    case "saveSettings": {
      const codes = referenceList("request_category")
        .map((c) => c.code)
        .filter((c) => c !== DEFAULT_CATEGORY);
      const parsed = settingsSchema(codes).safeParse(values);
      const rowErrors = partialRowErrors(values, codes);
      if (!parsed.success || Object.keys(rowErrors).length > 0)
        return fail({
          intent: "saveSettings",
          fieldErrors: { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...rowErrors },
          values,
        });
      saveSettings(admin.id, parsed.data);
      return done(t("settings.saved"));
    }
    case "addOverride": {
      const parsed = AddOverrideSchema.safeParse(values);
      if (!parsed.success) return fail({ intent: "addOverride", fieldErrors: fieldErrorsOf(parsed.error), values });
      const effect = addCalendarOverride(admin.id, parsed.data);
      if (!effect) return fail({ intent: "addOverride", fieldErrors: { date: "settings.errors.overrideExists" }, values });
      return done(`${t("settings.calendar.added", { date: parsed.data.date })} ${moved(effect)}`, parsed.data.date.slice(0, 4));
    }
    case "removeOverride": {
      const parsed = RemoveOverrideSchema.safeParse(values);
      if (!parsed.success) return fail({ intent: "removeOverride", fieldErrors: fieldErrorsOf(parsed.error), values });
      const effect = removeCalendarOverride(admin.id, parsed.data.date);
      if (!effect) throw new Response("Not found", { status: 404 });
      return done(`${t("settings.calendar.removed", { date: parsed.data.date })} ${moved(effect)}`, parsed.data.date.slice(0, 4));
    }
    case "calendarYear": {
      const parsed = CalendarYearSchema.safeParse(values);
      if (!parsed.success) return fail({ intent: "calendarYear", fieldErrors: { _form: "validation.invalidChoice" }, values });
      const { year, complete } = parsed.data;
      const effect = setCalendarYearComplete(admin.id, year, complete === "1");
      const message = t(complete === "1" ? "settings.calendar.yearMarked" : "settings.calendar.yearUnmarked", { year });
      return done(effect ? `${message} ${moved(effect)}` : message, String(year));
    }
  }
}

/** A compact numeric input for a table cell, with its error next to it. */
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
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
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

function SettingsForm() {
  const { t, i18n } = useTranslation();
  const { settings, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.intent === "saveSettings" ? actionData : null;
  const errorOf = (name: string) => (mine?.fieldErrors[name] ? translateError(t, mine.fieldErrors[name]) : undefined);
  const valueOf = (name: string, stored: string) => mine?.values[name] ?? stored;
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
        <TextField
          id="f-target-count"
          name="target.count"
          inputMode="numeric"
          label={t("settings.target.count")}
          defaultValue={valueOf("target.count", String(settings.target.count))}
          error={errorOf("target.count")}
        />
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
        <TextField
          id="f-reopen"
          name="reopenWindowWorkingDays"
          inputMode="numeric"
          label={t("settings.requests.reopenWindow")}
          defaultValue={valueOf("reopenWindowWorkingDays", String(settings.reopenWindowWorkingDays))}
          error={errorOf("reopenWindowWorkingDays")}
        />
        <TextField
          id="f-due-soon"
          name="dueSoonWorkingDays"
          inputMode="numeric"
          label={t("settings.requests.dueSoon")}
          defaultValue={valueOf("dueSoonWorkingDays", String(settings.dueSoonWorkingDays))}
          error={errorOf("dueSoonWorkingDays")}
        />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">{t("settings.cadence.title")}</legend>
        {LEVELS.map((level) => {
          const name = `contactCadenceDays.${level}`;
          return (
            <TextField
              key={level}
              id={`f-cadence-${level}`}
              name={name}
              inputMode="numeric"
              label={t(`settings.cadence.${level}`)}
              defaultValue={valueOf(name, String(settings.contactCadenceDays[level]))}
              error={errorOf(name)}
            />
          );
        })}
      </fieldset>
      <Button type="submit">{t("settings.save")}</Button>
    </Form>
  );
}

function CalendarSection() {
  const { t } = useTranslation();
  const { year, overrides, years, coverage, knownThrough } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
                <Form method="post">
                  <AuthenticityTokenInput name="csrf" />
                  <input type="hidden" name="intent" value="calendarYear" />
                  <input type="hidden" name="year" value={y.year} />
                  <input type="hidden" name="complete" value={y.known ? "0" : "1"} />
                  <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" data-testid={`mark-year-${y.year}`}>
                    {t(y.known ? "settings.calendar.unmarkComplete" : "settings.calendar.markComplete", { year: y.year })}
                  </Button>
                </Form>
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
                <Form method="post">
                  <AuthenticityTokenInput name="csrf" />
                  <input type="hidden" name="intent" value="removeOverride" />
                  <input type="hidden" name="date" value={o.date} />
                  <Button type="submit" variant="danger" className="px-2 py-1">
                    {t("settings.calendar.remove")}
                  </Button>
                </Form>
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

export default function AdminSettings() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("settings.title")} subtitle={t("settings.intro")} />
      <Card title={t("settings.sectionSettings")} className="mb-6">
        <SettingsForm />
      </Card>
      <Card title={t("settings.calendar.title")}>
        <CalendarSection />
      </Card>
    </>
  );
}
