import { asc } from "drizzle-orm";
import { calendarOverrides } from "../../db/schema";
import { createWorkingCalendar, type WorkingCalendar } from "~/domain/working-days";
import { db, type Db } from "~/utils/db.server";
import type { Tx } from "./centre-write.server";

/**
 * The one working calendar of the app: the official calendar from the chinese-days package plus
 * the holidays and adjusted working days admins entered (calendar_overrides). Built per call, so
 * a new override takes effect at once; pass the transaction when inside one.
 */
export function workingCalendar(conn: Db | Tx = db): WorkingCalendar {
  const overrides = conn
    .select({ date: calendarOverrides.date, kind: calendarOverrides.kind })
    .from(calendarOverrides)
    .orderBy(asc(calendarOverrides.createdAt))
    .all();
  return createWorkingCalendar(overrides);
}
