import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { loginAttempts, recoveryCodes, users, type Locale } from "../../db/schema";
import { checkTotp, looksLikeTotp, makeRecoveryCodes, newTotpSecret, normaliseRecoveryCode } from "~/domain/two-factor";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { accountKey } from "~/utils/rate-limit.server";
import { keyedHash, openSecret, sealSecret } from "~/utils/secret-box.server";
import { endSessionsOfUser } from "~/utils/session.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./write-types.server";
import { enqueueNotification } from "./outbox.server";

/**
 * Account security: two-factor sign-in (TOTP with recovery codes, rules in
 * app/domain/two-factor.ts) and sign-in lockouts. Every change writes its audit row in the same
 * transaction; the TOTP secret is stored sealed (app/utils/secret-box.server.ts) and is shown
 * only while enrolling, never after.
 */

const DEFAULT_LOCALE: Locale = "zh-CN";
const recoveryHash = (userId: string, code: string) => keyedHash(`${userId}:${code}`, "recovery-code");

/* ---------------------------------------------------------------- lockouts */

/**
 * Called (inside recordLoginFailure's transaction) when an account's failures reach the limit:
 * tells the user by email, in their language, and records the lockout in the audit trail.
 * Unknown or disabled accounts get nothing (and the response does not differ).
 */
export function notifyAccountLocked(tx: Tx, email: string, until: Date) {
  const user = tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
  if (!user || user.disabledAt) return;
  const locale = user.locale ?? DEFAULT_LOCALE;
  const t = getFixedT(locale);
  const vars = { name: user.name, until: formatDateTime(until, locale), link: `${env.APP_URL}/login` };
  enqueueNotification(tx, {
    channel: "email",
    recipient: user.email,
    locale,
    subject: t("notify.subjectLine", { subject: t("account.lockout.emailSubject") }),
    body: `${t("account.lockout.emailBody", vars)}\n\n--\n${t("notify.footer")}`,
  });
  recordAudit(tx, {
    actorId: null,
    entity: "user",
    entityId: user.id,
    action: "locked_out",
    changes: [{ field: "lockedUntil", before: null, after: until.toISOString() }],
  });
}

/** An admin unlocks an account: its failed sign-ins are forgotten. Null when there is no such user. */
export function unlockAccount(actorId: string, userId: string) {
  const user = db.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  db.transaction(
    (tx) => {
      const cleared = tx
        .delete(loginAttempts)
        .where(eq(loginAttempts.key, accountKey(user.email)))
        .run().changes;
      recordAudit(tx, {
        actorId,
        entity: "user",
        entityId: userId,
        action: "unlock",
        changes: [{ field: "failedSignIns", before: cleared, after: 0 }],
      });
    },
    { behavior: "immediate" },
  );
  return true;
}

/* ---------------------------------------------------------------- two-factor sign-in */

export type TwoFactorStatus = { enabled: boolean; enrolling: boolean; recoveryCodesLeft: number };

export function twoFactorStatusOf(userId: string): TwoFactorStatus {
  const row = db
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  const left =
    db
      .select({ n: sql<number>`count(*)` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
      .get()?.n ?? 0;
  return { enabled: Boolean(row?.enabledAt), enrolling: Boolean(row?.secret && !row.enabledAt), recoveryCodesLeft: left };
}

/** The secret being enrolled (shown as QR and text until confirmed), or null when not enrolling. */
export function pendingTotpSecret(userId: string): string | null {
  const row = db
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row?.secret || row.enabledAt) return null;
  return openSecret(row.secret);
}

/** Starts (or restarts) enrolment with a new secret; refused (false) when two-factor sign-in is already on. */
export function startTotpEnrolment(userId: string): boolean {
  return db.transaction(
    (tx) => {
      const row = tx.select({ enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get();
      if (!row || row.enabledAt) return false;
      tx.update(users)
        .set({ totpSecret: sealSecret(newTotpSecret()), totpLastStep: null, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .run();
      recordAudit(tx, { actorId: userId, entity: "user", entityId: userId, action: "start_two_factor", changes: [] });
      return true;
    },
    { behavior: "immediate" },
  );
}

export function cancelTotpEnrolment(userId: string) {
  db.transaction(
    (tx) => {
      const changed = tx
        .update(users)
        .set({ totpSecret: null, updatedAt: new Date() })
        .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
        .run().changes;
      if (changed)
        recordAudit(tx, { actorId: userId, entity: "user", entityId: userId, action: "cancel_two_factor", changes: [] });
    },
    { behavior: "immediate" },
  );
}

function replaceRecoveryCodes(tx: Tx, userId: string): string[] {
  const codes = makeRecoveryCodes((n) => randomBytes(n));
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  tx.insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: recoveryHash(userId, normaliseRecoveryCode(code)!) })))
    .run();
  return codes;
}

type CodeResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "invalid" | "reused" | "notEnrolling" };

