/**
 * API tokens for the city's other systems (GET /api/v1/stats/…, `Authorization: Bearer …`).
 * Only the SHA-256 hash of a token is stored; the token itself is shown once, when created.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "../../db/schema";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { hashToken, newToken } from "~/utils/token.server";
import { recordAudit } from "./audit.server";

/** Tokens look like `rdc_` + 43 base64url characters (32 random bytes). */
const TOKEN_PREFIX = "rdc_";

export function listApiTokens(database: Db = defaultDb) {
  return database
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      createdByName: users.name,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdById))
    .orderBy(desc(apiTokens.createdAt))
    .all();
}

/** ★ Creates a token (hash stored, audit row in the same transaction) and returns the token once. */
export function createApiToken(actorId: string, name: string, database: Db = defaultDb): { id: string; token: string } {
  const token = TOKEN_PREFIX + newToken();
  const id = database.transaction((tx) => {
    const row = tx
      .insert(apiTokens)
      .values({ name, tokenHash: hashToken(token), createdById: actorId })
      .returning({ id: apiTokens.id })
      .get();
    recordAudit(tx, {
      actorId,
      entity: "api_token",
      entityId: row.id,
      action: "create",
      changes: [{ field: "name", before: null, after: name }],
    });
    return row.id;
  });
  return { id, token };
}

/** ★ Revokes a token (audited); false when there is no such token or it is already revoked. */
export function revokeApiToken(actorId: string, tokenId: string, database: Db = defaultDb): boolean {
  return database.transaction((tx) => {
    const now = new Date();
    const row = tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id })
      .get();
    if (!row) return false;
    recordAudit(tx, {
      actorId,
      entity: "api_token",
      entityId: tokenId,
      action: "revoke",
      changes: [{ field: "revokedAt", before: null, after: now.toISOString() }],
    });
    return true;
  });
}

/**
 * The token's id when `token` is a live (not revoked) token, noting when it was last used;
 * null otherwise. The lookup is by hash, so the comparison never sees the stored secret.
 */
export function authenticateApiToken(token: string, database: Db = defaultDb): { id: string; name: string } | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = database
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .get();
  if (!row || row.revokedAt) return null;
  database.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id)).run();
  return { id: row.id, name: row.name };
}
