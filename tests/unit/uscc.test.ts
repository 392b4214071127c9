import { describe, it, expect } from "vitest";
import { isValidUscc, normalizeUscc, USCC_CHARSET, usccCheckChar } from "~/domain/uscc";

describe("USCC character set", () => {
  it("is 0-9 and A-Z without I, O, S, V, Z (31 characters)", () => {
    expect(USCC_CHARSET).toHaveLength(31);
    for (const c of "IOSVZ") expect(USCC_CHARSET).not.toContain(c);
  });
});

describe("usccCheckChar", () => {
  it("computes the check character of published codes", () => {
    expect(usccCheckChar("91350100M000100Y4")).toBe("3"); // the standard's widely cited example
    expect(usccCheckChar("91440300708461136")).toBe("T"); // Huawei Technologies Co., Ltd.
    expect(usccCheckChar("91330100799655058")).toBe("B");
  });

  it("matches a hand computation", () => {
    // 9·1 + 1·3 + 1·9 + 1·27 + 1·16 + 1·8 + 4·10 + 3·30 + 3·28 = 290; 290 mod 31 = 11; 31 − 11 = 20 → "L"
    expect(usccCheckChar("91110000100010433")).toBe("L");
    // 1640 mod 31 = 28; 31 − 28 = 3 → "3"
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
  });

  it("maps a check code of 31 (remainder 0) to character 0", () => {
    expect(usccCheckChar("00000000000000000")).toBe("0"); // sum 0
    expect(usccCheckChar("9111010871234567W")).toBe("0"); // sum 1674 = 54 × 31
    expect(usccCheckChar("10000000000000000")).toBe("Y"); // sum 1 → 30 → "Y"
    expect(usccCheckChar("U0000000000000000")).toBe("4"); // U = 27 → 31 − 27 = 4
  });

  it("returns null for wrong lengths or characters outside the set", () => {
    expect(usccCheckChar("9135010MM000100Y")).toBeNull(); // 16
    expect(usccCheckChar("91350100M000100Y43")).toBeNull(); // 18
    expect(usccCheckChar("91350100I000100Y4")).toBeNull(); // I
    expect(usccCheckChar("91350100m000100Y4")).toBeNull(); // lower case
  });
});

describe("isValidUscc", () => {
  it("accepts codes with a correct check character", () => {
    for (const code of [
      "91350100M000100Y43",
      "91440300708461136T",
      "91330100799655058B",
      "91110000100010433L",
      "9111010871234567W0",
      "000000000000000000",
    ]) {
      expect(isValidUscc(code), code).toBe(true);
    }
  });

  it("accepts every code built with usccCheckChar", () => {
    for (const first17 of ["91110108MA01G0FB0", "12100000400000624", "52110000MJ0000000", "Y1110000RTUWXY123"]) {
      const check = usccCheckChar(first17);
      expect(check).not.toBeNull();
      expect(isValidUscc(first17 + check)).toBe(true);
    }
  });

  it("rejects a wrong check character", () => {
    expect(isValidUscc("91350100M000100Y44")).toBe(false);
    expect(isValidUscc("91440300708461136X")).toBe(false);
    expect(isValidUscc("91110000100010433O")).toBe(false); // O is not in the set
  });

  it("rejects a single changed or swapped character", () => {
    expect(isValidUscc("91350100M000100Y53")).toBe(false);
    expect(isValidUscc("93150100M000100Y43")).toBe(false);
  });

  it("rejects wrong lengths", () => {
    expect(isValidUscc("")).toBe(false);
    expect(isValidUscc("91350100M000100Y4")).toBe(false);
    expect(isValidUscc("91350100M000100Y433")).toBe(false);
  });

  it("rejects characters outside the set, lower case and whitespace unless normalised", () => {
    expect(isValidUscc("91350100I000100Y43")).toBe(false);
    expect(isValidUscc("91350100S000100Y43")).toBe(false);
    expect(isValidUscc("91350100M000100Y4-")).toBe(false);
    expect(isValidUscc("91440300708461136t")).toBe(false);
    expect(isValidUscc(" 91440300708461136T")).toBe(false);
    expect(isValidUscc(normalizeUscc(" 91440300708461136t\n"))).toBe(true);
  });
});

describe("normalizeUscc", () => {
  it("trims and upper-cases without validating", () => {
    expect(normalizeUscc("  91350100m000100y43 ")).toBe("91350100M000100Y43");
    expect(normalizeUscc("abc")).toBe("ABC");
  });
});
