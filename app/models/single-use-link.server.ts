import { eq } from "drizzle-orm";
import { invitations, passwordResets } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { hashToken, isTokenShaped, linkState } from "~/utils/token.server";
import type { Tx } from "./write-types.server";

/** The tables of single-use links: an invitation, a password reset. */
type LinkTable = typeof invitations | typeof passwordResets;

export type LinkLookup = { state: "valid" | "used" | "expired"; id: string } | { state: "unknown" };

/**
 * A single-use link found by its token: only the token's hash is looked up (a string that is not
 * shaped like a token is unknown without a lookup); the answer is the link's id and its state
 * (linkState: used once used, expired from its expiry on, else valid).
 */
export function findLink(conn: Db | Tx, table: LinkTable, token: string, now: Date): LinkLookup {
  if (!isTokenShaped(token)) return { state: "unknown" };
  const row = conn
    .select({ id: table.id, usedAt: table.usedAt, expiresAt: table.expiresAt })
    .from(table)
    .where(eq(table.tokenHash, hashToken(token)))
    .get();
  const state = linkState(row, now);
  return row && state !== "unknown" ? { state, id: row.id } : { state: "unknown" };
}
