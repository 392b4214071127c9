import { describe, expect, it } from "vitest";
import { can, canWorkOnCentre, permissionsOf } from "~/domain/permissions";
import {
  beijingDate,
  beijingInstant,
  beijingTime,
  checklistDueFlag,
  contactStatus,
  followUpDueFlag,
  isClockTime,
  templateApplies,
} from "~/domain/steward-work";
import { createWorkingCalendar } from "~/domain/working-days";

const cal = createWorkingCalendar();
const STAGES = ["lead", "in_contact", "registering", "landed", "recognition_applied", "recognised", "upgrading"];
const template = (over: Partial<{ active: boolean; appliesToType: string | null; appliesAtStage: string | null }> = {}) => ({
  active: true,
  appliesToType: null,
  appliesAtStage: null,
  ...over,
});

describe("templateApplies", () => {
  it("applies a template without a stage from creation, at any stage", () => {
    expect(templateApplies(template(), { type: "rd_innovation_centre", stage: "lead" }, STAGES)).toBe(true);
    expect(templateApplies(template(), { type: "open_innovation_platform", stage: "recognised" }, STAGES)).toBe(true);
  });

  it("applies a stage's template once the centre has reached that stage, not before", () => {
    const landed = template({ appliesAtStage: "landed" });
    expect(templateApplies(landed, { type: "rd_innovation_centre", stage: "registering" }, STAGES)).toBe(false);
    expect(templateApplies(landed, { type: "rd_innovation_centre", stage: "landed" }, STAGES)).toBe(true);
    expect(templateApplies(landed, { type: "rd_innovation_centre", stage: "recognised" }, STAGES)).toBe(true);
  });

  it("respects the centre type and the active flag", () => {
    const platformOnly = template({ appliesToType: "open_innovation_platform" });
    expect(templateApplies(platformOnly, { type: "rd_innovation_centre", stage: "landed" }, STAGES)).toBe(false);
    expect(templateApplies(platformOnly, { type: "open_innovation_platform", stage: "landed" }, STAGES)).toBe(true);
    expect(templateApplies(template({ active: false }), { type: "rd_innovation_centre", stage: "landed" }, STAGES)).toBe(false);
  });

  it("applies nothing to a centre that has exited", () => {
    expect(templateApplies(template(), { type: "rd_innovation_centre", stage: "exited" }, STAGES)).toBe(false);
  });

  it("matches a stage missing from the order only to itself", () => {
    const retired = template({ appliesAtStage: "retired_stage" });
    expect(templateApplies(retired, { type: "rd_innovation_centre", stage: "recognised" }, STAGES)).toBe(false);
    expect(templateApplies(retired, { type: "rd_innovation_centre", stage: "retired_stage" }, STAGES)).toBe(true);
  });
});

describe("due flags on the 2026 calendar", () => {
  it("flags an open item overdue the day after its due date, never a done or not-applicable one", () => {
    const item = { status: "in_progress" as const, dueOn: "2026-10-09" };
    expect(checklistDueFlag(item, "2026-10-10", cal)).toBe("overdue");
    expect(checklistDueFlag({ ...item, status: "done" }, "2026-10-10", cal)).toBeNull();
    expect(checklistDueFlag({ ...item, status: "not_applicable" }, "2026-10-10", cal)).toBeNull();
    expect(checklistDueFlag({ ...item, dueOn: null }, "2026-10-10", cal)).toBeNull();
  });

  it("counts 'due soon' in working days: across National Day 2026 a due date 9 calendar days away is 2 working days away", () => {
    // 2026-10-01..07 are holidays; 10-08 and 10-09 are working days.
    const item = { status: "not_started" as const, dueOn: "2026-10-09" };
    expect(checklistDueFlag(item, "2026-09-30", cal, 2)).toBe("due_soon");
    expect(checklistDueFlag(item, "2026-09-30", cal, 1)).toBeNull();
    expect(checklistDueFlag(item, "2026-10-09", cal, 0)).toBe("due_soon");
    // Ten calendar days before a due date in an ordinary week is more than 5 working days.
    expect(checklistDueFlag({ status: "not_started", dueOn: "2026-03-20" }, "2026-03-10", cal, 5)).toBeNull();
    expect(checklistDueFlag({ status: "not_started", dueOn: "2026-03-20" }, "2026-03-13", cal, 5)).toBe("due_soon");
  });

  it("flags only open follow-ups", () => {
    expect(followUpDueFlag({ status: "open", dueOn: "2026-03-01" }, "2026-03-02", cal)).toBe("overdue");
    expect(followUpDueFlag({ status: "done", dueOn: "2026-03-01" }, "2026-03-02", cal)).toBeNull();
    expect(followUpDueFlag({ status: "cancelled", dueOn: "2026-03-01" }, "2026-03-02", cal)).toBeNull();
  });
});

