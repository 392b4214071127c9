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
