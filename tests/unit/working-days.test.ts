import fc from "fast-check";
import { describe, it, expect } from "vitest";
import chineseDays from "chinese-days";
import packageData from "chinese-days/dist/chinese-days.json";
import {
  addCalendarDays,
  calendarDaysBetween,
  calendarOverrideSchema,
  createWorkingCalendar,
  isIsoDate,
  packageCalendarCoverage,
  type CalendarOverride,
} from "~/domain/working-days";

const cal = createWorkingCalendar();

/** Every date from `from` to `to` inclusive. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe("calendar-day helpers", () => {
  it("accepts only real YYYY-MM-DD dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-2-1")).toBe(false);
    expect(isIsoDate("2026-02-01T00:00:00Z")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("adds and subtracts calendar days across months, years and leap days", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addCalendarDays("2026-03-29", 1)).toBe("2026-03-30"); // a DST date elsewhere
  });

  it("counts calendar days between dates", () => {
    expect(calendarDaysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(calendarDaysBetween("2026-03-01", "2026-02-01")).toBe(-28);
    expect(calendarDaysBetween("2026-05-05", "2026-05-05")).toBe(0);
  });

  it("rejects malformed dates with a RangeError", () => {
    expect(() => addCalendarDays("2026/01/01", 1)).toThrow(RangeError);
    expect(() => cal.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => cal.workingDaysBetween("yesterday", "2026-01-01")).toThrow(RangeError);
  });
});

describe("what chinese-days covers", () => {
  it("detects that the installed release covers 2004 through 2026", () => {
    expect(packageCalendarCoverage()).toEqual({ fromYear: 2004, throughYear: 2026 });
    expect(cal.knownThrough).toBe("2026-12-31");
    expect(cal.knownYears[0]).toBe(2004);
    expect(cal.knownYears.at(-1)).toBe(2026);
    expect(cal.isKnownDate("2026-12-31")).toBe(true);
    expect(cal.isKnownDate("2027-01-01")).toBe(false);
    expect(cal.isKnownDate("2003-12-31")).toBe(false);
  });

  it("the package alone would call New Year's Day 2027 a working day (why the flag exists)", () => {
    expect(chineseDays.isWorkday(new Date(Date.UTC(2027, 0, 1)))).toBe(true);
  });

  it("agrees with the package's published JSON on every day from 2004 to 2026", () => {
    const holidays = packageData.holidays as Record<string, string>;
    const workdays = packageData.workdays as Record<string, string>;
    const mismatches: string[] = [];
    for (const d of datesFrom("2004-01-01", "2026-12-31")) {
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      const expected = d in workdays ? true : d in holidays ? false : weekday !== 0 && weekday !== 6;
      if (cal.isWorkingDay(d) !== expected) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("isWorkingDay on the 2026 official calendar", () => {
  it("ordinary weekends are off, weekdays are on", () => {
    expect(cal.isWorkingDay("2026-03-06")).toBe(true); // Fri
    expect(cal.isWorkingDay("2026-03-07")).toBe(false); // Sat
    expect(cal.isWorkingDay("2026-03-08")).toBe(false); // Sun
    expect(cal.isWorkingDay("2026-03-09")).toBe(true); // Mon
  });

  it("New Year: Jan 1–3 off, Sunday Jan 4 is an adjusted working day", () => {
    expect(cal.isWorkingDay("2025-12-31")).toBe(true);
    expect(cal.isWorkingDay("2026-01-01")).toBe(false); // Thu
    expect(cal.isWorkingDay("2026-01-02")).toBe(false); // Fri
    expect(cal.isWorkingDay("2026-01-03")).toBe(false); // Sat
    expect(cal.isWorkingDay("2026-01-04")).toBe(true); // Sun, 调休
    expect(cal.isWorkingDay("2026-01-05")).toBe(true);
  });

  it("Spring Festival: Feb 15–23 off; Saturdays Feb 14 and Feb 28 are working days", () => {
    expect(cal.isWorkingDay("2026-02-13")).toBe(true); // Fri
    expect(cal.isWorkingDay("2026-02-14")).toBe(true); // Sat, 调休
    for (const d of datesFrom("2026-02-15", "2026-02-23")) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay("2026-02-24")).toBe(true); // Tue
    expect(cal.isWorkingDay("2026-02-28")).toBe(true); // Sat, 调休
    expect(cal.isWorkingDay("2026-03-01")).toBe(false); // Sun
    const detail = chineseDays.getDayDetail(new Date(Date.UTC(2026, 1, 15)));
    expect(detail.name).toContain("Spring Festival");
  });

  it("Mid-autumn and National Day: Sep 25–27 and Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked", () => {
    expect(cal.isWorkingDay("2026-09-20")).toBe(true); // Sun, 调休
    expect(cal.isWorkingDay("2026-09-25")).toBe(false); // Fri, Mid-autumn
    expect(cal.isWorkingDay("2026-09-28")).toBe(true);
    expect(cal.isWorkingDay("2026-09-30")).toBe(true);
    for (const d of datesFrom("2026-10-01", "2026-10-07")) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay("2026-10-08")).toBe(true); // Thu
    expect(cal.isWorkingDay("2026-10-09")).toBe(true); // Fri
    expect(cal.isWorkingDay("2026-10-10")).toBe(true); // Sat, 调休
    expect(cal.isWorkingDay("2026-10-11")).toBe(false); // Sun
  });

  it("has 248 working days in 2026 and 21 in January 2026", () => {
    expect(cal.workingDaysBetween("2025-12-31", "2026-12-31")).toBe(248);
    expect(cal.workingDaysBetween("2025-12-31", "2026-01-31")).toBe(21);
  });
});

describe("addWorkingDays", () => {
  it("skips a normal weekend", () => {
    expect(cal.addWorkingDays("2026-03-06", 1)).toEqual({ date: "2026-03-09", beyondKnownCalendar: false });
    expect(cal.addWorkingDays("2026-03-07", 1).date).toBe("2026-03-09"); // from a Saturday
    expect(cal.addWorkingDays("2026-03-09", 5).date).toBe("2026-03-16");
  });

  it("lands on adjusted Saturday working days and skips the Spring Festival", () => {
    expect(cal.addWorkingDays("2026-02-13", 1).date).toBe("2026-02-14");
    expect(cal.addWorkingDays("2026-02-14", 1).date).toBe("2026-02-24");
    expect(cal.addWorkingDays("2026-02-13", 5).date).toBe("2026-02-27");
    expect(cal.addWorkingDays("2026-02-13", 6).date).toBe("2026-02-28");
    expect(cal.addWorkingDays("2026-02-18", 1).date).toBe("2026-02-24"); // from inside the holiday
  });

  it("skips National Day and uses Saturday Oct 10", () => {
    expect(cal.addWorkingDays("2026-09-30", 1).date).toBe("2026-10-08");
    expect(cal.addWorkingDays("2026-09-30", 3).date).toBe("2026-10-10");
    expect(cal.addWorkingDays("2026-09-24", 1).date).toBe("2026-09-28");
  });

  it("n = 0 returns the start; negative n counts backwards", () => {
    expect(cal.addWorkingDays("2026-02-15", 0)).toEqual({ date: "2026-02-15", beyondKnownCalendar: false });
    expect(cal.addWorkingDays("2026-02-24", -1).date).toBe("2026-02-14");
    expect(cal.addWorkingDays("2026-10-08", -1).date).toBe("2026-09-30");
    expect(cal.addWorkingDays("2026-01-05", -1).date).toBe("2026-01-04");
    expect(cal.addWorkingDays("2026-01-04", -1).date).toBe("2025-12-31");
  });

  it("rejects fractional day counts", () => {
    expect(() => cal.addWorkingDays("2026-03-02", 1.5)).toThrow(RangeError);
  });

  it("is the inverse of workingDaysBetween", () => {
    for (const start of ["2026-01-01", "2026-02-13", "2026-09-18", "2026-12-20"]) {
      for (let n = 1; n <= 15; n++) {
        const { date } = cal.addWorkingDays(start, n);
        expect(cal.isWorkingDay(date)).toBe(true);
        expect(cal.workingDaysBetween(start, date)).toBe(n);
        expect(cal.addWorkingDays(date, -n).date <= start).toBe(true);
      }
    }
  });

  it("flags results that pass beyond the known calendar", () => {
    expect(cal.addWorkingDays("2026-12-30", 1)).toEqual({ date: "2026-12-31", beyondKnownCalendar: false });
    expect(cal.addWorkingDays("2026-12-31", 1)).toEqual({ date: "2027-01-01", beyondKnownCalendar: true });
    expect(cal.addWorkingDays("2026-12-31", 5).beyondKnownCalendar).toBe(true);
    expect(cal.addWorkingDays("2027-03-01", 0).beyondKnownCalendar).toBe(true);
    expect(cal.addWorkingDays("2027-01-05", -3)).toEqual({ date: "2026-12-31", beyondKnownCalendar: true });
  });
});

describe("workingDaysBetween", () => {
  it("counts working days after `from` up to and including `to`", () => {
    expect(cal.workingDaysBetween("2026-02-13", "2026-02-24")).toBe(2); // Feb 14, Feb 24
    expect(cal.workingDaysBetween("2026-09-30", "2026-10-10")).toBe(3);
    expect(cal.workingDaysBetween("2026-03-06", "2026-03-08")).toBe(0); // a weekend
    expect(cal.workingDaysBetween("2026-03-06", "2026-03-09")).toBe(1);
  });

  it("is 0 for the same day and negative when `to` is earlier", () => {
    expect(cal.workingDaysBetween("2026-03-09", "2026-03-09")).toBe(0);
    expect(cal.workingDaysBetween("2026-02-24", "2026-02-13")).toBe(-2);
    expect(cal.workingDaysBetween("2026-10-10", "2026-09-30")).toBe(-3);
  });
});

describe("admin overrides", () => {
  // Hypothetical 2027 entries, as an admin would type them once announced.
  const overrides2027: CalendarOverride[] = [
    { date: "2027-01-01", kind: "holiday" }, // Fri
    { date: "2027-02-06", kind: "holiday" }, // Sat (already off)
    { date: "2027-02-08", kind: "holiday" }, // Mon
    { date: "2027-02-09", kind: "holiday" }, // Tue
    { date: "2027-02-20", kind: "workday" }, // Sat
  ];
  const cal2027 = createWorkingCalendar(overrides2027, { completeYears: [2027] });
  const cal2027Partial = createWorkingCalendar(overrides2027);

  it("changes working days in a year the package does not know", () => {
    expect(cal.isWorkingDay("2027-01-01")).toBe(true);
    expect(cal2027.isWorkingDay("2027-01-01")).toBe(false);
    expect(cal2027.isWorkingDay("2027-02-08")).toBe(false);
    expect(cal2027.isWorkingDay("2027-02-20")).toBe(true);
    expect(cal.isWorkingDay("2027-02-20")).toBe(false);
    expect(cal2027.isWorkingDay("2027-02-10")).toBe(true); // no override: weekday rule
  });

  it("makes a year known only when marked complete, and then moves knownThrough", () => {
    expect(cal2027.knownThrough).toBe("2027-12-31");
    expect(cal2027.isKnownDate("2027-06-01")).toBe(true);
    expect(cal2027.knownYears.at(-1)).toBe(2027);
    expect(cal2027.addWorkingDays("2026-12-31", 1)).toEqual({ date: "2027-01-04", beyondKnownCalendar: false });
    expect(cal2027.addWorkingDays("2027-02-05", 1)).toEqual({ date: "2027-02-10", beyondKnownCalendar: false });
    expect(cal.addWorkingDays("2027-02-05", 1).date).toBe("2027-02-08");
    expect(cal2027.addWorkingDays("2027-12-31", 1).beyondKnownCalendar).toBe(true);
    expect(cal2027.workingDaysBetween("2027-02-19", "2027-02-22")).toBe(2); // Sat 20, Mon 22
    // The same overrides without the mark: the dates are honoured, the year stays flagged.
    expect(cal2027Partial.addWorkingDays("2026-12-31", 1)).toEqual({ date: "2027-01-04", beyondKnownCalendar: true });
    expect(cal2027Partial.isKnownDate("2027-06-01")).toBe(false);
    expect(cal2027Partial.knownThrough).toBe("2026-12-31");
  });

  it("one entered holiday does not make its year known; a gap before a complete year does not extend knownThrough", () => {
    const c = createWorkingCalendar([{ date: "2029-10-01", kind: "holiday" }]);
    expect(c.isKnownDate("2029-03-01")).toBe(false);
    const marked = createWorkingCalendar([{ date: "2029-10-01", kind: "holiday" }], { completeYears: [2029] });
    expect(marked.knownThrough).toBe("2026-12-31");
    expect(marked.isKnownDate("2029-03-01")).toBe(true);
    expect(marked.isKnownDate("2028-03-01")).toBe(false);
    expect(marked.addWorkingDays("2029-03-01", 1).beyondKnownCalendar).toBe(false);
  });

  it("says whether a range of dates lies wholly in known years", () => {
    expect(cal.rangeKnown("2026-12-01", "2026-12-31")).toBe(true);
    expect(cal.rangeKnown("2026-12-20", "2027-01-08")).toBe(false);
    expect(cal.rangeKnown("2027-01-08", "2026-12-20")).toBe(false);
    expect(cal2027.rangeKnown("2026-12-20", "2027-01-08")).toBe(true);
  });

  it("win over the package for a date it knows; the last override for a date wins", () => {
    const c = createWorkingCalendar([
      { date: "2026-10-08", kind: "workday" },
      { date: "2026-10-08", kind: "holiday" },
      { date: "2026-10-03", kind: "workday" },
    ]);
    expect(c.isWorkingDay("2026-10-08")).toBe(false);
    expect(c.isWorkingDay("2026-10-03")).toBe(true);
    expect(c.addWorkingDays("2026-09-30", 1).date).toBe("2026-10-03");
    expect(c.addWorkingDays("2026-10-03", 1).date).toBe("2026-10-09");
    expect(cal.isWorkingDay("2026-10-08")).toBe(true); // other calendars unaffected
  });

  it("rejects invalid overrides", () => {
    expect(() => createWorkingCalendar([{ date: "2027-02-30", kind: "holiday" }])).toThrow();
    expect(() => createWorkingCalendar([{ date: "2027-02-01", kind: "vacation" } as unknown as CalendarOverride])).toThrow();
    expect(calendarOverrideSchema.safeParse({ date: "2027-02-01", kind: "workday" }).success).toBe(true);
    expect(calendarOverrideSchema.safeParse({ date: "01/02/2027", kind: "workday" }).success).toBe(false);
  });
});

describe("paused clock", () => {
  it("counts the referral day up to, not including, the day the answer is recorded", () => {
    // Referred Fri Feb 13, answer recorded Wed Feb 25: paused Feb 13, Sat 14 (调休), Tue 24.
    expect(cal.pausedWorkingDays([{ from: "2026-02-13", to: "2026-02-25" }], "2026-03-02")).toBe(3);
    expect(cal.pausedWorkingDays([{ from: "2026-03-09", to: "2026-03-10" }], "2026-03-20")).toBe(1);
    expect(cal.pausedWorkingDays([{ from: "2026-03-09", to: "2026-03-09" }], "2026-03-20")).toBe(0);
    expect(cal.pausedWorkingDays([{ from: "2026-09-30", to: "2026-10-08" }], "2026-10-20")).toBe(1);
  });

  it("an open pause runs through today", () => {
    expect(cal.pausedWorkingDays([{ from: "2026-02-13", to: null }], "2026-02-13")).toBe(1);
    expect(cal.pausedWorkingDays([{ from: "2026-02-13", to: null }], "2026-02-20")).toBe(2);
    expect(cal.pausedWorkingDays([{ from: "2026-02-13", to: null }], "2026-02-24")).toBe(3);
    expect(cal.pausedWorkingDays([{ from: "2026-03-07", to: null }], "2026-03-08")).toBe(0); // weekend
  });

  it("never counts days after today, nor pauses that start later", () => {
    expect(cal.pausedWorkingDays([{ from: "2026-03-09", to: "2026-03-20" }], "2026-03-10")).toBe(2);
    expect(cal.pausedWorkingDays([{ from: "2026-03-11", to: null }], "2026-03-10")).toBe(0);
  });

  it("adds separate pauses and counts overlaps once", () => {
    const separate = [
      { from: "2026-03-02", to: "2026-03-04" }, // Mon, Tue
      { from: "2026-03-09", to: "2026-03-10" }, // Mon
    ];
    expect(cal.pausedWorkingDays(separate, "2026-03-31")).toBe(3);
    const overlapping = [
      { from: "2026-03-04", to: "2026-03-11" }, // Wed..Tue = 5
      { from: "2026-03-02", to: "2026-03-06" }, // Mon..Thu, overlaps
      { from: "2026-03-10", to: null }, // Tue..today Fri 13, overlaps
    ];
    expect(cal.pausedWorkingDays(overlapping, "2026-03-13")).toBe(10);
    expect(cal.pausedWorkingDays([], "2026-03-13")).toBe(0);
  });

  it("shifts a due date by the paused working days", () => {
    expect(cal.shiftDueDate("2026-02-13", 3)).toEqual({ date: "2026-02-25", beyondKnownCalendar: false });
    expect(cal.shiftDueDate("2026-09-30", 2)).toEqual({ date: "2026-10-09", beyondKnownCalendar: false });
    expect(cal.shiftDueDate("2026-03-09", 0).date).toBe("2026-03-09");
    expect(cal.shiftDueDate("2026-12-30", 2)).toEqual({ date: "2027-01-01", beyondKnownCalendar: true });
  });

  it("due date with a pause equals the limit plus paused days from submission", () => {
    // Submitted Tue Feb 10, answer within 5 working days; referred Feb 12 until Feb 25.
    const due = cal.addWorkingDays("2026-02-10", 5).date;
    expect(due).toBe("2026-02-24"); // Feb 11, 12, 13, Sat 14, Tue 24
    const paused = cal.pausedWorkingDays([{ from: "2026-02-12", to: "2026-02-25" }], "2026-02-26");
    expect(paused).toBe(4); // Feb 12, 13, 14, 24
    expect(cal.shiftDueDate(due, paused).date).toBe(cal.addWorkingDays("2026-02-10", 5 + paused).date);
    expect(cal.shiftDueDate(due, paused).date).toBe("2026-02-28"); // Feb 25, 26, 27, Sat 28
  });
});

describe("dueStatus", () => {
  it("is overdue only once the due date has passed", () => {
    expect(cal.dueStatus("2026-02-24", "2026-02-25")).toBe("overdue");
    expect(cal.dueStatus("2026-02-24", "2026-02-24")).toBe("due_soon");
  });

  it("is due soon within the given number of working days", () => {
    expect(cal.dueStatus("2026-02-24", "2026-02-14")).toBe("due_soon"); // 1 working day left
    expect(cal.dueStatus("2026-02-24", "2026-02-20")).toBe("due_soon"); // inside the holiday
    expect(cal.dueStatus("2026-02-24", "2026-02-13")).toBe("on_time"); // 2 left
    expect(cal.dueStatus("2026-02-24", "2026-02-13", 2)).toBe("due_soon");
    expect(cal.dueStatus("2026-03-09", "2026-03-06")).toBe("due_soon"); // Fri -> Mon
    expect(cal.dueStatus("2026-03-10", "2026-03-06")).toBe("on_time");
    expect(cal.dueStatus("2026-03-10", "2026-03-09", 0)).toBe("on_time");
    expect(cal.dueStatus("2026-03-09", "2026-03-09", 0)).toBe("due_soon");
  });
});

describe("working-day arithmetic against a day-by-day reference", () => {
  /** The definition, one day at a time: what the binary searches must agree with. */
  function stepwise(calendar: ReturnType<typeof createWorkingCalendar>, start: string, n: number) {
    let day = start;
    let remaining = Math.abs(n);
    let beyond = n === 0 ? !calendar.isKnownDate(start) : false;
    while (remaining > 0) {
      day = addCalendarDays(day, Math.sign(n));
      if (!calendar.isKnownDate(day)) beyond = true;
      if (calendar.isWorkingDay(day)) remaining--;
    }
    return { date: day, beyondKnownCalendar: beyond };
  }
  const dateIn = (fromYear: number, toYear: number) =>
    fc
      .integer({ min: Date.UTC(fromYear, 0, 1) / 86_400_000, max: Date.UTC(toYear, 11, 31) / 86_400_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
  const overrides = fc.array(
    fc.record({ date: dateIn(2025, 2029), kind: fc.constantFrom("holiday" as const, "workday" as const) }),
    { maxLength: 12 },
  );

  it("adds and counts working days exactly as stepping day by day does", () => {
    fc.assert(
      fc.property(overrides, dateIn(2023, 2028), fc.integer({ min: -400, max: 400 }), (list, start, n) => {
        const calendar = createWorkingCalendar(list);
        const result = calendar.addWorkingDays(start, n);
        expect(result).toEqual(stepwise(calendar, start, n));
        if (n > 0) expect(calendar.workingDaysBetween(start, result.date)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it("answers for a date in 9999 at once (no day-by-day loop over eight thousand years)", () => {
    const calendar = createWorkingCalendar();
    // Beyond the package only the weekday rule applies: Monday to Monday 415,853 weeks later.
    expect(calendar.workingDaysBetween("2030-01-07", "9999-12-27")).toBe(415_853 * 5);
    expect(calendar.addWorkingDays("2030-01-07", 415_853 * 5)).toEqual({ date: "9999-12-27", beyondKnownCalendar: true });
    expect(calendar.addWorkingDays("2030-01-07", 5).date).toBe("2030-01-14");
    expect(calendar.addWorkingDays("9999-12-20", -5)).toEqual({ date: "9999-12-13", beyondKnownCalendar: true });
    expect(calendar.workingDaysBetween("2030-01-07", "2030-01-14")).toBe(5);
  });
});
