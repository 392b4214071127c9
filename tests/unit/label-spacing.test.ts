import { describe, expect, it } from "vitest";
import { estimatedTextWidth, labelEvery } from "~/components/charts/label-spacing";

describe("axis label spacing", () => {
  it("counts a Chinese character as wide as the font, a Latin one narrower", () => {
    expect(estimatedTextWidth("季度", 10)).toBe(20);
    expect(estimatedTextWidth("Q1", 10)).toBe(12);
  });

  it("spaces labels so that each fits the room of the columns it stands for", () => {
    const quarters = (zh: boolean) =>
      Array.from({ length: 16 }, (_, i) =>
        zh ? `${2022 + (i >> 2)}年第${(i % 4) + 1}季度` : `Q${(i % 4) + 1} ${2022 + (i >> 2)}`,
      );
    const width = 588;
    for (const zh of [true, false]) {
      const labels = quarters(zh);
      const every = labelEvery(labels, width, 10);
      const widest = Math.max(...labels.map((l) => estimatedTextWidth(l, 10)));
      // Room between two labelled columns holds the widest label; one column fewer would not.
      expect((width / labels.length) * every).toBeGreaterThanOrEqual(widest);
      if (every > 1) expect((width / labels.length) * (every - 1)).toBeLessThan(widest + 8);
    }
    expect(labelEvery(quarters(true), width, 10)).toBeGreaterThan(labelEvery(quarters(false), width, 10));
  });

  it("labels every column when there is room, and copes with no columns", () => {
    expect(labelEvery(["2024", "2025"], 600, 10)).toBe(1);
    expect(labelEvery([], 600, 10)).toBe(1);
  });
});
