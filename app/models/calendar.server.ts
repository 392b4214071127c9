import { asc, eq } from "drizzle-orm";
import { calendarOverrides, settings } from "../../db/schema";
import { createWorkingCalendar, type WorkingCalendar } from "~/domain/working-days";
import { db, type Db } from "~/utils/db.server";
import type { Tx } from "./write-types.server";

/**
 * The one working calendar of the app: the official calendar from the chinese-days package plus
 * the holidays and adjusted working days admins entered (calendar_overrides), and the years an
 * admin marked complete (setting `calendarCompleteYears`): only those and the package's years
 * count as known. Built per call, so a new override takes effect at once; pass the transaction
 * when inside one.
 */
export function workingCalendar(conn: Db | Tx = db): WorkingCalendar {
  const overrides = conn
    .select({ date: calendarOverrides.date, kind: calendarOverrides.kind })
    .from(calendarOverrides)
    .orderBy(asc(calendarOverrides.createdAt))
    .all();
  const row = conn.select({ value: settings.value }).from(settings).where(eq(settings.key, "calendarCompleteYears")).get();
  const completeYears = Array.isArray(row?.value) ? (row.value as unknown[]).filter((y): y is number => Number.isInteger(y)) : [];
  return createWorkingCalendar(overrides, { completeYears });
}
