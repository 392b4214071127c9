import { describe, expect, it } from "vitest";
import { formatDate, formatFileSize, formatNumber } from "~/utils/format";

describe("formatFileSize", () => {
  it("shows bytes below a kilobyte, never '0 kB'", () => {
    expect(formatFileSize(156, "en")).toBe("156 B");
    expect(formatFileSize(0, "en")).toBe("0 B");
    expect(formatFileSize(1023, "zh-CN")).toBe("1,023 B");
  });

  it("shows kB and MB with one decimal below ten, whole numbers above", () => {
    expect(formatFileSize(1024, "en")).toBe("1 kB");
    expect(formatFileSize(1536, "en")).toBe("1.5 kB");
    expect(formatFileSize(23 * 1024 + 300, "en")).toBe("23 kB");
    expect(formatFileSize(4.2 * 1024 * 1024, "zh-CN")).toBe("4.2 MB");
    expect(formatFileSize(10 * 1024 * 1024, "en")).toBe("10 MB");
  });

  it("moves to the next unit rather than showing 1,024 of one", () => {
    expect(formatFileSize(1024 * 1024 - 1, "en")).toBe("1 MB");
    expect(formatFileSize(1024 * 1023.7, "en")).toBe("1 MB");
  });
});

describe("remembered number and date texts", () => {
  it("answer as Intl does, asked once or again, for whole numbers, -0 and dates", () => {
    for (const locale of ["en", "zh-CN"]) {
      for (const value of [0, -0, 7, 1234567, -42, 0.5]) {
        const expected = new Intl.NumberFormat(locale).format(value);
        expect(formatNumber(value, locale)).toBe(expected);
        expect(formatNumber(value, locale)).toBe(expected);
      }
      const day = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "Asia/Shanghai" });
      expect(formatDate("2026-03-02", locale)).toBe(day.format(new Date("2026-03-02T00:00:00+08:00")));
      expect(formatDate("2026-03-02", locale)).toBe(day.format(new Date("2026-03-02T00:00:00+08:00")));
    }
  });
});
