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
  it("weights the pipeline by stage and ignores stages without a weight", () => {
    const p = projectToTarget(base);
    // 20×0.05 + 10×0.1 + 4×0.25 + 5×0.4 + 10×0.7 = 1 + 1 + 1 + 2 + 7
    expect(p.pipelineExpected).toBe(12);
    expect(p.pipeline.map((s) => s.stage)).toEqual(["lead", "in_contact", "registering", "landed", "recognition_applied"]);
    expect(p.pipeline.find((s) => s.stage === "recognition_applied")).toEqual({
      stage: "recognition_applied",
      count: 10,
      weight: 0.7,
      expected: 7,
    });
  });

  it("continues the net pace of the last 365 days to the target date", () => {
    const p = projectToTarget(base);
    expect(p.daysRemaining).toBe(730);
    expect(p.netOverWindow).toBe(60);
    expect(p.paceAdditions).toBe(120); // 60 a year for two years
    expect(p.pacePerMonth).toBe(5); // 60 / 365 × 30.4375
    expect(p.projected).toBe(360); // 240 + max(12, 120)
    expect(p.projectedLow).toBe(252); // 240 + min(12, 120)
    expect(p.projectedGap).toBe(-60);
    expect(p.gapNow).toBe(60);
    expect(p.neededPerMonth).toBe(2.5); // 60 in 730 days
    expect(p.onTrack).toBe(true);
  });

  it("lets the pipeline carry the projection when the horizon is short", () => {
    const p = projectToTarget({ ...base, asOf: "2027-11-30", recognised: 280, recognisedAtWindowStart: 250 });
    expect(p.daysRemaining).toBe(31);
    expect(p.paceAdditions).toBe(2.5); // 30/365 × 31
    expect(p.projected).toBe(292); // 280 + 12
    expect(p.projectedGap).toBe(8);
    expect(p.onTrack).toBe(false);
  });

  it("never projects a decline: a net loss over the window adds nothing", () => {
    const p = projectToTarget({ ...base, recognisedAtWindowStart: 250, pipeline: {} });
    expect(p.netOverWindow).toBe(-10);
    expect(p.pacePerMonth).toBeLessThan(0);
    expect(p.paceAdditions).toBe(0);
    expect(p.projected).toBe(240);
    expect(p.projectedGap).toBe(60);
  });

  it("has no time left after the target date", () => {
    const p = projectToTarget({ ...base, asOf: "2028-03-01", recognised: 310 });
    expect(p.daysRemaining).toBe(0);
    expect(p.paceAdditions).toBe(0);
    expect(p.neededPerMonth).toBeNull();
    expect(p.gapNow).toBe(0);
    expect(p.onTrack).toBe(true);
  });

  it("clamps weights to 0–1 and accepts another window", () => {
    const p = projectToTarget({ ...base, stageWeights: { lead: 2, landed: -1 }, windowDays: 730, recognisedAtWindowStart: 120 });
    expect(p.pipelineExpected).toBe(20);
    expect(p.netOverWindow).toBe(120);
    expect(p.paceAdditions).toBe(120);
  });

  it("rejects bad dates and windows", () => {
    expect(() => projectToTarget({ ...base, asOf: "2025-13-01" })).toThrow(RangeError);
    expect(() => projectToTarget({ ...base, windowDays: 0 })).toThrow(RangeError);
  });
});

describe("paceWindowStart", () => {
  it("is windowDays before asOf", () => {
    expect(paceWindowStart("2025-06-30")).toBe("2024-06-30");
    expect(paceWindowStart("2024-03-01", 1)).toBe("2024-02-29");
  });
});
