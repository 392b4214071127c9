import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { Card, PageHeader } from "~/components/ui/page-header";
import { packageCalendarCoverage } from "~/domain/working-days";
import { workingCalendar } from "~/models/calendar.server";
import { getSetting, referenceList } from "~/models/reference.server";
import {
  addCalendarOverride,
  listCalendarOverrides,
  overrideYears,
  removeCalendarOverride,
  setCalendarYearComplete,
  saveSettings,
} from "~/models/settings-write.server";
import { notFound, requirePermission } from "~/utils/auth.server";
import { formStrings } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import {
  AddOverrideSchema,
  CalendarYearSchema,
  DEFAULT_CATEGORY,
  partialRowErrors,
  RemoveOverrideSchema,
  settingsSchema,
} from "~/schemas/settings";
import { CalendarSection, SettingsForm, type SettingsActionData, type SettingsPage } from "~/components/settings/settings-forms";

const PERMISSION = "manage:reference:any";

function currentSettings(): SettingsPage["settings"] {
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
  } satisfies SettingsPage;
}

const fail = (result: SettingsActionData) => data(result, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, PERMISSION);
  const values = formStrings(await readForm(request));
  const t = getFixedT(await getLocale(request, admin));
  const done = async (message: string, year?: string) =>
    redirectWithToast(request, year ? `/admin/settings?year=${year}` : "/admin/settings", message);
  const moved = (effect: { requests: number; checklistItems: number }) =>
    t("settings.calendar.moved", { requests: effect.requests, items: effect.checklistItems });
  const codes = referenceList("request_category")
    .map((c) => c.code)
    .filter((c) => c !== DEFAULT_CATEGORY);

  return runIntent(
    values,
    {
      saveSettings: intent(
        settingsSchema(codes),
        (input) => {
          const rowErrors = partialRowErrors(values, codes);
          if (Object.keys(rowErrors).length > 0) return fail({ intent: "saveSettings", fieldErrors: rowErrors, values });
          saveSettings(admin.id, input);
          return done(t("settings.saved"));
        },
        (fieldErrors) =>
          fail({ intent: "saveSettings", fieldErrors: { ...fieldErrors, ...partialRowErrors(values, codes) }, values }),
      ),
      addOverride: intent(AddOverrideSchema, (input) => {
        const effect = addCalendarOverride(admin.id, input);
        if (!effect) return fail({ intent: "addOverride", fieldErrors: { date: "settings.errors.overrideExists" }, values });
        return done(`${t("settings.calendar.added", { date: input.date })} ${moved(effect)}`, input.date.slice(0, 4));
      }),
      removeOverride: intent(RemoveOverrideSchema, (input) => {
        const effect = removeCalendarOverride(admin.id, input.date);
        if (!effect) notFound();
        return done(`${t("settings.calendar.removed", { date: input.date })} ${moved(effect)}`, input.date.slice(0, 4));
      }),
      calendarYear: intent(
        CalendarYearSchema,
        ({ year, complete }) => {
          const effect = setCalendarYearComplete(admin.id, year, complete === "1");
          const message = t(complete === "1" ? "settings.calendar.yearMarked" : "settings.calendar.yearUnmarked", { year });
          return done(effect ? `${message} ${moved(effect)}` : message, String(year));
        },
        // The year buttons offer only real choices: anything else is not one of them.
        () => fail({ intent: "calendarYear", fieldErrors: { _form: "validation.invalidChoice" }, values }),
      ),
    },
    (intent, fieldErrors) => fail({ intent, fieldErrors, values }),
  );
}

/** A compact numeric input for a table cell, with its error next to it. */
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
