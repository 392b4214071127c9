import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { auditLog, centres, contacts, invitations, users, type Locale } from "../../db/schema";
import { canInviteToCentre } from "~/domain/permissions";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { hashToken, newToken } from "~/utils/token.server";
import { diffFields, recordAudit } from "./audit.server";
import { notifyInvitation } from "./notifications.server";
import { findLink } from "./single-use-link.server";
import type { Actor, WriteResult } from "./write-types.server";

/**
 * Invitations of enterprise users: a steward who looks after a centre (or an admin) invites a
 * contact by email; the link carries a random 32-byte token of which only the SHA-256 is stored;
 * it is single use and expires after seven days.
 */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationStatus = "pending" | "used" | "expired" | "revoked";
type Inviter = Actor & { name: string };

/** The link in the email; `lng` opens the page in the invitee's language. */
export function invitationLink(token: string, locale: Locale) {
  return `${env.APP_URL}/invite/${token}?lng=${locale}`;
}

/** The centre as the invitation pages need it, or null. */
export function getInvitationCentre(centreId: string) {
  const centre = db
    .select({
      id: centres.id,
      nameZh: centres.nameZh,
      nameEn: centres.nameEn,
      leadStewardId: centres.leadStewardId,
      districtStewardId: centres.districtStewardId,
    })
    .from(centres)
    .where(eq(centres.id, centreId))
    .get();
  if (!centre) return null;
  const contactRows = db
    .select({ id: contacts.id, name: contacts.name, role: contacts.role, email: contacts.email, language: contacts.language })
    .from(contacts)
    .where(eq(contacts.centreId, centreId))
    .orderBy(contacts.name)
    .all();
  return { ...centre, contacts: contactRows };
}

const revokedSql = sql<number>`exists (select 1 from ${auditLog} a where a.entity = 'invitation' and a.entity_id = ${invitations.id} and a.action = 'revoke')`;

/** The centre's invitations, newest first, each with its status. */
export function listInvitationsOfCentre(centreId: string, now = new Date()) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      usedAt: invitations.usedAt,
      invitedBy: users.name,
      revoked: revokedSql,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.createdById))
    .where(eq(invitations.centreId, centreId))
    .orderBy(desc(invitations.createdAt))
    .all()
    .map(({ revoked, ...row }) => ({ ...row, status: statusOf({ ...row, revoked: Boolean(revoked) }, now) }));
}

