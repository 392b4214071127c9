import { and, eq } from "drizzle-orm";
import { followUps, referenceItems, requestEvents, requestMessages, satisfaction, supportRequests, users } from "../../db/schema";
import { storedDeadlines } from "~/domain/request-clock";
import { isOpen, isWithinReopenWindow, transition, type RequestAction, type RequestStatus } from "~/domain/request-lifecycle";
import { canHandleRequests } from "~/domain/permissions";
import type { RequestActionInput } from "~/schemas/request";
import { DEFAULT_LOCALE } from "~/i18n";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { recordAudit } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { requestNotifications } from "./notifications.server";
import { getSetting } from "./reference.server";
import { ratingOf, requestRow, type RequestActor } from "./support-request.server";
import { requestDueDates, timeLimits } from "./support-request-due-dates.server";

/**
 * Acting on a support request once submitted: status transitions (the table in
 * domain/request-lifecycle), public replies and internal notes, escalation and the rating.
 */

export type RequestResult<T = { id: string }> =
  ({ ok: true } & T) | { ok: false; status: 400 | 403 | 404 | 409; error: string; field?: string };

const TRANSITIONS: Partial<Record<RequestActionInput["intent"], RequestAction>> = {
  accept: "accept",
  reject: "reject",
  refer: "refer",
  record_department_answer: "record_department_answer",
  answer: "answer",
  close: "close",
  reopen: "reopen",
};