/**
 * Confirms enrolment with a code from the app: two-factor sign-in is on from now, ten new
 * recovery codes are returned (to show once), and every other session of the user ends.
 */
export function confirmTotpEnrolment(
  userId: string,
  typed: string,
  options: { now?: number; currentSessionId?: string } = {},
): CodeResult {
  const now = options.now ?? Date.now();
  const result = db.transaction(
    (tx): CodeResult => {
      const row = tx
        .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      const secret = row?.secret && !row.enabledAt ? openSecret(row.secret) : null;
      if (!secret) return { ok: false, reason: "notEnrolling" };
      const check = checkTotp(secret, typed, now, null);
      if (!check.ok) return check;
      tx.update(users)
        .set({ totpEnabledAt: new Date(now), totpLastStep: check.step, updatedAt: new Date(now) })
        .where(eq(users.id, userId))
        .run();
      const codes = replaceRecoveryCodes(tx, userId);
      recordAudit(tx, {
        actorId: userId,
        entity: "user",
        entityId: userId,
        action: "enable_two_factor",
        changes: [{ field: "twoFactor", before: false, after: true }],
      });
      return { ok: true, recoveryCodes: codes };
    },
    { behavior: "immediate" },
  );
  if (result.ok) endSessionsOfUser(userId, { except: options.currentSessionId });
  return result;
}

export type SecondFactorResult =
  { ok: true; method: "totp" | "recovery"; recoveryCodesLeft: number } | { ok: false; reason: "invalid" | "reused" };

/**
 * Checks a second factor for an enrolled user: a TOTP code (each 30-second step accepted once)
 * or an unused recovery code (used up by this call). In one IMMEDIATE transaction, so two
 * requests racing with the same code cannot both pass.
 */
export function verifySecondFactor(userId: string, typed: string, now = Date.now()): SecondFactorResult {
  return db.transaction(
    (tx): SecondFactorResult => {
      const row = tx
        .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt, lastStep: users.totpLastStep })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      const secret = row?.secret && row.enabledAt ? openSecret(row.secret) : null;
      if (!secret) return { ok: false, reason: "invalid" };
      if (looksLikeTotp(typed)) {
        const check = checkTotp(secret, typed, now, row!.lastStep);
        if (!check.ok) return check;
        tx.update(users).set({ totpLastStep: check.step }).where(eq(users.id, userId)).run();
        return { ok: true, method: "totp", recoveryCodesLeft: -1 };
      }
      const code = normaliseRecoveryCode(typed);
      if (!code) return { ok: false, reason: "invalid" };
      const used = tx
        .update(recoveryCodes)
        .set({ usedAt: new Date(now) })
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, recoveryHash(userId, code)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .run().changes;
      if (!used) return { ok: false, reason: "invalid" };
      const left =
        tx
          .select({ n: sql<number>`count(*)` })
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
          .get()?.n ?? 0;
      recordAudit(tx, {
        actorId: userId,
        entity: "user",
        entityId: userId,
        action: "use_recovery_code",
        changes: [{ field: "recoveryCodesLeft", before: left + 1, after: left }],
      });
      return { ok: true, method: "recovery", recoveryCodesLeft: left };
    },
    { behavior: "immediate" },
  );
}

/** New recovery codes (the old ones stop working), after a valid current code. */
export function regenerateRecoveryCodes(userId: string, typed: string, now = Date.now()): CodeResult {
  const check = verifySecondFactor(userId, typed, now);
  if (!check.ok) return check;
  return db.transaction(
    (tx): CodeResult => {
      const codes = replaceRecoveryCodes(tx, userId);
      recordAudit(tx, { actorId: userId, entity: "user", entityId: userId, action: "regenerate_recovery_codes", changes: [] });
      return { ok: true, recoveryCodes: codes };
    },
    { behavior: "immediate" },
  );
}

/**
 * Turns two-factor sign-in off: by the user (the caller checks a current code first) or by an
 * admin for a user who lost their phone and codes. Ends the user's sessions.
 */
export function disableTwoFactor(actorId: string | null, userId: string): boolean {
  const done = db.transaction(
    (tx) => {
      const row = tx
        .select({ enabledAt: users.totpEnabledAt, secret: users.totpSecret })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!row) return false;
      tx.update(users)
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
      recordAudit(tx, {
        actorId,
        entity: "user",
        entityId: userId,
        action: "disable_two_factor",
        changes: [{ field: "twoFactor", before: Boolean(row.enabledAt), after: false }],
      });
      return true;
    },
    { behavior: "immediate" },
  );
  if (done) endSessionsOfUser(userId);
  return done;
}