function statusOf(row: { usedAt: Date | null; expiresAt: Date; revoked?: boolean }, now: Date): InvitationStatus {
  if (row.usedAt) return "used";
  if (row.revoked) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

export type InvitationInput = { contactId: string | null; email: string; name: string; locale: Locale | null };
export type InvitationResult = WriteResult<{ id: string; email: string; token: string }>;

/**
 * ★ Invites someone to a centre: validate (contact of this centre, email not yet a user) →
 * authorise (lead or district steward of the centre, or admin) → one transaction: the
 * invitation (earlier pending ones to the same address are revoked), the email with the
 * link in the invitee's language, and the audit rows.
 */
export function createInvitation(actor: Inviter, centreId: string, input: InvitationInput, now = new Date()): InvitationResult {
  const centre = getInvitationCentre(centreId);
  if (!centre) return { ok: false, status: 404, fieldErrors: {} };
  if (!canInviteToCentre(actor, centre)) return { ok: false, status: 403, fieldErrors: {} };

  let { email, name, locale } = input;
  if (input.contactId) {
    const contact = centre.contacts.find((c) => c.id === input.contactId);
    if (!contact) return { ok: false, status: 400, fieldErrors: { contactId: "validation.invalidChoice" } };
    if (!contact.email) return { ok: false, status: 400, fieldErrors: { contactId: "invite.errors.contactWithoutEmail" } };
    email = contact.email.trim().toLowerCase();
    name = contact.name;
    locale = locale ?? contact.language;
  }
  if (!email) return { ok: false, status: 400, fieldErrors: { email: "validation.required" } };
  if (!locale) return { ok: false, status: 400, fieldErrors: { locale: "invite.errors.chooseLanguage" } };
  email = email.toLowerCase();
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
    return { ok: false, status: 400, fieldErrors: { [input.contactId ? "contactId" : "email"]: "validation.emailTaken" } };

  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const id = db.transaction((tx) => {
    const earlier = tx
      .select({ id: invitations.id, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(
        and(
          eq(invitations.centreId, centreId),
          eq(invitations.email, email),
          isNull(invitations.usedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .all();
    for (const old of earlier) {
      tx.update(invitations).set({ expiresAt: now }).where(eq(invitations.id, old.id)).run();
      recordAudit(tx, {
        actorId: actor.id,
        entity: "invitation",
        entityId: old.id,
        action: "revoke",
        changes: diffFields(old, { expiresAt: now }, ["expiresAt"]),
      });
    }
    const row = tx
      .insert(invitations)
      .values({ centreId, email, name, tokenHash: hashToken(token), expiresAt, createdById: actor.id, createdAt: now })
      .returning({ id: invitations.id })
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "invitation",
      entityId: row.id,
      action: "create",
      changes: diffFields(null, { centreId, email, name, locale, expiresAt }, [
        "centreId",
        "email",
        "name",
        "locale",
        "expiresAt",
      ]),
    });
    notifyInvitation(tx, {
      email,
      name,
      locale,
      centreNameZh: centre.nameZh,
      centreNameEn: centre.nameEn,
      link: invitationLink(token, locale),
      expiresAt,
      invitedBy: actor.name,
    });
    return row.id;
  });
  return { ok: true, id, email, token };
}

/** Revokes a pending invitation of the centre (it expires now). */
export function revokeInvitation(
  actor: Inviter,
  centreId: string,
  invitationId: string,
  now = new Date(),
): "ok" | "not_found" | "forbidden" | "not_pending" {
  const centre = getInvitationCentre(centreId);
  if (!centre) return "not_found";
  if (!canInviteToCentre(actor, centre)) return "forbidden";
  return db.transaction((tx) => {
    const row = tx
      .select({ id: invitations.id, usedAt: invitations.usedAt, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.centreId, centreId)))
      .get();
    if (!row) return "not_found" as const;
    if (statusOf(row, now) !== "pending") return "not_pending" as const;
    tx.update(invitations).set({ expiresAt: now }).where(eq(invitations.id, row.id)).run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "invitation",
      entityId: row.id,
      action: "revoke",
      changes: diffFields(row, { expiresAt: now }, ["expiresAt"]),
    });
    return "ok" as const;
  });
}

export type TokenLookup =
  | {
      state: "valid";
      invitation: { id: string; email: string; name: string; expiresAt: Date };
      centre: { nameZh: string; nameEn: string };
    }
  | { state: "used" | "expired"; centre: { nameZh: string; nameEn: string } }
  | { state: "unknown" };

/** What a token from a link stands for; only its hash is looked up. */
export function findInvitationByToken(token: string, now = new Date()): TokenLookup {
  const link = findLink(db, invitations, token, now);
  if (link.state === "unknown") return { state: "unknown" };
  const row = db
    .select({
      email: invitations.email,
      name: invitations.name,
      expiresAt: invitations.expiresAt,
      nameZh: centres.nameZh,
      nameEn: centres.nameEn,
    })
    .from(invitations)
    .innerJoin(centres, eq(centres.id, invitations.centreId))
    .where(eq(invitations.id, link.id))
    .get();
  if (!row) return { state: "unknown" };
  const centre = { nameZh: row.nameZh, nameEn: row.nameEn };
  if (link.state !== "valid") return { state: link.state, centre };
  return { state: "valid", invitation: { id: link.id, email: row.email, name: row.name, expiresAt: row.expiresAt }, centre };
}

export type AcceptResult = { ok: true; userId: string } | { ok: false; reason: "unknown" | "used" | "expired" | "email_taken" };

/**
 * ★ Accepts an invitation: in one transaction the enterprise user is created, bound to the
 * invitation's centre with the chosen language, and the invitation is marked used (a second,
 * concurrent use finds it used and creates nothing); audited.
 */
export async function acceptInvitation(
  token: string,
  input: { name: string; password: string; locale: Locale },
  now = new Date(),
): Promise<AcceptResult> {
  const lookup = findInvitationByToken(token, now);
  if (lookup.state !== "valid") return { ok: false, reason: lookup.state };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(
    (tx): AcceptResult => {
      const link = findLink(tx, invitations, token, now);
      if (link.state !== "valid") return { ok: false, reason: link.state };
      const row = tx
        .select({ id: invitations.id, centreId: invitations.centreId, email: invitations.email })
        .from(invitations)
        .where(eq(invitations.id, link.id))
        .get();
      if (!row) return { ok: false, reason: "unknown" };
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, row.email)).get())
        return { ok: false, reason: "email_taken" };
      const marked = tx
        .update(invitations)
        .set({ usedAt: now })
        .where(and(eq(invitations.id, row.id), isNull(invitations.usedAt)))
        .run();
      if (marked.changes !== 1) return { ok: false, reason: "used" };
      const user = tx
        .insert(users)
        .values({
          email: row.email,
          name: input.name,
          role: "enterprise",
          locale: input.locale,
          passwordHash,
          centreId: row.centreId,
        })
        .returning({ id: users.id })
        .get();
      recordAudit(tx, {
        actorId: user.id,
        entity: "user",
        entityId: user.id,
        action: "create",
        changes: diffFields(
          null,
          { email: row.email, name: input.name, role: "enterprise", locale: input.locale, centreId: row.centreId },
          ["email", "name", "role", "locale", "centreId"],
        ),
      });
      recordAudit(tx, {
        actorId: user.id,
        entity: "invitation",
        entityId: row.id,
        action: "accept",
        changes: [{ field: "usedAt", before: null, after: now.toISOString() }],
      });
      return { ok: true, userId: user.id };
    },
    { behavior: "immediate" },
  );
}
