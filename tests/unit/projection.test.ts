import { describe, expect, it } from "vitest";
import { paceWindowStart, projectToTarget, type ProjectionInput } from "~/domain/projection";

const weights = { lead: 0.05, in_contact: 0.1, registering: 0.25, landed: 0.4, recognition_applied: 0.7 };
const base: ProjectionInput = {
  asOf: "2025-12-31",
  target: { count: 300, date: "2027-12-31" },
  recognised: 240,
  recognisedAtWindowStart: 180,
  pipeline: { lead: 20, in_contact: 10, registering: 4, landed: 5, recognition_applied: 10, recognised: 240, exited: 3 },
  stageWeights: weights,
};

describe("projectToTarget", () => {
  it("with no history, weights today's pipeline by the configured weights for the next twelve months", () => {
    const p = projectToTarget({ ...base, target: { count: 300, date: "2026-12-31" } });
    // 20×0.05 + 10×0.1 + 4×0.25 + 5×0.4 + 10×0.7 = 1 + 1 + 1 + 2 + 7
    expect(p.pipelineExpected).toBe(12);
    expect(p.pipeline.map((s) => [s.stage, s.source])).toEqual([
      ["lead", "configured"],
      ["in_contact", "configured"],
      ["registering", "configured"],
      ["landed", "configured"],
      ["recognition_applied", "configured"],
    ]);
    // None of the 60 net recognitions of the last year is explained by a pipeline a year ago: all newcomers.
    expect(p.newcomerAdditions).toBe(60);
    expect(p.paceAdditions).toBe(0);
    expect(p.projected).toBe(312);
  });

  it("measures stage weights from the conversions of a year ago where there are enough, and says which", () => {
    const p = projectToTarget({
      ...base,
      target: { count: 300, date: "2026-12-31" },
      history: [
        { stage: "recognition_applied", inStage: 20, converted: 18 },
        { stage: "landed", inStage: 30, converted: 9 },
        { stage: "lead", inStage: 4, converted: 4 }, // too few: the configured 5 % stays
      ],
    });
    expect(p.pipeline.find((s) => s.stage === "recognition_applied")).toMatchObject({
      weight: 0.9,
      source: "measured",
      sample: 20,
      expected: 9,
    });
    expect(p.pipeline.find((s) => s.stage === "landed")).toMatchObject({ weight: 0.3, source: "measured", expected: 1.5 });
    expect(p.pipeline.find((s) => s.stage === "lead")).toMatchObject({ weight: 0.05, source: "configured", sample: 4 });
    // 60 net, 18 + 9 + 4 explained by last year's pipeline: 29 newcomers a year.
    expect(p.newcomerAdditions).toBe(29);
    expect(p.projected).toBe(round(240 + 1 + 1 + 1 + 1.5 + 9 + 29));
  });

  it("continues the recent net pace beyond the first year, with an interval around the central estimate", () => {
    const p = projectToTarget(base);
    expect(p.daysRemaining).toBe(730);
    expect(p.netOverWindow).toBe(60);
    expect(p.pacePerMonth).toBe(5);
    expect(p.paceAdditions).toBe(60); // the second year
    expect(p.projected).toBe(372); // 240 + 12 + 60 + 60
    expect(p.projectedLow).toBeLessThan(p.projected);
    expect(p.projectedHigh).toBeGreaterThan(p.projected);
    expect(p.projected - p.projectedLow).toBeCloseTo(p.projectedHigh - p.projected, 0);
    expect(p.onTrack).toBe(true);
    expect(p.neededPerMonth).toBe(2.5);
  });

  it("'on track' compares the central estimate, not the top of the range, with the target", () => {
    const p = projectToTarget({ ...base, recognised: 200, recognisedAtWindowStart: 160, pipeline: { landed: 10 } });
    expect(p.projectedHigh).toBeGreaterThanOrEqual(p.projected);
    expect(p.projected).toBe(200 + 4 + 40 + 40);
    expect(p.onTrack).toBe(false);
    expect(p.projectedGap).toBe(16);
  });

  it("scales the first year when the target is nearer", () => {
    const p = projectToTarget({ ...base, asOf: "2027-07-02", recognised: 280, recognisedAtWindowStart: 250 });
    expect(p.daysRemaining).toBe(182);
    expect(p.pipelineExpected).toBe(6); // 12 × 182/365
    expect(p.newcomerAdditions).toBe(15);
    expect(p.paceAdditions).toBe(0);
  });

  it("never projects a decline from the pace: a net loss adds nothing", () => {
    const p = projectToTarget({ ...base, recognisedAtWindowStart: 250, pipeline: {} });
    expect(p.netOverWindow).toBe(-10);
    expect(p.paceAdditions).toBe(0);
    expect(p.newcomerAdditions).toBe(0);
    expect(p.projected).toBe(240);
    expect(p.projectedGap).toBe(60);
  });

  it("has no time left after the target date", () => {
    const p = projectToTarget({ ...base, asOf: "2028-03-01", recognised: 310 });
    expect(p.daysRemaining).toBe(0);
    expect(p.projected).toBe(310);
    expect(p.neededPerMonth).toBeNull();
    expect(p.onTrack).toBe(true);
  });

  it("rejects bad dates and windows", () => {
    expect(() => projectToTarget({ ...base, asOf: "2025-13-01" })).toThrow(RangeError);
    expect(() => projectToTarget({ ...base, windowDays: 0 })).toThrow(RangeError);
  });
});

function round(n: number) {
  return Math.round(n * 10) / 10;
}

describe("paceWindowStart", () => {
  it("is windowDays before asOf", () => {
    expect(paceWindowStart("2025-06-30")).toBe("2024-06-30");
    expect(paceWindowStart("2024-03-01", 1)).toBe("2024-02-29");
  });
});