/** Every action on a request: validate → authorise (role and ownership) → one transaction (change, audit, outbox). */
export function actOnRequest(actor: RequestActor, requestId: string, input: RequestActionInput): RequestResult {
  const row = requestRow(requestId);
  if (!row) return { ok: false, status: 404, error: "errors.404.body" };
  const request = row.request;
  const isEnterprise = actor.role === "enterprise";
  if (isEnterprise ? request.centreId !== actor.centreId : !canHandleRequests(actor, row))
    return { ok: false, status: isEnterprise ? 404 : 403, error: "errors.403.body" };
  const status = request.status;
  const today = todayInBeijing();
  const now = new Date();
  const calendar = workingCalendar();

  const action = TRANSITIONS[input.intent];
  if (action) {
    const result = transition(status, action, actor.role);
    if (!result.ok)
      return { ok: false, status: result.reason === "forbidden" ? 403 : 409, error: `requests.errors.${result.reason}` };
    if (action === "reopen") {
      const since = (request.closedAt ?? request.answeredAt ?? now).toISOString();
      const sinceDay = todayInBeijing(new Date(since));
      if (!isWithinReopenWindow(sinceDay, today, getSetting("reopenWindowWorkingDays"), calendar))
        return { ok: false, status: 409, error: "requests.errors.reopenWindow" };
    }
  } else if (input.intent === "reply" || input.intent === "internal_note") {
    if (!isOpen(status)) return { ok: false, status: 409, error: "requests.errors.closedForMessages" };
    if (input.intent === "internal_note" && isEnterprise) return { ok: false, status: 403, error: "errors.403.body" };
  } else if (input.intent === "rate") {
    if (!isEnterprise && actor.role !== "admin") return { ok: false, status: 403, error: "errors.403.body" };
    if (status !== "closed") return { ok: false, status: 409, error: "requests.errors.rateWhenClosed" };
    if (ratingOf(requestId)) return { ok: false, status: 409, error: "requests.errors.alreadyRated" };
  } else if (input.intent === "escalate") {
    if (isEnterprise) return { ok: false, status: 403, error: "errors.403.body" };
  }
  if (input.intent === "refer") {
    const department = db
      .select({ code: referenceItems.code })
      .from(referenceItems)
      .where(and(eq(referenceItems.kind, "department"), eq(referenceItems.code, input.department)))
      .get();
    if (!department) return { ok: false, status: 400, error: "validation.unknownCode", field: "department" };
  }

  return db.transaction((tx): RequestResult => {
    const set: Partial<typeof supportRequests.$inferInsert> = { updatedAt: now, version: request.version + 1 };
    const message = (visibility: "public" | "internal", body: string) =>
      tx
        .insert(requestMessages)
        .values({ requestId, authorId: actor.id, visibility, body, language: actor.locale ?? request.language })
        .run();
    let toStatus: RequestStatus | null = null;
    switch (input.intent) {
      case "accept":
        set.acceptedAt = now;
        if (input.note) message("public", input.note);
        break;
      case "reject":
        message("public", input.reason);
        break;
      case "refer":
        set.departmentCode = input.department;
        if (input.note) message("internal", input.note);
        break;
      case "record_department_answer":
        message("internal", input.note);
        break;
      case "answer":
        set.answeredAt = now;
        message("public", input.body);
        break;
      case "close":
        set.closedAt = now;
        if (input.note) message("public", input.note);
        break;
      case "reopen":
        set.closedAt = null;
        message("public", input.reason);
        break;
      case "reply":
        message("public", input.body);
        break;
      case "internal_note":
        message("internal", input.body);
        break;
      case "escalate":
        set.escalated = input.escalated;
        break;
      case "rate": {
        tx.insert(satisfaction)
          .values({ requestId, rating: input.rating, comment: input.comment, byId: actor.id, at: now })
          .run();
        if (input.rating === "dissatisfied") {
          const due = calendar.addWorkingDays(today, timeLimits(request.categoryCode).satisfactionFollowUp).date;
          const ownerId = request.assignedStewardId ?? row.leadStewardId;
          // Written in the language of the steward who will read it.
          const owner = ownerId ? tx.select({ locale: users.locale }).from(users).where(eq(users.id, ownerId)).get() : undefined;
          const t = getFixedT(owner?.locale ?? DEFAULT_LOCALE);
          const description = input.comment
            ? t("requests.dissatisfiedFollowUp.withComment", { receiptNo: request.receiptNo, comment: input.comment })
            : t("requests.dissatisfiedFollowUp.noComment", { receiptNo: request.receiptNo });
          tx.insert(followUps)
            .values({ centreId: request.centreId, requestId, description, ownerId, dueOn: due, visibleToEnterprise: false })
            .run();
        }
        break;
      }
    }
    // A first public word from staff is the first contact.
    const staffSpoke = !isEnterprise && ["accept", "reject", "answer", "reply"].includes(input.intent) && !request.firstContactAt;
    if (staffSpoke) set.firstContactAt = now;
    if (action) {
      toStatus = transition(status, action, actor.role).ok
        ? (transition(status, action, actor.role) as { to: RequestStatus }).to
        : null;
      if (!toStatus) return { ok: false, status: 409, error: "requests.errors.illegal_transition" };
      set.status = toStatus as typeof supportRequests.$inferInsert.status;
      tx.insert(requestEvents)
        .values({
          requestId,
          fromStatus: status,
          toStatus,
          action,
          actorId: actor.id,
          at: now,
          onDate: today,
          departmentCode: input.intent === "refer" ? input.department : null,
          note: "reason" in input ? input.reason : "",
        })
        .run();
      // Referral pauses the clock of the milestones not yet met; recompute the due dates from the status history.
      const due = requestDueDates(tx, { ...request, ...set, id: requestId }, calendar, today);
      Object.assign(set, storedDeadlines(toStatus, due));
    }
    const updated = tx
      .update(supportRequests)
      .set(set)
      .where(and(eq(supportRequests.id, requestId), eq(supportRequests.version, request.version)))
      .run();
    if (updated.changes !== 1) throw new ConcurrentChange();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "support_request",
      entityId: requestId,
      action: input.intent,
      changes: Object.entries(set)
        .filter(([k]) => !["updatedAt", "version"].includes(k))
        .map(([field, after]) => ({
          field,
          before: (request as Record<string, unknown>)[field] ?? null,
          after: after instanceof Date ? after.toISOString() : after,
        })),
    });
    if (toStatus) requestNotifications.statusChanged(tx, requestId, toStatus);
    if (input.intent === "reply" && !isEnterprise) requestNotifications.publicReply(tx, requestId);
    if (isEnterprise && (input.intent === "reply" || input.intent === "reopen"))
      requestNotifications.fromEnterprise(tx, requestId, actor.id, input.intent);
    if (input.intent === "rate" && input.rating === "dissatisfied") requestNotifications.dissatisfied(tx, requestId);
    return { ok: true, id: requestId };
  });
}

export class ConcurrentChange extends Error {}
