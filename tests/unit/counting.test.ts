import fc from "fast-check";
import { describe, it, expect } from "vitest";
import {
  centreHistory,
  countRecognised,
  historyConflicts,
  cumulativeSeries,
  groupCount,
  orderEvents,
  recognisedOn,
  upgradesBetween,
  type CentreEvent,
  type CentreStatus,
} from "~/domain/counting";

/**
 * Hand-built history (deliberately not in date order):
 * A: lead 2021-05-01; recognised batch 1 regional 2022-03-15; → greater_regional 2023-06-01;
 *    → global 2024-09-10 (no fromLevel recorded).
 * B: recognised batch 1 global 2022-03-15; withdrawn 2024-01-31; re-recognised batch 6 regional 2025-02-01.
 * C: recognised batch 3 greater_regional 2023-07-20; down to regional 2024-03-01.
 * D: stage events only, never recognised.
 * E: recognised batch 5 with no level 2024-07-10; first level (global) 2025-01-15.
 * F: recognised batch 4 regional 2024-01-10; withdrawn 2024-06-30 and re-recognised
 *    2024-07-01 (batch 5, no level given); a same-day withdrawal test swaps its dates.
 * G: recognised and withdrawn on 2025-03-01 with no recording times.
 */
const history: CentreEvent[] = [
  { centreId: "A", kind: "level_changed", effectiveOn: "2024-09-10", level: "global" },
  { centreId: "B", kind: "recognised", effectiveOn: "2022-03-15", batch: 1, level: "global" },
  { centreId: "A", kind: "stage_changed", effectiveOn: "2021-05-01", stage: "lead" },
  { centreId: "A", kind: "recognised", effectiveOn: "2022-03-15", batch: 1, level: "regional" },
  { centreId: "A", kind: "stage_changed", effectiveOn: "2022-03-15", stage: "recognised" },
  { centreId: "A", kind: "level_changed", effectiveOn: "2023-06-01", fromLevel: "regional", level: "greater_regional" },
  { centreId: "C", kind: "recognised", effectiveOn: "2023-07-20", batch: 3, level: "greater_regional" },
  { centreId: "B", kind: "withdrawn", effectiveOn: "2024-01-31" },
  { centreId: "C", kind: "level_changed", effectiveOn: "2024-03-01", fromLevel: "greater_regional", level: "regional" },
  { centreId: "D", kind: "stage_changed", effectiveOn: "2023-01-01", stage: "lead" },
  { centreId: "D", kind: "stage_changed", effectiveOn: "2024-05-05", stage: "in_contact" },
  { centreId: "E", kind: "recognised", effectiveOn: "2024-07-10", batch: 5, level: null },
  { centreId: "E", kind: "level_changed", effectiveOn: "2025-01-15", fromLevel: null, level: "global" },
  { centreId: "B", kind: "recognised", effectiveOn: "2025-02-01", batch: 6, level: "regional" },
  {
    centreId: "F",
    kind: "recognised",
    effectiveOn: "2024-07-01",
    batch: 5,
    recordedAt: "2024-07-01T10:00:00Z",
  },
  {
    centreId: "F",
    kind: "withdrawn",
    effectiveOn: "2024-06-30",
    recordedAt: "2024-07-01T09:00:00Z",
  },
  {
    centreId: "F",
    kind: "recognised",
    effectiveOn: "2024-01-10",
    batch: 4,
    level: "regional",
    recordedAt: "2024-01-12T10:00:00Z",
  },
  { centreId: "G", kind: "withdrawn", effectiveOn: "2025-03-01" },
  { centreId: "G", kind: "recognised", effectiveOn: "2025-03-01", batch: 7, level: "regional" },
];

function statusOf(centreId: string, date: string, events = history): CentreStatus {
  const s = recognisedOn(events, date).find((x) => x.centreId === centreId);
  if (!s) throw new Error(`no status for ${centreId}`);
  return s;
}

