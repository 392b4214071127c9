import { describe, it, expect } from "vitest";
import { CENTRE_TYPES, isCentreType } from "~/domain/centre-types";

describe("centre types", () => {
  it("has Beijing's two types", () => {
    expect(CENTRE_TYPES).toEqual(["rd_innovation_centre", "open_innovation_platform"]);
  });

  it("recognises type codes", () => {
    expect(isCentreType("open_innovation_platform")).toBe(true);
    expect(isCentreType("rd_innovation_centre")).toBe(true);
    expect(isCentreType("lab")).toBe(false);
    expect(isCentreType(42)).toBe(false);
  });
});
