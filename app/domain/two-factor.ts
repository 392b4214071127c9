import { Secret, TOTP } from "otpauth";

/**
 * Two-factor sign-in rules (RFC 6238 TOTP, as authenticator apps implement it):
 * - codes have 6 digits and change every 30 seconds (HMAC-SHA1, the apps' default);
 * - a code is accepted for its own 30-second step and one step either side (clock drift);
 * - a code is accepted once: a step at or before the last accepted step is refused ("reused");
 * - ten single-use recovery codes of 10 characters from a 32-letter alphabet without look-alikes
 *   (no 0/o, 1/l), shown once as `xxxxx-xxxxx`; typed in any case, with or without the dash
 *   and spaces.
 * Pure: the clock and randomness are parameters.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const ISSUER = "RDC Steward";
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes allowed per account in the window (sign-in step and account page together); a right code clears the count. */
export const CODE_ATTEMPT_LIMIT = { limit: 5, windowMs: 15 * 60_000 } as const;
export const codeAttemptKey = (userId: string) => `two-factor:user:${userId}`;
export const RECOVERY_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz";

const totp = (secretBase32: string, label = "") =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, accountLabel: string): string {
  return totp(secretBase32, accountLabel).toString();
}

/** The code for a moment (tests and the demo use this to compute what an app would show). */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totp(secretBase32).generate({ timestamp: nowMs });
}

/** The 30-second step a moment falls in. */
export const stepOf = (nowMs: number) => Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);

/** The secret in groups of four, for typing into an app by hand. */
export const groupSecret = (secretBase32: string) => secretBase32.replace(/(.{4})(?=.)/g, "$1 ");

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "invalid" | "reused" };

/** Checks a typed code against the secret at `nowMs`, refusing a step at or before `lastStep`. */
export function checkTotp(secretBase32: string, typed: string, nowMs: number, lastStep: number | null): TotpCheck {
  const code = typed.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return { ok: false, reason: "invalid" };
  const delta = totp(secretBase32).validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: "invalid" };
  const step = stepOf(nowMs) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: "reused" };
  return { ok: true, step };
}

/** Whether a typed value looks like a TOTP code (else it is tried as a recovery code). */
export const looksLikeTotp = (typed: string) => /^\d{6}$/.test(typed.replace(/\s+/g, ""));

/** Recovery codes from random bytes (one byte per character; the alphabet has 32 letters, so no bias). */
export function makeRecoveryCodes(randomBytes: (n: number) => Uint8Array, count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(10), (b) => RECOVERY_ALPHABET[b % 32]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The canonical form a recovery code is hashed in, or null when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]+/g, "");
  if (code.length !== 10) return null;
  for (const c of code) if (!RECOVERY_ALPHABET.includes(c)) return null;
  return code;
}
