/**
 * Who is told what about a support request, and how (issue 13, "notifications people can live with").
 *
 * - Enterprise users are emailed only for what needs them: the request was accepted (or
 *   rejected, with the reason), a steward replied, it was answered, it was closed. Internal
 *   steps (referred to a department, the department's answer, back in progress) are not emailed;
 *   the portal shows them. No receipt is emailed: the portal shows the receipt number at once,
 *   and the acceptance follows within the time limit.
 * - Nobody is emailed about their own action (an enterprise user who closes their own request).
 * - Each user chooses per account: every email at once (`immediate`), or one summary each
 *   morning (`daily_digest`): their request emails are held in the outbox and go out together.
 *   Invitations and password-reset links are always sent at once.
 * - Stewards also get an in-app list of what happened on their centres and requests, whatever
 *   their email choice.
 */
import type { RequestStatus } from "./request-lifecycle";

export const OUTBOX_CHANNELS = ["email", "wecom"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
/** `held`: waits for the recipient's daily digest; `digested`: went out inside one. */
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "held", "digested"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What a steward's in-app list shows: events on their centres and requests. */
export const INBOX_KINDS = ["new_request", "enterprise_reply", "reopened", "due_soon", "overdue", "dissatisfied"] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const NOTIFICATION_MODES = ["immediate", "daily_digest"] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** Status changes the submitting enterprise user is emailed about. */
export const ENTERPRISE_EMAILED_STATUSES: readonly RequestStatus[] = ["accepted", "rejected", "answered", "closed"];

export function emailsEnterpriseAbout(status: string, actorId: string | null, submitterId: string): boolean {
  return (ENTERPRISE_EMAILED_STATUSES as readonly string[]).includes(status) && actorId !== submitterId;
}

/** The outbox status a request email starts in: sent by the worker now, or held for the morning digest. */
export function outboxStatusFor(mode: NotificationMode): "pending" | "held" {
  return mode === "daily_digest" ? "held" : "pending";
}

/** Roles that choose how they are notified (officials receive no request email). */
export const ROLES_WITH_NOTIFICATION_SETTINGS = ["admin", "steward", "enterprise"] as const;