function recognisedIds(date: string, events = history): string[] {
  return recognisedOn(events, date)
    .filter((s) => s.recognised)
    .map((s) => s.centreId)
    .sort();
}

describe("recognisedOn / countRecognised", () => {
  it("lists every centre in order of first appearance, even before its first event", () => {
    expect(recognisedOn(history, "2020-01-01").map((s) => s.centreId)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(statusOf("A", "2020-01-01")).toEqual({
      centreId: "A",
      recognised: false,
      withdrawn: false,
      level: null,
      batch: null,
      firstRecognisedOn: null,
      firstRecognisedYear: null,
      stage: null,
    });
  });

  it("counts a centre from its recognition date on, not before", () => {
    expect(countRecognised(history, "2022-03-14")).toBe(0);
    expect(countRecognised(history, "2022-03-15")).toBe(2);
    expect(statusOf("A", "2022-03-15")).toEqual({
      centreId: "A",
      recognised: true,
      withdrawn: false,
      level: "regional",
      batch: 1,
      firstRecognisedOn: "2022-03-15",
      firstRecognisedYear: 2022,
      stage: "recognised",
    });
    expect(statusOf("A", "2022-03-14").stage).toBe("lead");
    expect(countRecognised(history, "2023-07-19")).toBe(2);
    expect(countRecognised(history, "2023-07-20")).toBe(3);
  });

  it("takes the level of the latest level event on or before the date", () => {
    expect(statusOf("A", "2023-05-31").level).toBe("regional");
    expect(statusOf("A", "2023-06-01").level).toBe("greater_regional");
    expect(statusOf("A", "2024-09-09").level).toBe("greater_regional");
    expect(statusOf("A", "2024-09-10").level).toBe("global");
    expect(statusOf("C", "2024-02-29").level).toBe("greater_regional");
    expect(statusOf("C", "2024-03-01").level).toBe("regional");
  });

  it("an upgrade moves a centre between levels without counting it twice", () => {
    expect(countRecognised(history, "2024-09-09")).toBe(countRecognised(history, "2024-09-10"));
  });

  it("a withdrawal stops the count from its effective date", () => {
    expect(recognisedIds("2024-01-30")).toEqual(["A", "B", "C", "F"]);
    expect(recognisedIds("2024-01-31")).toEqual(["A", "C", "F"]);
    const b = statusOf("B", "2024-01-31");
    expect(b.recognised).toBe(false);
    expect(b.withdrawn).toBe(true);
    expect(b.level).toBe("global");
    expect(b.batch).toBe(1);
  });

  it("a re-recognition counts again but keeps the first batch and year", () => {
    expect(statusOf("B", "2025-01-31").recognised).toBe(false);
    expect(statusOf("B", "2025-02-01")).toEqual({
      centreId: "B",
      recognised: true,
      withdrawn: false,
      level: "regional",
      batch: 1,
      firstRecognisedOn: "2022-03-15",
      firstRecognisedYear: 2022,
      stage: null,
    });
    expect(recognisedIds("2025-02-01")).toEqual(["A", "B", "C", "E", "F"]);
  });

  it("a recognition without a level leaves the level unknown until a level event", () => {
    expect(statusOf("E", "2024-07-10")).toMatchObject({ recognised: true, level: null, batch: 5 });
    expect(statusOf("E", "2025-01-14").level).toBeNull();
    expect(statusOf("E", "2025-01-15").level).toBe("global");
  });

  it("a same-day withdrawal comes after a recognition whatever the recording order", () => {
    expect(statusOf("F", "2024-06-29")).toMatchObject({ recognised: true, batch: 4 });
    expect(statusOf("F", "2024-06-30")).toMatchObject({ recognised: false, withdrawn: true, batch: 4, level: "regional" });
    expect(statusOf("F", "2024-07-01")).toMatchObject({ recognised: true, withdrawn: false, batch: 4, level: "regional" });
    // Move the re-recognition onto the withdrawal's day, recorded before or after it: withdrawn that day.
    for (const recordedAt of ["2024-07-01T08:00:00Z", "2024-07-01T11:00:00Z"]) {
      const sameDay = history.map((e) =>
        e.centreId === "F" && e.batch === 5 ? { ...e, effectiveOn: "2024-06-30", recordedAt } : e,
      );
      const f = statusOf("F", "2024-06-30", sameDay);
      expect(f).toMatchObject({ recognised: false, withdrawn: true, batch: 4, level: "regional" });
      expect(f.firstRecognisedOn).toBe("2024-01-10");
    }
  });

  it("a recognition and an upgrade on the same day end at the upgraded level, typed in either order", () => {
    const levelFirst: CentreEvent[] = [
      { centreId: "S", kind: "level_changed", effectiveOn: "2024-05-06", level: "global", recordedAt: "2024-05-07T09:00:00Z" },
      {
        centreId: "S",
        kind: "recognised",
        effectiveOn: "2024-05-06",
        batch: 5,
        level: "regional",
        recordedAt: "2024-05-07T09:05:00Z",
      },
    ];
    const recognitionFirst = levelFirst.map((e) => ({
      ...e,
      recordedAt: e.kind === "recognised" ? "2024-05-07T09:00:00Z" : "2024-05-07T09:05:00Z",
    }));
    for (const events of [levelFirst, recognitionFirst]) {
      expect(statusOf("S", "2024-05-06", events)).toMatchObject({ recognised: true, level: "global", batch: 5 });
      expect(upgradesBetween(events, "2024-01-01", "2024-12-31")).toEqual([
        { centreId: "S", effectiveOn: "2024-05-06", from: "regional", to: "global" },
      ]);
      expect(cumulativeSeries(events, ["2024-05-06"])[0]!.byLevel.global).toBe(1);
      expect(centreHistory(events).level).toBe("global");
    }
  });

  it("without recording times, a same-day withdrawal takes effect after the recognition", () => {
    expect(statusOf("G", "2025-02-28")).toMatchObject({ recognised: false, withdrawn: false });
    expect(statusOf("G", "2025-03-01")).toMatchObject({
      recognised: false,
      withdrawn: true,
      batch: 7,
      firstRecognisedOn: "2025-03-01",
      firstRecognisedYear: 2025,
    });
    expect(countRecognised(history, "2025-03-01")).toBe(5);
  });

  it("stage events never make a centre recognised", () => {
    expect(statusOf("D", "2030-01-01")).toMatchObject({ recognised: false, withdrawn: false, stage: "in_contact" });
    expect(statusOf("D", "2024-05-04").stage).toBe("lead");
  });

  it("orders by effective date, then by meaning (kind, then content), then recording time", () => {
    const events: CentreEvent[] = [
      { centreId: "X", kind: "withdrawn", effectiveOn: "2024-01-01" },
      { centreId: "X", kind: "stage_changed", effectiveOn: "2024-01-01", stage: "s1", recordedAt: "2024-01-03T00:00:00Z" },
      { centreId: "X", kind: "recognised", effectiveOn: "2024-01-01", recordedAt: "2024-01-05T00:00:00Z" },
      { centreId: "X", kind: "level_changed", effectiveOn: "2024-01-01", level: "global", recordedAt: "2024-01-01T00:00:00Z" },
      {
        centreId: "X",
        kind: "level_changed",
        effectiveOn: "2024-01-01",
        level: "greater_regional",
        recordedAt: "2024-01-09T00:00:00Z",
      },
      { centreId: "X", kind: "stage_changed", effectiveOn: "2023-12-31", stage: "s0" },
      { centreId: "X", kind: "stage_changed", effectiveOn: "2024-01-01", stage: "s2", recordedAt: "2024-01-02T00:00:00Z" },
    ];
    expect(orderEvents(events).map((e) => `${e.effectiveOn} ${e.kind} ${e.level ?? e.stage ?? "-"}`)).toEqual([
      "2023-12-31 stage_changed s0",
      "2024-01-01 recognised -",
      "2024-01-01 level_changed greater_regional",
      "2024-01-01 level_changed global",
      // Stage moves of one day keep the order they were made in.
      "2024-01-01 stage_changed s2",
      "2024-01-01 stage_changed s1",
      "2024-01-01 withdrawn -",
    ]);
    expect(orderEvents(events)).not.toBe(events);
    // An ordered list is frozen and passes through again without a new sort.
    const once = orderEvents(events);
    expect(Object.isFrozen(once)).toBe(true);
    expect(orderEvents(once)).toBe(once);
    expect(events[0]!.kind).toBe("withdrawn"); // input untouched
  });
});

describe("groupCount", () => {
  const statuses = recognisedOn(history, "2025-03-01");

  it("groups recognised centres by level", () => {
    expect(groupCount(statuses, (s) => s.level)).toEqual({
      groups: [
        { key: "regional", count: 3 },
        { key: "global", count: 2 },
      ],
      total: 5,
      unassigned: 0,
      overlapping: false,
    });
  });

  it("groups by batch (of first recognition) and by year", () => {
    expect(groupCount(statuses, (s) => s.batch).groups).toEqual([
      { key: "1", count: 2 },
      { key: "3", count: 1 },
      { key: "4", count: 1 },
      { key: "5", count: 1 },
    ]);
    expect(groupCount(statuses, (s) => s.firstRecognisedYear).groups).toEqual([
      { key: "2022", count: 2 },
      { key: "2024", count: 2 },
      { key: "2023", count: 1 },
    ]);
  });

  it("counts a centre once in each of several keys and says groups overlap", () => {
    const industries: Record<string, string[]> = {
      A: ["health", "ai"],
      B: ["health"],
      C: [],
      E: ["ai", "ai"],
      F: ["ic"],
      G: ["health"],
    };
    const result = groupCount(statuses, (s) => industries[s.centreId]);
    expect(result.groups).toEqual([
      { key: "ai", count: 2 },
      { key: "health", count: 2 },
      { key: "ic", count: 1 },
    ]);
    expect(result.total).toBe(5);
    expect(result.unassigned).toBe(1);
    expect(result.overlapping).toBe(true);
  });

  it("can include centres that are not recognised", () => {
    const result = groupCount(statuses, (s) => (s.recognised ? "yes" : s.withdrawn ? "withdrawn" : "never"), {
      includeNotRecognised: true,
    });
    expect(result.total).toBe(7);
    expect(result.groups).toEqual([
      { key: "yes", count: 5 },
      { key: "never", count: 1 },
      { key: "withdrawn", count: 1 },
    ]);
  });
});

describe("upgradesBetween", () => {
  it("finds level changes to a higher level, from the previous level derived from the events", () => {
    expect(upgradesBetween(history, "2020-01-01", "2030-12-31")).toEqual([
      { centreId: "A", effectiveOn: "2023-06-01", from: "regional", to: "greater_regional" },
      { centreId: "A", effectiveOn: "2024-09-10", from: "greater_regional", to: "global" },
    ]);
  });

  it("includes both ends of the period", () => {
    expect(upgradesBetween(history, "2023-06-01", "2023-06-01")).toHaveLength(1);
    expect(upgradesBetween(history, "2024-09-10", "2024-12-31")).toHaveLength(1);
    expect(upgradesBetween(history, "2023-06-02", "2024-09-09")).toEqual([]);
    expect(upgradesBetween(history, "2024-01-01", "2024-12-31").map((u) => u.effectiveOn)).toEqual(["2024-09-10"]);
  });

  it("ignores downgrades, first level assignments and level given at re-recognition", () => {
    const ids = upgradesBetween(history, "2020-01-01", "2030-12-31").map((u) => u.centreId);
    expect(ids).not.toContain("C");
    expect(ids).not.toContain("E");
    expect(ids).not.toContain("B");
  });

  it("takes 'from' as the level on the effective date, so a back-dated upgrade changes the next one's 'from'", () => {
    // Recognised regional 2023-03-01, global 2024-06-03 (stored from regional), then greater-regional
    // back-dated to 2023-09-01: two upgrades, regional→greater-regional and greater-regional→global.
    const events: CentreEvent[] = [
      { centreId: "H", kind: "recognised", effectiveOn: "2023-03-01", batch: 3, level: "regional" },
      {
        centreId: "H",
        kind: "level_changed",
        effectiveOn: "2024-06-03",
        fromLevel: "regional",
        level: "global",
        recordedAt: "2024-06-04T00:00:00Z",
      },
      {
        centreId: "H",
        kind: "level_changed",
        effectiveOn: "2023-09-01",
        fromLevel: "global",
        level: "greater_regional",
        recordedAt: "2024-07-01T00:00:00Z",
      },
    ];
    expect(upgradesBetween(events, "2023-01-01", "2024-12-31")).toEqual([
      { centreId: "H", effectiveOn: "2023-09-01", from: "regional", to: "greater_regional" },
      { centreId: "H", effectiveOn: "2024-06-03", from: "greater_regional", to: "global" },
    ]);
    expect(centreHistory(events).sequence.map((x) => x.levelBefore)).toEqual([null, "regional", "greater_regional"]);
  });
});

describe("cumulativeSeries", () => {
  it("gives the count and level split at each date, agreeing with countRecognised", () => {
    const dates = ["2022-03-14", "2022-03-15", "2024-01-31", "2024-07-10", "2025-03-01"];
    const series = cumulativeSeries(history, dates);
    expect(series.map((p) => p.count)).toEqual([0, 2, 3, 4, 5]);
    expect(series.map((p) => p.count)).toEqual(dates.map((d) => countRecognised(history, d)));
    expect(series[0]).toEqual({
      date: "2022-03-14",
      count: 0,
      byLevel: { regional: 0, greater_regional: 0, global: 0 },
      unknownLevel: 0,
    });
    expect(series[1]!.byLevel).toEqual({ regional: 1, greater_regional: 0, global: 1 });
    // 2024-07-10: A greater_regional, C regional, F regional, E unknown.
    expect(series[3]).toMatchObject({ byLevel: { regional: 2, greater_regional: 1, global: 0 }, unknownLevel: 1 });
    expect(series[4]!.byLevel).toEqual({ regional: 3, greater_regional: 0, global: 2 });
  });

  it("answers dates in the order asked, repeated dates included, from events ordered or not", () => {
    const dates = ["2025-03-01", "2022-03-15", "2025-03-01", "2024-01-31"];
    const expected = dates.map((d) => countRecognised(history, d));
    expect(cumulativeSeries(history, dates).map((p) => p.count)).toEqual(expected);
    expect(cumulativeSeries(orderEvents(history), dates).map((p) => p.count)).toEqual(expected);
  });

  it("agrees with recognisedOn on every date for random histories (one pass against one count per date)", () => {
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((n) => `2024-${String(1 + (n >> 5)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`);
    const level = fc.constantFrom("regional", "greater_regional", "global", null);
    const event = fc.record({
      centreId: fc.constantFrom("A", "B", "C", "D"),
      kind: fc.constantFrom("recognised", "level_changed", "withdrawn", "stage_changed"),
      effectiveOn: day,
      level,
    }) as fc.Arbitrary<CentreEvent>;
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.array(day, { maxLength: 6 }), (events, dates) => {
        const series = cumulativeSeries(events, dates);
        dates.forEach((date, i) => {
          const on = recognisedOn(events, date).filter((s) => s.recognised);
          expect(series[i]!.count).toBe(on.length);
          for (const l of ["regional", "greater_regional", "global"] as const)
            expect(series[i]!.byLevel[l]).toBe(on.filter((s) => s.level === l).length);
          expect(series[i]!.unknownLevel).toBe(on.filter((s) => s.level === null).length);
        });
      }),
    );
  });

  it("returns an empty series for no dates and zeros for no events", () => {
    expect(cumulativeSeries(history, [])).toEqual([]);
    expect(cumulativeSeries([], ["2025-01-01"])[0]!.count).toBe(0);
  });
});

