import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResets, users, type Locale } from "../../db/schema";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";
import { endSessionsOfUser } from "~/utils/session.server";
import { hashToken, newToken } from "~/utils/token.server";
import { recordAudit } from "./audit.server";
import { enqueueNotification } from "./outbox.server";
import { findLink } from "./single-use-link.server";

/**
 * "Forgot password": a random 32-byte token of which only the SHA-256 is stored; the link is
 * single use and valid for one hour; asking again replaces an earlier link. Using it sets the
 * new password and ends every session of the user in the same transaction. The caller answers
 * the same whether or not the account exists (see routes/forgot-password.tsx).
 */

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export function passwordResetLink(token: string, locale: Locale) {
  return `${env.APP_URL}/reset-password/${token}?lng=${locale}`;
}

/**
 * Queues the reset email when `email` is an active account (in the user's language, else the
 * page's); answers whether one was queued, which only tests may look at.
 */
export function requestPasswordReset(email: string, pageLocale: Locale, now = new Date()): { queued: boolean; token?: string } {
  const user = db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
  if (!user || user.disabledAt) return { queued: false };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const locale = user.locale ?? pageLocale;
  db.transaction((tx) => {
    // One live link per user: an earlier one stops working.
    tx.update(passwordResets)
      .set({ expiresAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .run();
    const row = tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hashToken(token), expiresAt, createdAt: now })
      .returning({ id: passwordResets.id })
      .get();
    recordAudit(tx, {
      actorId: null,
      entity: "user",
      entityId: user.id,
      action: "password_reset_request",
      changes: [{ field: "passwordReset", before: null, after: row.id }],
    });
    const t = getFixedT(locale);
    const vars = {
      name: user.name,
      email: user.email,
      link: passwordResetLink(token, locale),
      expires: formatDateTime(expiresAt, locale),
    };
    enqueueNotification(tx, {
      channel: "email",
      recipient: user.email,
      locale,
      subject: t("notify.subjectLine", { subject: t("passwordReset.email.subject") }),
      body: `${t("passwordReset.email.body", vars)}\n\n--\n${t("notify.footer")}`,
    });
  });
  return { queued: true, token };
}

export type ResetLookup = { state: "valid"; email: string } | { state: "unknown" | "used" | "expired" };

/** What a token from a link stands for; only its hash is looked up. */
export function findPasswordReset(token: string, now = new Date()): ResetLookup {
  const link = findLink(db, passwordResets, token, now);
  if (link.state === "unknown") return { state: "unknown" };
  const user = db
    .select({ email: users.email, disabledAt: users.disabledAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.id, link.id))
    .get();
  if (!user || user.disabledAt) return { state: "unknown" };
  return link.state === "valid" ? { state: "valid", email: user.email } : { state: link.state };
}

export type ResetResult =
  | { ok: true; userId: string; role: (typeof users.role.enumValues)[number] }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * ★ Uses a reset link: in one transaction the link is marked used (a second, concurrent use
 * finds it used and changes nothing), the password is replaced, every session of the user is
 * ended, and it is audited. The caller then starts a fresh session for this browser.
 */
export async function resetPassword(token: string, password: string, now = new Date()): Promise<ResetResult> {
  const lookup = findPasswordReset(token, now);
  if (lookup.state !== "valid") return { ok: false, reason: lookup.state };
  const passwordHash = await hashPassword(password);
  return db.transaction(
    (tx): ResetResult => {
      const link = findLink(tx, passwordResets, token, now);
      if (link.state !== "valid") return { ok: false, reason: link.state };
      const row = tx
        .select({ id: passwordResets.id, userId: passwordResets.userId, role: users.role })
        .from(passwordResets)
        .innerJoin(users, eq(users.id, passwordResets.userId))
        .where(eq(passwordResets.id, link.id))
        .get();
      if (!row) return { ok: false, reason: "unknown" };
      const marked = tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.id, row.id), isNull(passwordResets.usedAt)))
        .run();
      if (marked.changes !== 1) return { ok: false, reason: "used" };
      tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.userId)).run();
      // The same connection: the sessions end in this transaction.
      endSessionsOfUser(row.userId);
      recordAudit(tx, {
        actorId: row.userId,
        entity: "user",
        entityId: row.userId,
        action: "password_reset",
        changes: [{ field: "password", before: "•••", after: "•••" }],
      });
      return { ok: true, userId: row.userId, role: row.role };
    },
    { behavior: "immediate" },
  );
}