describe("contactStatus", () => {
  it("is due now when never contacted", () => {
    expect(contactStatus(null, 90, "2026-03-10")).toEqual({ due: true, nextDueOn: null, daysSinceLast: null, daysOverdue: null });
  });

  it("tells when the next contact is due and by how many days it is late", () => {
    expect(contactStatus("2026-01-01", 90, "2026-03-31")).toEqual({
      due: false,
      nextDueOn: "2026-04-01",
      daysSinceLast: 89,
      daysOverdue: null,
    });
    expect(contactStatus("2026-01-01", 90, "2026-04-01")).toEqual({
      due: true,
      nextDueOn: "2026-04-01",
      daysSinceLast: 90,
      daysOverdue: 0,
    });
    expect(contactStatus("2026-01-01", 60, "2026-04-01")).toMatchObject({ due: true, nextDueOn: "2026-03-02", daysOverdue: 30 });
  });
});

describe("Beijing wall-clock times", () => {
  it("reads a date and time as Beijing time (UTC+8), whatever the server's zone", () => {
    expect(beijingInstant("2026-10-08", "07:30").toISOString()).toBe("2026-10-07T23:30:00.000Z");
    expect(beijingDate(new Date("2026-10-07T23:30:00Z"))).toBe("2026-10-08");
    expect(beijingTime(new Date("2026-10-07T23:30:00Z"))).toBe("07:30");
    expect(beijingDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
  });

  it("refuses malformed times and dates", () => {
    expect(isClockTime("09:05")).toBe(true);
    expect(isClockTime("24:00")).toBe(false);
    expect(isClockTime("9:05")).toBe(false);
    expect(() => beijingInstant("2026-02-30", "10:00")).toThrow(RangeError);
    expect(() => beijingInstant("2026-02-03", "25:00")).toThrow(RangeError);
  });
});

describe("centre-work permissions", () => {
  const centre = { leadStewardId: "s1", districtStewardId: "s2" };
  it("lets admins work on every centre and stewards on their assigned ones", () => {
    expect(canWorkOnCentre({ id: "a", role: "admin" }, centre)).toBe(true);
    expect(canWorkOnCentre({ id: "s1", role: "steward" }, centre)).toBe(true);
    expect(canWorkOnCentre({ id: "s2", role: "steward" }, centre)).toBe(true);
    expect(canWorkOnCentre({ id: "s3", role: "steward" }, centre)).toBe(false);
  });

  it("never lets officials or enterprise users write, even when named on the centre", () => {
    expect(canWorkOnCentre({ id: "s1", role: "official" }, centre)).toBe(false);
    expect(canWorkOnCentre({ id: "s1", role: "enterprise" }, centre)).toBe(false);
  });

  it("gives only admins the templates and other stewards' work pages", () => {
    expect(can("admin", "manage:checklists:any")).toBe(true);
    expect(can("admin", "read:work:any")).toBe(true);
    for (const role of ["steward", "official", "enterprise"] as const) {
      expect(can(role, "manage:checklists:any")).toBe(false);
      expect(can(role, "read:work:any")).toBe(false);
    }
    expect(permissionsOf("official").every((p) => p.startsWith("read:"))).toBe(true);
  });
});
