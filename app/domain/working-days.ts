/**
 * Working days of the official mainland China calendar (weekends, public holidays and
 * the adjusted working days, 调休, announced by the State Council), from the
 * `chinese-days` package plus admin overrides for years the package does not know yet.
 *
 * All dates are 'YYYY-MM-DD' strings handled as UTC day numbers, so results never
 * depend on the server's time zone.
 */
// Default import on purpose: the package is CommonJS (UMD) for Node, whose ESM loader
// exposes no named exports for it; both its CJS and ES builds carry the functions on
// the default export.
import chineseDays from "chinese-days";
import { z } from "zod";

// ---------------------------------------------------------------------------
// Calendar-day arithmetic on 'YYYY-MM-DD' strings
// ---------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC), or null when `s` is not a real 'YYYY-MM-DD' date. */
function toDayNumber(s: string): number | null {
  let n = dayNumbers.get(s);
  if (n === undefined) {
    if (dayNumbers.size >= REMEMBERED_DAYS) dayNumbers.clear();
    dayNumbers.set(s, (n = parseDayNumber(s)));
  }
  return n;
}

/**
 * Day numbers remembered by text: a page works out the same few hundred dates for every row it
 * shows (days in stage, due flags, contact cadence), each a regular expression and two Dates
 * (issue 14). Bounded: cleared when full.
 */
const dayNumbers = new Map<string, number | null>();
const REMEMBERED_DAYS = 10_000;

function parseDayNumber(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return ms / MS_PER_DAY;
}

function dayNumber(s: string): number {
  const n = toDayNumber(s);
  if (n === null) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return n;
}

