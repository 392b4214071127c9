import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  groupTable,
  inGroup,
  statusesOn,
  upgradesPerPeriod,
  type CentreAttributes,
  type GroupLabels,
} from "~/domain/centre-figures";
import { orderEvents, type CentreEvent } from "~/domain/counting";
import { periodOf, periodSpansBetween } from "~/domain/figure-periods";
import { median, serviceRow, serviceTables, toFacts, type RawRequest } from "~/domain/service-figures";
import { storedDeadlines } from "~/domain/request-clock";
import { addCalendarDays, createWorkingCalendar } from "~/domain/working-days";

const label = (key: string) => ({ "zh-CN": key, en: key });

describe("periods of the series and upgrade tables", () => {
  it("cut a range into whole months, quarters and years, the last ending on the range's end", () => {
    expect(periodSpansBetween("2024-02-15", "2024-08-10", "quarter")).toEqual([
      { key: "2024-Q1", start: "2024-01-01", end: "2024-03-31" },
      { key: "2024-Q2", start: "2024-04-01", end: "2024-06-30" },
      { key: "2024-Q3", start: "2024-07-01", end: "2024-08-10" },
    ]);
    expect(periodOf("2024-02-15", "month")).toEqual({ key: "2024-02", start: "2024-02-01", end: "2024-02-29" });
    expect(periodOf("2023-02-15", "year")).toEqual({ key: "2023", start: "2023-01-01", end: "2023-12-31" });
  });

  it("follow each other without a gap and hold every day of the range", () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addCalendarDays("2015-01-01", n));
    fc.assert(
      fc.property(day, day, fc.constantFrom("month" as const, "quarter" as const, "year" as const), (a, b, interval) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const periods = periodSpansBetween(from, to, interval);
        expect(periods[0]!.start <= from).toBe(true);
        expect(periods.at(-1)!.end).toBe(to);
        for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(addCalendarDays(periods[i - 1]!.end, 1));
      }),
    );
  });
});

describe("centre figures from statuses", () => {
  const attributes = (over: Partial<CentreAttributes>): CentreAttributes => ({
    type: "rd_centre",
    districtCode: "haidian",
    parkCode: null,
    countryCode: "US",
    stage: "lead",
    industries: [],
    ...over,
  });
  const centres = new Map([
    ["A", attributes({ parkCode: "zgc", industries: ["ai", "health"] })],
    ["B", attributes({ districtCode: "chaoyang", industries: ["ai"] })],
    ["C", attributes({ stage: "landed" })],
  ]);
  const events: CentreEvent[] = orderEvents([
    { centreId: "A", kind: "recognised", effectiveOn: "2023-01-10", batch: 1, level: "regional" },
    { centreId: "A", kind: "level_changed", effectiveOn: "2024-05-01", level: "global", fromLevel: "regional" },
    { centreId: "B", kind: "recognised", effectiveOn: "2023-07-01", batch: 2, level: "regional" },
    { centreId: "B", kind: "level_changed", effectiveOn: "2024-02-01", level: "greater_regional", fromLevel: "regional" },
  ]) as CentreEvent[];
  const ref: GroupLabels = {
    label: (_d, key) => label(key),
    order: (d) => (d === "district" ? ["dongcheng", "haidian", "chaoyang"] : null),
  };

  it("list every known group in order (with 0), then the centres without a value", () => {
    const on = statusesOn(events, centres, null, "2024-06-30", "2024-06-30").filter((c) => c.recognised);
    expect(groupTable(on, "district", ref).groups.map((g) => [g.key, g.count])).toEqual([
      ["dongcheng", 0],
      ["haidian", 1],
      ["chaoyang", 1],
    ]);
    const parks = groupTable(on, "park", ref);
    expect(parks.groups.map((g) => [g.key, g.count])).toEqual([
      ["zgc", 1],
      ["_none", 1],
    ]);
    expect(parks.unassigned).toBe(1);
    // Industries overlap: A counts in both of its fields.
    const industries = groupTable(on, "industry", ref);
    expect(industries).toMatchObject({ total: 2, overlapping: true });
    expect(industries.groups.find((g) => g.key === "ai")!.count).toBe(2);
    expect(on.filter((c) => inGroup(c, "park", "_none")).map((c) => c.centreId)).toEqual(["B"]);
  });

  it("give a centre without stage events its cached stage from today on only", () => {
    const stages = new Map([["A", "recognised"]]);
    const today = statusesOn(events, centres, stages, "2024-06-30", "2024-06-30");
    expect(today.map((c) => c.stage)).toEqual(["recognised", "lead", "landed"]);
    const before = statusesOn(events, centres, stages, "2024-01-01", "2024-06-30");
    expect(before.map((c) => c.stage)).toEqual(["recognised", null, null]);
  });

  it("count each upgrade once, in its period and by its move", () => {
    const periods = periodSpansBetween("2023-01-10", "2024-06-30", "year").map((p) => ({ ...p, label: label(p.key) }));
    const upgrades = upgradesPerPeriod(events, periods, "2024-06-30");
    expect(upgrades.total).toBe(2);
    expect(upgrades.byMove).toEqual({ "regional>greater_regional": 1, "regional>global": 1, "greater_regional>global": 0 });
    expect(upgrades.periods.map((p) => [p.key, p.count])).toEqual([
      ["2023", 0],
      ["2024", 2],
    ]);
  });
});

