import { asc, eq, like } from "drizzle-orm";
import { calendarOverrides, settings } from "../../db/schema";
import { applyCalendarChange, touchServiceFigures, type CalendarChangeEffect } from "./calendar-change.server";
import { workingCalendar } from "./calendar.server";
import { DEFAULT_SETTINGS, type Settings } from "../../db/reference-data";
import { recordAudit } from "./audit.server";
import type { CalendarOverride } from "~/domain/working-days";
import { db } from "~/utils/db.server";

export const EDITABLE_SETTING_KEYS = [
  "target",
  "requestTimeLimits",
  "reopenWindowWorkingDays",
  "dueSoonWorkingDays",
  "contactCadenceDays",
] as const satisfies readonly (keyof Settings)[];

/** The settings the admin page edits. */
export type SettingsValues = Pick<Settings, (typeof EDITABLE_SETTING_KEYS)[number]>;

/** Upserts every changed setting in one transaction, one audit row per changed key. Returns the changed keys. */
export function saveSettings(actorId: string, values: SettingsValues): string[] {
  return db.transaction((tx) => {
    const changed: string[] = [];
    for (const key of EDITABLE_SETTING_KEYS) {
      const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
      const before: unknown = row ? row.value : DEFAULT_SETTINGS[key];
      const after: unknown = values[key];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      tx.insert(settings)
        .values({ key, value: after })
        .onConflictDoUpdate({ target: settings.key, set: { value: after } })
        .run();
      recordAudit(tx, {
        actorId,
        entity: "setting",
        entityId: key,
        action: row ? "update" : "create",
        changes: [{ field: key, before, after }],
      });
      changed.push(key);
    }
    return changed;
  });
}

export type CalendarOverrideRow = { date: string; kind: CalendarOverride["kind"]; note: string };

/** The overrides of one year, by date. */
export function listCalendarOverrides(year: number): CalendarOverrideRow[] {
  return db
    .select({ date: calendarOverrides.date, kind: calendarOverrides.kind, note: calendarOverrides.note })
    .from(calendarOverrides)
    .where(like(calendarOverrides.date, `${year}-%`))
    .orderBy(asc(calendarOverrides.date))
    .all();
}

/** Distinct years that have at least one override. */
export function overrideYears(): number[] {
  const rows = db.select({ date: calendarOverrides.date }).from(calendarOverrides).all();
  return [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b);
}

/**
 * Adds an override; false when the date already has one (delete it first). The due dates it
 * moves (open requests, template checklist items) move in the same transaction.
 */
export function addCalendarOverride(actorId: string, input: CalendarOverrideRow): CalendarChangeEffect | false {
  return db.transaction((tx) => {
    const existing = tx
      .select({ date: calendarOverrides.date })
      .from(calendarOverrides)
      .where(eq(calendarOverrides.date, input.date))
      .get();
    if (existing) return false;
    const before = workingCalendar(tx);
    tx.insert(calendarOverrides)
      .values({ ...input, createdById: actorId })
      .run();
    recordAudit(tx, {
      actorId,
      entity: "calendar_override",
      entityId: input.date,
      action: "create",
      changes: [
        { field: "kind", before: null, after: input.kind },
        { field: "note", before: null, after: input.note },
      ],
    });
    return applyCalendarChange(tx, before, workingCalendar(tx));
  });
}

/** Removes a date's override; false when there was none. Due dates move back in the same transaction. */
export function removeCalendarOverride(actorId: string, date: string): CalendarChangeEffect | false {
  return db.transaction((tx) => {
    const existing = tx.select().from(calendarOverrides).where(eq(calendarOverrides.date, date)).get();
    if (!existing) return false;
    const before = workingCalendar(tx);
    tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).run();
    recordAudit(tx, {
      actorId,
      entity: "calendar_override",
      entityId: date,
      action: "delete",
      changes: [
        { field: "kind", before: existing.kind, after: null },
        { field: "note", before: existing.note, after: null },
      ],
    });
    return applyCalendarChange(tx, before, workingCalendar(tx));
  });
}

/**
 * Marks a year's official schedule complete (every holiday and adjusted working day of the State
 * Council's notice entered) or not: only then does the year count as known. Due dates and the
 * service figures' flags follow in the same transaction. False when nothing changed.
 */
export function setCalendarYearComplete(actorId: string, year: number, complete: boolean): CalendarChangeEffect | false {
  return db.transaction((tx) => {
    const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, "calendarCompleteYears")).get();
    const was = Array.isArray(row?.value) ? (row.value as number[]) : [];
    if (was.includes(year) === complete) return false;
    const now = complete ? [...was, year].sort((a, b) => a - b) : was.filter((y) => y !== year);
    const before = workingCalendar(tx);
    tx.insert(settings)
      .values({ key: "calendarCompleteYears", value: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: now } })
      .run();
    recordAudit(tx, {
      actorId,
      entity: "setting",
      entityId: "calendarCompleteYears",
      action: row ? "update" : "create",
      changes: [{ field: "calendarCompleteYears", before: was, after: now }],
    });
    touchServiceFigures(tx);
    return applyCalendarChange(tx, before, workingCalendar(tx));
  });
}
