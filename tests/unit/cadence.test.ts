import { describe, it, expect } from "vitest";
import { isDueForContact, nextContactDueOn } from "~/domain/cadence";

describe("isDueForContact", () => {
  it("a centre never contacted is due", () => {
    expect(isDueForContact(null, 90, "2026-03-10")).toBe(true);
    expect(nextContactDueOn(null, 90)).toBeNull();
  });

  it("is due once the cadence in calendar days has passed", () => {
    // 2026-01-01 + 90 calendar days = 2026-04-01
    expect(nextContactDueOn("2026-01-01", 90)).toBe("2026-04-01");
    expect(isDueForContact("2026-01-01", 90, "2026-03-31")).toBe(false);
    expect(isDueForContact("2026-01-01", 90, "2026-04-01")).toBe(true);
    expect(isDueForContact("2026-01-01", 90, "2026-06-01")).toBe(true);
  });

  it("counts calendar days, not working days, across holidays and year ends", () => {
    expect(isDueForContact("2026-09-30", 7, "2026-10-07")).toBe(true); // National Day week
    expect(isDueForContact("2026-09-30", 7, "2026-10-06")).toBe(false);
    expect(isDueForContact("2025-12-15", 30, "2026-01-14")).toBe(true);
    expect(isDueForContact("2025-12-15", 30, "2026-01-13")).toBe(false);
    expect(nextContactDueOn("2024-02-01", 29)).toBe("2024-03-01"); // leap year
  });

  it("is not due just after a contact, and a contact dated later than today is not due", () => {
    expect(isDueForContact("2026-03-10", 30, "2026-03-10")).toBe(false);
    expect(isDueForContact("2026-03-12", 30, "2026-03-10")).toBe(false);
    expect(isDueForContact("2026-03-10", 0, "2026-03-10")).toBe(true);
  });

  it("rejects bad cadences and dates", () => {
    expect(() => isDueForContact("2026-03-10", -1, "2026-03-10")).toThrow(RangeError);
    expect(() => isDueForContact("2026-03-10", 1.5, "2026-03-10")).toThrow(RangeError);
    expect(() => isDueForContact("10/03/2026", 30, "2026-03-10")).toThrow(RangeError);
  });
});