describe("historyConflicts", () => {
  const rec = (effectiveOn: string, extra: Partial<CentreEvent> = {}): CentreEvent => ({
    centreId: "K",
    kind: "recognised",
    effectiveOn,
    batch: 3,
    level: "regional",
    ...extra,
  });
  it("keeps a level change before any recognition, as a level that is never an upgrade", () => {
    const lc: CentreEvent = { centreId: "K", kind: "level_changed", effectiveOn: "2024-01-01", level: "global" };
    expect(historyConflicts([lc])).toEqual([]);
    expect(upgradesBetween([lc, rec("2024-03-01")], "2024-01-01", "2024-12-31")).toEqual([]);
    expect(centreHistory([lc, rec("2024-03-01")]).level).toBe("regional");
    // On the recognition's own day the recognition comes first: an upgrade.
    expect(upgradesBetween([lc, rec("2024-01-01")], "2024-01-01", "2024-12-31")).toHaveLength(1);
  });
  it("names the recognition in force when a second one comes without a withdrawal", () => {
    const first = rec("2023-03-01");
    const second = rec("2024-07-01", { batch: 5 });
    expect(historyConflicts([second, first])).toEqual([{ event: second, reason: "recognisedTwice", other: first }]);
    expect(historyConflicts([first, { centreId: "K", kind: "withdrawn", effectiveOn: "2024-01-01" }, second])).toEqual([]);
  });
  it("refuses a withdrawal of a centre not recognised, two level changes on one day and a change to the same level", () => {
    const w: CentreEvent = { centreId: "K", kind: "withdrawn", effectiveOn: "2023-01-01" };
    expect(historyConflicts([w, rec("2023-03-01")]).map((c) => c.reason)).toEqual(["withdrawnNotRecognised"]);
    const a: CentreEvent = { centreId: "K", kind: "level_changed", effectiveOn: "2024-01-01", level: "global" };
    const b: CentreEvent = { centreId: "K", kind: "level_changed", effectiveOn: "2024-01-01", level: "greater_regional" };
    expect(historyConflicts([rec("2023-03-01"), a, b]).map((c) => c.reason)).toEqual(["sameDayLevel"]);
    const same: CentreEvent = { centreId: "K", kind: "level_changed", effectiveOn: "2024-01-01", level: "regional" };
    expect(historyConflicts([rec("2023-03-01"), same]).map((c) => c.reason)).toEqual(["levelUnchanged"]);
  });
});

