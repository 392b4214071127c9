import { describe, expect, it } from "vitest";
import {
  checkTotp,
  groupSecret,
  looksLikeTotp,
  makeRecoveryCodes,
  normaliseRecoveryCode,
  otpauthUri,
  RECOVERY_ALPHABET,
  stepOf,
  totpCode,
} from "~/domain/two-factor";

// RFC 6238 appendix B: the SHA-1 key is the ASCII string "12345678901234567890" (base32 below);
// the RFC lists 8-digit codes, of which a 6-digit code is the last six digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP codes (RFC 6238)", () => {
  it.each(RFC_VECTORS)("at T=%i s the code is the last six digits of %s", (seconds, eight) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(eight.slice(-6));
  });

  const now = 1_234_567_890_000; // a fixed clock
  const code = (offsetSteps: number) => totpCode(RFC_SECRET, now + offsetSteps * 30_000);

  it("accepts the current code and the ones a step either side (clock drift), and tells which step", () => {
    expect(checkTotp(RFC_SECRET, code(0), now, null)).toEqual({ ok: true, step: stepOf(now) });
    expect(checkTotp(RFC_SECRET, code(-1), now, null)).toEqual({ ok: true, step: stepOf(now) - 1 });
    expect(checkTotp(RFC_SECRET, code(1), now, null)).toEqual({ ok: true, step: stepOf(now) + 1 });
  });

  it("refuses codes two steps away, wrong codes and malformed input", () => {
    for (const typed of [code(-2), code(2), "000000", "12345", "1234567", "abcdef", ""]) {
      if (typed === code(0)) continue;
      expect(checkTotp(RFC_SECRET, typed, now, null), typed).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("tolerates spaces inside the typed code", () => {
    const c = code(0);
    expect(checkTotp(RFC_SECRET, `${c.slice(0, 3)} ${c.slice(3)}`, now, null).ok).toBe(true);
  });

  it("accepts each step once: a step at or before the last accepted one is 'reused'", () => {
    const first = checkTotp(RFC_SECRET, code(0), now, null);
    expect(first.ok).toBe(true);
    const last = (first as { step: number }).step;
    expect(checkTotp(RFC_SECRET, code(0), now, last)).toEqual({ ok: false, reason: "reused" });
    expect(checkTotp(RFC_SECRET, code(-1), now, last)).toEqual({ ok: false, reason: "reused" });
    expect(checkTotp(RFC_SECRET, code(1), now, last)).toEqual({ ok: true, step: last + 1 });
  });

  it("builds the otpauth address an authenticator app reads", () => {
    const uri = otpauthUri(RFC_SECRET, "admin@demo.local");
    expect(uri).toMatch(/^otpauth:\/\/totp\/RDC%20Steward:admin%40demo\.local\?/);
    expect(uri).toContain(`secret=${RFC_SECRET}`);
    expect(uri).toContain("digits=6");
    expect(uri).toContain("period=30");
    expect(groupSecret(RFC_SECRET)).toBe("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  });
});

describe("recovery codes", () => {
  it("are ten codes of 10 letters from the 32-letter alphabet, shown as xxxxx-xxxxx", () => {
    let n = 0;
    const bytes = (size: number) => Uint8Array.from({ length: size }, () => n++ % 256);
    const codes = makeRecoveryCodes(bytes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9a-km-np-z]{5}-[2-9a-km-np-z]{5}$/);
    expect(RECOVERY_ALPHABET).toHaveLength(32);
    expect(RECOVERY_ALPHABET).not.toMatch(/[01lo]/);
  });

  it("are read back in any case, with or without the dash and spaces, and nothing else is", () => {
    expect(normaliseRecoveryCode(" ABCDE-FGH23 ")).toBe("abcdefgh23");
    expect(normaliseRecoveryCode("abcde fgh23")).toBe("abcdefgh23");
    expect(normaliseRecoveryCode("abcdefgh23")).toBe("abcdefgh23");
    expect(normaliseRecoveryCode("abcde-fgh2")).toBeNull();
    expect(normaliseRecoveryCode("abcde-fgh20")).toBeNull(); // 0 is not in the alphabet
    expect(normaliseRecoveryCode("")).toBeNull();
  });

  it("are told apart from app codes", () => {
    expect(looksLikeTotp("123 456")).toBe(true);
    expect(looksLikeTotp("abcde-fgh23")).toBe(false);
    expect(looksLikeTotp("1234567")).toBe(false);
  });
});
