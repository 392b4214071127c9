import { describe, it, expect } from "vitest";
import { isCentreType } from "~/domain/centre-types";

describe("centre types", () => {
  it("recognises type codes", () => {
    expect(isCentreType("open_innovation_platform")).toBe(true);
    expect(isCentreType("rd_innovation_centre")).toBe(true);
    expect(isCentreType("lab")).toBe(false);
    expect(isCentreType(42)).toBe(false);
  });
});
