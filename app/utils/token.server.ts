import { createHash, randomBytes } from "node:crypto";

/**
 * The secret tokens of invitation and password-reset links and of API access: 32 random bytes
 * as base64url (43 characters). Only a token's SHA-256 (hex) is stored, so a copy of the
 * database opens nothing.
 */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Could this be a token newToken made? Anything else is unknown without a database lookup. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/**
 * A single-use link's state from its row: unknown without one, used once used (whatever its
 * expiry), expired from its expiry on, else valid.
 */
export function linkState(
  row: { usedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): "unknown" | "used" | "expired" | "valid" {
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}
