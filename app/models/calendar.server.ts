import { createWorkingCalendar, type CalendarOverride, type WorkingCalendar } from "~/domain/working-days";
import { db, type Db } from "~/utils/db.server";
import { getSetting } from "./reference.server";
import { statement } from "./statements.server";
import type { Tx } from "./write-types.server";

/**
 * The one working calendar of the app: the official calendar from the chinese-days package plus
 * the holidays and adjusted working days admins entered (calendar_overrides), and the years an
 * admin marked complete (setting `calendarCompleteYears`): only those and the package's years
 * count as known. The overrides and settings are read on every call, so a new override takes
 * effect at once; the calendar built from them is kept while they stay the same (building one
 * reads every special day of the package: about 4 ms, on every page that shows a due date;
 * issue 14). Pass the transaction when inside one.
 */
let built: { key: string; calendar: WorkingCalendar } | null = null;

export function workingCalendar(conn: Db | Tx = db): WorkingCalendar {
  const overrides = statement(conn, OVERRIDES_SQL).all() as CalendarOverride[];
  const value: unknown = getSetting("calendarCompleteYears", conn);
  const completeYears = Array.isArray(value) ? value.filter((y): y is number => Number.isInteger(y)) : [];
  const key = JSON.stringify([overrides, completeYears]);
  if (built?.key !== key) built = { key, calendar: createWorkingCalendar(overrides, { completeYears }) };
  return built.calendar;
}

/** The overrides, as a statement compiled once per connection (drizzle built it on every call). */
const OVERRIDES_SQL = "select date, kind from calendar_overrides order by created_at";