function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Monday to Friday (day 0, 1970-01-01, was a Thursday). */
function isWeekday(n: number): boolean {
  const weekday = (((n + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** Mondays to Fridays d with start <= d < endExclusive, in constant time. */
function weekdaysHalfOpen(start: number, endExclusive: number): number {
  const days = endExclusive - start;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let n = start + weeks * 7; n < endExclusive; n++) if (isWeekday(n)) count++;
  return count;
}

function yearOf(n: number): number {
  return new Date(n * MS_PER_DAY).getUTCFullYear();
}

/** True for a real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is false). */
export function isIsoDate(s: string): boolean {
  return toDayNumber(s) !== null;
}

/** `date` plus `n` calendar days (n may be negative). Throws RangeError on a bad date. */
export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

// ---------------------------------------------------------------------------
// What the chinese-days package knows
// ---------------------------------------------------------------------------

const WEEKDAY_NAMES = new Set(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);

/**
 * The package's own entry for a date: "holiday", "workday" (an adjusted working day),
 * or null when the date is not in its tables (so only the weekday rule applies).
 *
 * Time zones: the package builds its tables at load time by reading UTC midnight of
 * each date in the process's local time, so west of UTC its keys sit one day early.
 * Asking it with the same instant (UTC midnight) goes through the same conversion and
 * finds the entry for the intended date in any zone; the weekday rule is applied here
 * in UTC, never by the package. `assertPackageAlignment` guards this at first use.
 */
function packageEntry(n: number): "holiday" | "workday" | null {
  const detail = chineseDays.getDayDetail(new Date(n * MS_PER_DAY));
  if (WEEKDAY_NAMES.has(detail.name)) return null;
  return detail.work ? "workday" : "holiday";
}

/** Known facts: Sun 2024-09-29 was an adjusted working day, Mon 09-30 ordinary, Tue 10-01 National Day. */
function assertPackageAlignment(): void {
  const ok =
    packageEntry(dayNumber("2024-09-30")) === null &&
    packageEntry(dayNumber("2024-10-01")) === "holiday" &&
    packageEntry(dayNumber("2024-09-29")) === "workday";
  if (!ok) throw new Error("chinese-days answers are misaligned with calendar dates (time zone?)");
}

function packageKnowsYear(year: number): boolean {
  const first = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const next = Date.UTC(year + 1, 0, 1) / MS_PER_DAY;
  for (let n = first; n < next; n++) if (packageEntry(n) !== null) return true;
  return false;
}

let specialDays: number[] | null = null;
/** Every day of the covered years that the package lists (holidays and adjusted working days), read once. */
function packageSpecialDays(): readonly number[] {
  if (!specialDays) {
    const { fromYear, throughYear } = packageCalendarCoverage();
    specialDays = [];
    for (let n = Date.UTC(fromYear, 0, 1) / MS_PER_DAY; n < Date.UTC(throughYear + 1, 0, 1) / MS_PER_DAY; n++) {
      if (packageEntry(n) !== null) specialDays.push(n);
    }
  }
  return specialDays;
}

/** The package documents holiday data from 2004; coverage end is detected, not assumed. */
const PACKAGE_FIRST_YEAR = 2004;
let packageCoverage: { fromYear: number; throughYear: number } | null = null;

/** Years whose official schedule the installed chinese-days release contains. */
export function packageCalendarCoverage(): { fromYear: number; throughYear: number } {
  if (!packageCoverage) {
    assertPackageAlignment();
    let year = PACKAGE_FIRST_YEAR;
    while (packageKnowsYear(year + 1)) year++;
    packageCoverage = { fromYear: PACKAGE_FIRST_YEAR, throughYear: year };
  }
  return packageCoverage;
}

// ---------------------------------------------------------------------------
// The working calendar
// ---------------------------------------------------------------------------

export const CALENDAR_OVERRIDE_KINDS = ["holiday", "workday"] as const;

/** An admin's entry: this date is a holiday (no work) or a working day. */
export type CalendarOverride = { date: string; kind: (typeof CALENDAR_OVERRIDE_KINDS)[number] };

export const calendarOverrideSchema = z.object({
  date: z.string().refine(isIsoDate, { message: "Expected a real date as YYYY-MM-DD" }),
  kind: z.enum(CALENDAR_OVERRIDE_KINDS),
});

/** A period during which a request's clock stands still; `to` null = still paused. */
export type Pause = { from: string; to: string | null };

export type DueStatus = "overdue" | "due_soon" | "on_time";

export type WorkingDayResult = {
  date: string;
  /** True when any date the computation examined lies outside the known calendar. */
  beyondKnownCalendar: boolean;
};

export type WorkingCalendar = {
  /** Last day of the known calendar: the package's last year, extended by consecutive years marked complete. */
  readonly knownThrough: string;
  /** Every year with official data: the package's years plus the years an admin marked complete. */
  readonly knownYears: readonly number[];
  /** Does every year from `from` to `to` (either order) have a known schedule? A working-day count over the range is then exact. */
  rangeKnown(from: string, to: string): boolean;
  /** Is this date's year covered by the package or by an admin override? */
  isKnownDate(date: string): boolean;
  /** Override first, then the package (holidays, adjusted working days), then Mon–Fri. */
  isWorkingDay(date: string): boolean;
  /**
   * The n-th working day after `start` (before it when n < 0); `start` itself is not
   * counted, so n = 1 on a Friday before a normal weekend gives Monday. n = 0 returns `start`.
   */
  addWorkingDays(start: string, n: number): WorkingDayResult;
  /**
   * Working days after `from` up to and including `to`. 0 when equal; when `to` is
   * earlier, the negative of workingDaysBetween(to, from).
   */
  workingDaysBetween(from: string, to: string): number;
  /**
   * Working days a request's clock stood still. A pause covers its `from` day up to,
   * but not including, its `to` day (the day the department's answer is recorded, when
   * the clock runs again). An open pause (`to` null) covers up to and including `today`.
   * Overlapping pauses count once; days after `today` never count.
   */
  pausedWorkingDays(pauses: readonly Pause[], today: string): number;
  /** A due date moved later by the paused working days (same as addWorkingDays). */
  shiftDueDate(due: string, pausedDays: number): WorkingDayResult;
  /**
   * "overdue" when today is after `due`; "due_soon" when at most `soonWithin` working
   * days remain (due today = 0 remain); otherwise "on_time".
   */
  dueStatus(due: string, today: string, soonWithin?: number): DueStatus;
};

/**
 * Builds a calendar over the package plus admin overrides. An override wins over the
 * package for its date (admins may correct it); a later override for the same date
 * replaces an earlier one. A year counts as known only when the package has it or an admin
 * marked its schedule complete (`completeYears`, from the State Council's notice): one entered
 * holiday does not make the rest of its year known.
 */
export function createWorkingCalendar(
  overrides: readonly CalendarOverride[] = [],
  options: { completeYears?: readonly number[] } = {},
): WorkingCalendar {
  const overrideByDay = new Map<number, CalendarOverride["kind"]>();
  for (const o of overrides) {
    const parsed = calendarOverrideSchema.parse(o);
    overrideByDay.set(dayNumber(parsed.date), parsed.kind);
  }

  const coverage = packageCalendarCoverage();
  const known = new Set<number>();
  for (let y = coverage.fromYear; y <= coverage.throughYear; y++) known.add(y);
  for (const y of options.completeYears ?? []) if (Number.isInteger(y)) known.add(y);
  let lastKnownYear = coverage.throughYear;
  while (known.has(lastKnownYear + 1)) lastKnownYear++;

  const cache = new Map<number, boolean>();
  const working = (n: number): boolean => {
    const cached = cache.get(n);
    if (cached !== undefined) return cached;
    const kind = overrideByDay.get(n) ?? packageEntry(n);
    const result = kind === "workday" ? true : kind === "holiday" ? false : isWeekday(n);
    cache.set(n, result);
    return result;
  };
  const isKnown = (n: number) => known.has(yearOf(n));
  const yearsKnown = (fromYear: number, throughYear: number) => {
    for (let y = fromYear; y <= throughYear; y++) if (!known.has(y)) return false;
    return true;
  };

  // Exceptions to the weekday rule (holidays on weekdays, working weekends), sorted, with the
  // running sum of their corrections: counting a range costs two binary searches, not a day loop.
  const exceptionDays: number[] = [];
  for (const n of new Set([...packageSpecialDays(), ...overrideByDay.keys()])) {
    if (working(n) !== isWeekday(n)) exceptionDays.push(n);
  }
  exceptionDays.sort((a, b) => a - b);
  const correctionBefore = [0];
  for (const n of exceptionDays) correctionBefore.push(correctionBefore[correctionBefore.length - 1]! + (working(n) ? 1 : -1));
  /** Index of the first exception day >= n. */
  const firstExceptionFrom = (n: number) => {
    let lo = 0;
    let hi = exceptionDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (exceptionDays[mid]! < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Working days d with start <= d < endExclusive (0 when the range is empty). */
  const countHalfOpen = (start: number, endExclusive: number): number => {
    if (endExclusive <= start) return 0;
    return (
      weekdaysHalfOpen(start, endExclusive) +
      correctionBefore[firstExceptionFrom(endExclusive)]! -
      correctionBefore[firstExceptionFrom(start)]!
    );
  };

  /**
   * The n-th working day after `from` (n > 0): the smallest d with countHalfOpen(from + 1, d + 1) = n,
   * found by doubling then halving the span, as the count only grows with d.
   */
  const nthWorkingDayAfter = (from: number, n: number): number => {
    let span = 2 * n + 16;
    while (countHalfOpen(from + 1, from + span + 1) < n) span *= 2;
    let lo = 1;
    let hi = span;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (countHalfOpen(from + 1, from + mid + 1) >= n) hi = mid;
      else lo = mid + 1;
    }
    return from + lo;
  };
  /** The n-th working day before `from` (n > 0): the largest d with countHalfOpen(d, from) = n. */
  const nthWorkingDayBefore = (from: number, n: number): number => {
    let span = 2 * n + 16;
    while (countHalfOpen(from - span, from) < n) span *= 2;
    let lo = 1;
    let hi = span;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (countHalfOpen(from - mid, from) >= n) hi = mid;
      else lo = mid + 1;
    }
    return from - lo;
  };

  const addWorkingDays = (start: string, n: number): WorkingDayResult => {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer, got ${n}`);
    const from = dayNumber(start);
    if (n === 0) return { date: start, beyondKnownCalendar: !isKnown(from) };
    const day = n > 0 ? nthWorkingDayAfter(from, n) : nthWorkingDayBefore(from, -n);
    // Every day stepped over (from the day after `start` to the result) must be in a known year.
    const [first, last] = n > 0 ? [from + 1, day] : [day, from - 1];
    return { date: fromDayNumber(day), beyondKnownCalendar: !yearsKnown(yearOf(first), yearOf(last)) };
  };

  const workingDaysBetween = (from: string, to: string): number => {
    const a = dayNumber(from);
    const b = dayNumber(to);
    return b >= a ? countHalfOpen(a + 1, b + 1) : -countHalfOpen(b + 1, a + 1);
  };

  return {
    knownThrough: fromDayNumber(Date.UTC(lastKnownYear, 11, 31) / MS_PER_DAY),
    knownYears: [...known].sort((x, y) => x - y),
    isKnownDate: (date) => isKnown(dayNumber(date)),
    rangeKnown(from, to) {
      const [a, b] = [yearOf(dayNumber(from)), yearOf(dayNumber(to))].sort((x, y) => x - y) as [number, number];
      for (let y = a; y <= b; y++) if (!known.has(y)) return false;
      return true;
    },
    isWorkingDay: (date) => working(dayNumber(date)),
    addWorkingDays,
    workingDaysBetween,
    pausedWorkingDays(pauses, today) {
      const limit = dayNumber(today) + 1;
      const spans = pauses
        .map((p) => {
          const start = dayNumber(p.from);
          const end = p.to === null ? limit : Math.min(dayNumber(p.to), limit);
          return [start, end] as const;
        })
        .filter(([start, end]) => end > start)
        .sort((x, y) => x[0] - y[0]);
      let total = 0;
      let cursor = -Infinity;
      for (const [start, end] of spans) {
        const from = Math.max(start, cursor);
        if (end > from) total += countHalfOpen(from, end);
        cursor = Math.max(cursor, end);
      }
      return total;
    },
    shiftDueDate: (due, pausedDays) => addWorkingDays(due, pausedDays),
    dueStatus(due, today, soonWithin = 1) {
      if (dayNumber(today) > dayNumber(due)) return "overdue";
      return workingDaysBetween(today, due) <= soonWithin ? "due_soon" : "on_time";
    },
  };
}