describe("service figures from requests", () => {
  const calendar = createWorkingCalendar();
  // The stored current deadline, as every write keeps it (storedDeadlines).
  const raw = (over: Partial<RawRequest>): RawRequest =>
    withDeadline({
      id: "r",
      receiptNo: "RQ-2026-000001",
      centreId: "A",
      categoryCode: "tax",
      stewardId: null,
      status: "submitted",
      submittedOn: "2026-03-02",
      acceptDueOn: "2026-03-03",
      answerDueOn: "2026-03-09",
      respondedOn: null,
      answeredOn: null,
      rating: null,
      departments: null,
      ...over,
    });
  const withDeadline = (r: Omit<RawRequest, "currentDeadlineOn"> & { currentDeadlineOn?: string | null }): RawRequest => ({
    ...r,
    currentDeadlineOn:
      r.currentDeadlineOn !== undefined
        ? r.currentDeadlineOn
        : storedDeadlines(r.status, { acceptDueOn: r.acceptDueOn, firstContactDueOn: null, answerDueOn: r.answerDueOn })
            .currentDeadlineOn,
  });

  it("read what happened to a request: response on time, resolution, working days, overdue now", () => {
    const late = toFacts(raw({}), "2026-03-04", calendar);
    expect(late).toMatchObject({ respondedOnTime: false, resolved: false, overdue: true, dueOn: "2026-03-03" });
    expect(toFacts(raw({}), "2026-03-03", calendar)).toMatchObject({ respondedOnTime: null, overdue: false });
    const answered = toFacts(
      raw({ status: "closed", respondedOn: "2026-03-03", answeredOn: "2026-03-06", departments: "tax_bureau,customs" }),
      "2026-03-20",
      calendar,
    );
    expect(answered).toMatchObject({
      respondedOnTime: true,
      resolved: true,
      workingDaysToAnswer: 4,
      overdue: false,
      departments: ["tax_bureau", "customs"],
    });
    expect(toFacts(raw({ status: "rejected", respondedOn: "2026-03-02" }), "2026-03-20", calendar).resolved).toBeNull();
  });

  it("rate a group over the requests decided, resolvable and rated", () => {
    const facts = [
      toFacts(
        raw({ status: "closed", respondedOn: "2026-03-03", answeredOn: "2026-03-06", rating: "satisfied" }),
        "2026-03-20",
        calendar,
      ),
      toFacts(raw({ status: "in_progress", respondedOn: "2026-03-05", rating: null }), "2026-03-20", calendar),
      toFacts(
        raw({ status: "answered", respondedOn: "2026-03-02", answeredOn: "2026-03-04", rating: "dissatisfied" }),
        "2026-03-20",
        calendar,
      ),
    ];
    const row = serviceRow("all", label("all"), facts, 1);
    expect(row).toMatchObject({
      volume: 3,
      response: { count: 2, of: 3 },
      resolution: { count: 2, of: 3 },
      satisfaction: { count: 1, of: 2, rate: 0.5 },
      answered: 2,
      medianWorkingDays: 3,
      overdueNow: 1,
    });
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
  });

  it("list active categories without requests, count a request in each department, stewards busiest first", () => {
    const facts = [
      toFacts(raw({ id: "1", stewardId: "s1", departments: "d1,d2" }), "2026-03-03", calendar),
      toFacts(raw({ id: "2", stewardId: "s2" }), "2026-03-03", calendar),
      toFacts(raw({ id: "3", stewardId: "s2" }), "2026-03-03", calendar),
    ];
    const overdue = [toFacts(raw({ id: "4", categoryCode: "ip", stewardId: "s3" }), "2026-03-10", calendar)];
    const tables = serviceTables(facts, overdue, {
      label: (_d, key) => label(key),
      order: { category: ["customs", "tax", "space"], department: ["d1", "d2"], steward: [] },
      activeCategories: new Set(["customs", "tax"]),
    });
    expect(tables.category.map((r) => [r.key, r.volume, r.overdueNow])).toEqual([
      ["customs", 0, 0],
      ["tax", 3, 0],
      ["ip", 0, 1],
    ]);
    expect(tables.department.map((r) => [r.key, r.volume])).toEqual([
      ["d1", 1],
      ["d2", 1],
      ["_none", 2],
    ]);
    expect(tables.steward.map((r) => r.key)).toEqual(["s2", "s1", "s3"]);
  });
});