describe("entry order never changes a figure (property)", () => {
  const DAYS = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-01"];
  const LEVELS_ = ["regional", "greater_regional", "global"] as const;
  const event = fc.record({
    centreId: fc.constantFrom("A", "B", "C"),
    kind: fc.constantFrom("recognised", "level_changed", "withdrawn", "stage_changed"),
    effectiveOn: fc.constantFrom(...DAYS),
    level: fc.constantFrom(...LEVELS_, null),
    batch: fc.integer({ min: 1, max: 3 }),
    stage: fc.constantFrom("lead", "landed", "recognised"),
  });
  /** Random histories; several stage moves of one centre on one day keep their order (the rule), so at most one is drawn. */
  const histories = fc.array(event, { maxLength: 14 }).map((raw) => {
    const seen = new Set<string>();
    return raw
      .filter(
        (e) =>
          e.kind !== "stage_changed" || (!seen.has(`${e.centreId}${e.effectiveOn}`) && seen.add(`${e.centreId}${e.effectiveOn}`)),
      )
      .map((e, i): CentreEvent => ({
        centreId: e.centreId,
        kind: e.kind,
        effectiveOn: e.effectiveOn,
        level: e.kind === "withdrawn" || e.kind === "stage_changed" ? null : e.level,
        batch: e.kind === "recognised" ? e.batch : null,
        stage: e.kind === "stage_changed" ? e.stage : null,
        recordedAt: new Date(Date.UTC(2024, 5, 1, 0, i)).toISOString(),
      }));
  });

  const summary = (events: CentreEvent[]) => ({
    statuses: DAYS.map((d) => recognisedOn(events, d).sort((a, b) => a.centreId.localeCompare(b.centreId))),
    upgrades: upgradesBetween(events, "2024-01-01", "2024-12-31"),
    series: cumulativeSeries(events, DAYS),
    history: ["A", "B", "C"].map((c) => {
      const h = centreHistory(events.filter((e) => e.centreId === c));
      return {
        level: h.level,
        stage: h.stage,
        stageSince: h.stageSince,
        sequence: h.sequence.map((x) => [
          x.event.kind,
          x.event.effectiveOn,
          x.event.level,
          x.event.stage,
          x.levelBefore,
          x.stageBefore,
        ]),
      };
    }),
    conflicts: historyConflicts(events).map((c) => [c.event.centreId, c.event.kind, c.event.effectiveOn, c.reason]),
  });

  it("any permutation of the entry order (array order and recording times) gives the same counts, levels, upgrades and stage history", () => {
    fc.assert(
      fc.property(histories, fc.func(fc.integer()), (events, rank) => {
        // A permutation: the same events, typed in another order (recording times follow the new order).
        const permuted = events
          .map((e, i) => ({ e, key: rank(i) }))
          .sort((a, b) => a.key - b.key)
          .map(({ e }, i) => ({ ...e, recordedAt: new Date(Date.UTC(2024, 6, 1, 0, i)).toISOString() }));
        expect(summary(permuted)).toEqual(summary(events));
      }),
      { numRuns: 300 },
    );
  });

  /** A deliberately plain reading of the counting rules, one centre and one date at a time. */
  function naive(events: CentreEvent[], centreId: string, date: string) {
    const mine = events.filter((e) => e.centreId === centreId && e.effectiveOn <= date);
    const recognitions = mine.filter((e) => e.kind === "recognised");
    const lastRecognition = recognitions
      .map((e) => e.effectiveOn)
      .sort()
      .at(-1);
    const recognised =
      lastRecognition !== undefined && !mine.some((e) => e.kind === "withdrawn" && e.effectiveOn >= lastRecognition);
    const rank = (l: CentreEvent["level"]) => (l ? LEVELS_.indexOf(l) : -1);
    const levelEvents = mine
      .filter((e) => (e.kind === "recognised" || e.kind === "level_changed") && e.level)
      .sort(
        (a, b) =>
          a.effectiveOn.localeCompare(b.effectiveOn) ||
          (a.kind === b.kind
            ? (a.batch ?? 0) - (b.batch ?? 0) || rank(a.level) - rank(b.level)
            : a.kind === "recognised"
              ? -1
              : 1),
      );
    const first = [...recognitions].sort(
      (a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || (a.batch ?? 0) - (b.batch ?? 0),
    )[0];
    return { recognised, level: levelEvents.at(-1)?.level ?? null, batch: first?.batch ?? null };
  }

  it("counts, levels and batches equal a naive reference on random histories", () => {
    fc.assert(
      fc.property(histories, (events) => {
        for (const date of DAYS) {
          const expected = ["A", "B", "C"].map((c) => ({ centreId: c, ...naive(events, c, date) }));
          const actual = recognisedOn(events, date);
          for (const e of expected) {
            const s = actual.find((x) => x.centreId === e.centreId);
            if (!s) {
              expect(e.recognised).toBe(false);
              continue;
            }
            expect({ centreId: s.centreId, recognised: s.recognised, level: s.level, batch: s.batch }).toEqual(e);
          }
          expect(countRecognised(events, date)).toBe(expected.filter((e) => e.recognised).length);
          const point = cumulativeSeries(events, [date])[0]!;
          for (const l of LEVELS_) expect(point.byLevel[l]).toBe(expected.filter((e) => e.recognised && e.level === l).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
