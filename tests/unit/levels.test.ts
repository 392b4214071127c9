import { describe, it, expect } from "vitest";
import { isLevel, isUpgrade, levelRank } from "~/domain/levels";

describe("levels", () => {
  it("orders regional < greater_regional < global", () => {
    expect(levelRank("regional")).toBe(0);
    expect(levelRank("greater_regional")).toBe(1);
    expect(levelRank("global")).toBe(2);
  });

  it("an upgrade widens the scope", () => {
    expect(isUpgrade("regional", "greater_regional")).toBe(true);
    expect(isUpgrade("regional", "global")).toBe(true);
    expect(isUpgrade("greater_regional", "global")).toBe(true);
  });

  it("moving down, staying, or a first assignment is not an upgrade", () => {
    expect(isUpgrade("global", "regional")).toBe(false);
    expect(isUpgrade("greater_regional", "regional")).toBe(false);
    expect(isUpgrade("global", "global")).toBe(false);
    expect(isUpgrade(null, "global")).toBe(false);
    expect(isUpgrade(undefined, "regional")).toBe(false);
  });

  it("recognises level codes", () => {
    expect(isLevel("global")).toBe(true);
    expect(isLevel("national")).toBe(false);
    expect(isLevel(undefined)).toBe(false);
  });
});
