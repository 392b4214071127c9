/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters from the 31-character set 0-9 and A-Z without I, O, S, V, Z.
 * Each character's value is its index in that set. The 18th character is a check
 * character: C = 31 - (Σ value_i × weight_i mod 31) over the first 17 characters,
 * with C = 31 mapped to 0; the check character is the set's character for C.
 *
 * Only the character set, length and check character are verified; the structure of
 * the first 17 characters (registration authority, category, division code) is not.
 */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Trims surrounding whitespace and upper-cases; does not validate. */
export function normalizeUscc(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * Check character for the first 17 characters of a code, or null when the input is
 * not exactly 17 characters from the USCC character set. Case-sensitive: normalise first.
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  const code = 31 - (sum % 31);
  return USCC_CHARSET.charAt(code === 31 ? 0 : code);
}

/**
 * True when `s` is an 18-character code with a correct check character.
 * Case-sensitive and whitespace-sensitive: call `normalizeUscc` on user input first.
 */
export function isValidUscc(s: string): boolean {
  if (s.length !== 18) return false;
  const check = usccCheckChar(s.slice(0, 17));
  return check !== null && check === s.charAt(17);
}
