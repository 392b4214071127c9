import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attachments,
  centres,
  followUps,
  receiptCounters,
  referenceItems,
  requestEvents,
  requestMessages,
  satisfaction,
  supportRequests,
  users,
} from "../../db/schema";
import {
  currentDeadline,
  dueDates,
  formatReceiptNo,
  storedDeadlines,
  type MetDates,
  type TimeLimits,
} from "~/domain/request-clock";
import {
  canSubmit,
  isOpen,
  isWithinReopenWindow,
  REQUEST_STATUSES,
  transition,
  type RequestAction,
  type RequestStatus,
} from "~/domain/request-lifecycle";
import { pageParam } from "~/domain/centre-timeline";
import { canHandleRequests, type Role } from "~/domain/permissions";
import type { WorkingCalendar } from "~/domain/working-days";
import type { RequestActionInput } from "~/schemas/request";
import { DEFAULT_LOCALE } from "~/i18n";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { recordAudit } from "./audit.server";
import type { StoredFile } from "./attachment.server";
import { workingCalendar } from "./calendar.server";
import type { Tx } from "./write-types.server";
import { requestNotifications } from "./notifications.server";
import { stewardedBy } from "./centre.server";
import { getSetting } from "./reference.server";

export type RequestActor = { id: string; role: Role; centreId: string | null; locale?: "zh-CN" | "en" | null };
type Result<T = { id: string }> =
  ({ ok: true } & T) | { ok: false; status: 400 | 403 | 404 | 409; error: string; field?: string };

function timeLimits(categoryCode: string): TimeLimits & { satisfactionFollowUp: number } {
  const all = getSetting("requestTimeLimits");
  return all[categoryCode] ?? all.default ?? { accept: 1, firstContact: 2, answer: 5, satisfactionFollowUp: 3 };
}

function nextReceiptNo(tx: Tx, year: number) {
  const row = tx
    .insert(receiptCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: receiptCounters.year, set: { last: sql`${receiptCounters.last} + 1` } })
    .returning({ last: receiptCounters.last })
    .get();
  return formatReceiptNo(year, row.last);
}

function statusEventsOf(tx: Tx | typeof db, requestId: string) {
  return tx
    .select({ from: requestEvents.fromStatus, to: requestEvents.toStatus, on: requestEvents.onDate })
    .from(requestEvents)
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(asc(requestEvents.at))
    .all();
}

/** Beijing dates on which a request's milestones were met. */
export function metDatesOf(r: { acceptedAt?: Date | null; firstContactAt?: Date | null; answeredAt?: Date | null }): MetDates {
  const day = (d: Date | null | undefined) => (d ? todayInBeijing(d) : null);
  return { acceptedOn: day(r.acceptedAt), firstContactOn: day(r.firstContactAt), answeredOn: day(r.answeredAt) };
}

/** A request's due dates from its submission day, time limits, status history (pauses) and met milestones. */
export function requestDueDates(
  tx: Tx | typeof db,
  request: {
    id: string;
    submittedOn: string;
    categoryCode: string;
    acceptedAt?: Date | null;
    firstContactAt?: Date | null;
    answeredAt?: Date | null;
  },
  calendar: WorkingCalendar,
  today: string,
) {
  const events = statusEventsOf(tx, request.id).map((e) => ({
    from: e.from,
    to: e.to,
    on: e.on,
  }));
  return dueDates(calendar, request.submittedOn, timeLimits(request.categoryCode), events, today, metDatesOf(request));
}

export type NewRequest = {
  centreId: string;
  category: string;
  title: string;
  description: string;
  urgency: "normal" | "urgent";
  language: "zh-CN" | "en";
  idempotencyKey: string;
};

/** True when a request was already submitted with this idempotency key. */
export function isSubmittedKey(idempotencyKey: string): boolean {
  return (
    db
      .select({ id: supportRequests.id })
      .from(supportRequests)
      .where(eq(supportRequests.idempotencyKey, idempotencyKey))
      .get() !== undefined
  );
}

/**
 * Submits a request: an enterprise user for their own centre, a steward for a centre they
 * handle, an admin for any. A repeated idempotency key returns the first request instead.
 * `files` are recorded here; the caller moves them into place after success or discards them.
 */
export function submitRequest(
  actor: RequestActor,
  input: NewRequest,
  files: StoredFile[],
): Result<{ id: string; receiptNo: string; duplicate: boolean }> {
  if (!canSubmit(actor.role)) return { ok: false, status: 403, error: "errors.403.body" };
  const existing = db
    .select({ id: supportRequests.id, receiptNo: supportRequests.receiptNo, submitterId: supportRequests.submitterId })
    .from(supportRequests)
    .where(eq(supportRequests.idempotencyKey, input.idempotencyKey))
    .get();
  if (existing) {
    if (existing.submitterId !== actor.id) return { ok: false, status: 409, error: "requests.errors.duplicateKey" };
    return { ok: true, id: existing.id, receiptNo: existing.receiptNo, duplicate: true };
  }
  const centreId = actor.role === "enterprise" ? actor.centreId : input.centreId;
  const centre = centreId
    ? db
        .select({ id: centres.id, leadStewardId: centres.leadStewardId, districtStewardId: centres.districtStewardId })
        .from(centres)
        .where(eq(centres.id, centreId))
        .get()
    : undefined;
  if (!centre)
    return { ok: false, status: actor.role === "enterprise" ? 403 : 400, error: "requests.errors.centre", field: "centre_id" };
  if (actor.role !== "enterprise" && !canHandleRequests(actor, centre))
    return { ok: false, status: 403, error: "errors.403.body" };
  const category = db
    .select({ code: referenceItems.code })
    .from(referenceItems)
    .where(
      and(eq(referenceItems.kind, "request_category"), eq(referenceItems.code, input.category), eq(referenceItems.active, true)),
    )
    .get();
  if (!category) return { ok: false, status: 400, error: "validation.unknownCode", field: "category" };

  const today = todayInBeijing();
  const due = dueDates(workingCalendar(), today, timeLimits(input.category), [], today);
  try {
    return db.transaction((tx) => {
      const receiptNo = nextReceiptNo(tx, Number(today.slice(0, 4)));
      const row = tx
        .insert(supportRequests)
        .values({
          receiptNo,
          centreId: centre.id,
          submitterId: actor.id,
          categoryCode: input.category,
          title: input.title,
          description: input.description,
          urgency: input.urgency,
          language: input.language,
          status: "submitted",
          assignedStewardId: centre.leadStewardId,
          submittedOn: today,
          ...storedDeadlines("submitted", due),
          idempotencyKey: input.idempotencyKey,
        })
        .returning({ id: supportRequests.id })
        .get();
      tx.insert(requestEvents)
        .values({
          requestId: row.id,
          fromStatus: null,
          toStatus: "submitted",
          action: "submit",
          actorId: actor.id,
          at: new Date(),
          onDate: today,
        })
        .run();
      for (const f of files)
        tx.insert(attachments)
          .values({ ...f, requestId: row.id, uploadedById: actor.id })
          .run();
      recordAudit(tx, {
        actorId: actor.id,
        entity: "support_request",
        entityId: row.id,
        action: "submit",
        changes: [
          { field: "receiptNo", before: null, after: receiptNo },
          { field: "category", before: null, after: input.category },
          { field: "title", before: null, after: input.title },
          { field: "attachments", before: null, after: files.map((f) => f.fileName) },
        ],
      });
      requestNotifications.submitted(tx, row.id);
      return { ok: true as const, id: row.id, receiptNo, duplicate: false };
    });
  } catch (error) {
    // A concurrent submit with the same key won the race: answer with its request.
    if (String(error).includes("UNIQUE") && String(error).includes("idempotency_key")) return submitRequest(actor, input, []);
    throw error;
  }
}

/* ------------------------------------------------------------------ reading */

const lead = alias(users, "lead");

/** Requests per page of the portal's list. */
export const PORTAL_REQUESTS_PAGE_SIZE = 20;

/** ★ The requests of the enterprise user's own centre, newest first, one page at a time (0 = the newest). */
export function listPortalRequests(user: { centreId: string }, page = 0, size = PORTAL_REQUESTS_PAGE_SIZE) {
  const rows = db
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      categoryCode: supportRequests.categoryCode,
      status: supportRequests.status,
      submittedOn: supportRequests.submittedOn,
      acceptDueOn: supportRequests.acceptDueOn,
      firstContactDueOn: supportRequests.firstContactDueOn,
      answerDueOn: supportRequests.answerDueOn,
      acceptedAt: supportRequests.acceptedAt,
      firstContactAt: supportRequests.firstContactAt,
      answeredAt: supportRequests.answeredAt,
    })
    .from(supportRequests)
    .where(eq(supportRequests.centreId, user.centreId))
    .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
    .limit(size + 1)
    .offset(page * size)
    .all();
  return { page, rows: rows.slice(0, size), hasOlder: rows.length > size };
}

export type QueueFilters = {
  status?: string;
  category?: string;
  centre?: string;
  steward?: string;
  due?: "overdue" | "due_soon";
  open?: boolean;
  /** Requests matching a search (app/models/search.server.ts `requestMatchCondition`). */
  matching?: SQL | null;
};

const OPEN_STATUSES = REQUEST_STATUSES.filter(isOpen);

/**
 * The staff queue, nearest current deadline first (the stored `current_deadline_on`, read in
 * order from its index), then the open requests without a running deadline (referred: paused;
 * answered), newest first.
 */
export function listRequestQueue(filters: QueueFilters, today: string, limit = 200, offset = 0) {
  const where: SQL[] = [];
  const deadline = supportRequests.currentDeadlineOn;
  if (filters.status) where.push(eq(supportRequests.status, filters.status as RequestStatus));
  else if (filters.open) where.push(inArray(supportRequests.status, OPEN_STATUSES));
  if (filters.category) where.push(eq(supportRequests.categoryCode, filters.category));
  if (filters.matching) where.push(filters.matching);
  if (filters.centre) where.push(eq(supportRequests.centreId, filters.centre));
  if (filters.steward) where.push(stewardedBy(filters.steward));
  if (filters.due === "overdue") where.push(lt(deadline, today));
  if (filters.due === "due_soon") {
    const soon = workingCalendar().addWorkingDays(today, getSetting("dueSoonWorkingDays")).date;
    where.push(gte(deadline, today), lte(deadline, soon));
  }
  const rows = (running: SQL, n: number) =>
    db
      .select({
        id: supportRequests.id,
        receiptNo: supportRequests.receiptNo,
        title: supportRequests.title,
        categoryCode: supportRequests.categoryCode,
        status: supportRequests.status,
        urgency: supportRequests.urgency,
        escalated: supportRequests.escalated,
        departmentCode: supportRequests.departmentCode,
        submittedOn: supportRequests.submittedOn,
        deadline,
        centreId: centres.id,
        centreNameZh: centres.nameZh,
        centreNameEn: centres.nameEn,
        stewardName: lead.name,
      })
      .from(supportRequests)
      .innerJoin(centres, eq(centres.id, supportRequests.centreId))
      .leftJoin(lead, eq(lead.id, centres.leadStewardId))
      .where(and(...where, running))
      .orderBy(asc(deadline), desc(supportRequests.createdAt))
      .limit(n)
      .all();
  // Rows offset … offset + limit of "dated, then undated": each part asked for at most that many.
  const want = offset + limit;
  const dated = rows(isNotNull(deadline), want);
  const all = dated.length >= want || filters.due ? dated : [...dated, ...rows(isNull(deadline), want - dated.length)];
  return all.slice(offset, offset + limit);
}

function requestRow(requestId: string) {
  return db
    .select({
      request: supportRequests,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
      leadStewardId: centres.leadStewardId,
      districtStewardId: centres.districtStewardId,
      submitterName: users.name,
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .leftJoin(users, eq(users.id, supportRequests.submitterId))
    .where(eq(supportRequests.id, requestId))
    .get();
}

const author = alias(users, "author");

/**
 * A request page shows its messages and status history a page at a time (issue 14, goal 3):
 * page 0 holds the newest REQUEST_THREAD_PAGE_SIZE entries, page k the k-th older ones, each
 * shown oldest first; `hasOlder` says whether an older page exists.
 */
export const REQUEST_THREAD_PAGE_SIZE = 50;
export type ThreadPage<T> = { rows: T[]; page: number; hasOlder: boolean };

function newestFirstPage<T>(page: number, read: (limit: number, offset: number) => T[]): ThreadPage<T> {
  const rows = read(REQUEST_THREAD_PAGE_SIZE + 1, page * REQUEST_THREAD_PAGE_SIZE);
  return { rows: rows.slice(0, REQUEST_THREAD_PAGE_SIZE).reverse(), page, hasOlder: rows.length > REQUEST_THREAD_PAGE_SIZE };
}

/** Which page of each list a request page shows (0 = the newest; from `messagesPage` and `historyPage`). */
export type ThreadPages = { messages?: number; history?: number };

/** The pages a request page's URL asks for (`?messagesPage=1&historyPage=0`; anything not a page number is 0). */
export function threadPagesOf(url: string): ThreadPages {
  const params = new URL(url).searchParams;
  return { messages: pageParam(params.get("messagesPage")), history: pageParam(params.get("historyPage")) };
}

function pagingOf(list: ThreadPage<unknown>) {
  return { page: list.page, hasOlder: list.hasOlder };
}

function messagesOf(requestId: string, includeInternal: boolean, page: number) {
  return newestFirstPage(page, (limit, offset) =>
    db
      .select({
        id: requestMessages.id,
        visibility: requestMessages.visibility,
        body: requestMessages.body,
        createdAt: requestMessages.createdAt,
        authorName: author.name,
        authorRole: author.role,
      })
      .from(requestMessages)
      .leftJoin(author, eq(author.id, requestMessages.authorId))
      .where(
        includeInternal
          ? eq(requestMessages.requestId, requestId)
          : and(eq(requestMessages.requestId, requestId), eq(requestMessages.visibility, "public")),
      )
      .orderBy(desc(requestMessages.createdAt), desc(requestMessages.id))
      .limit(limit)
      .offset(offset)
      .all(),
  );
}

function attachmentsOf(requestId: string, includeInternal: boolean) {
  const rows = db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      size: attachments.size,
      detectedType: attachments.detectedType,
      visibility: requestMessages.visibility,
    })
    .from(attachments)
    .leftJoin(requestMessages, eq(requestMessages.id, attachments.messageId))
    .where(eq(attachments.requestId, requestId))
    .all();
  return rows.filter((a) => includeInternal || a.visibility !== "internal").map(({ visibility: _v, ...a }) => a);
}

function historyOf(requestId: string, page: number) {
  return newestFirstPage(page, (limit, offset) =>
    db
      .select({
        id: requestEvents.id,
        fromStatus: requestEvents.fromStatus,
        toStatus: requestEvents.toStatus,
        action: requestEvents.action,
        at: requestEvents.at,
        departmentCode: requestEvents.departmentCode,
        actorName: users.name,
      })
      .from(requestEvents)
      .leftJoin(users, eq(users.id, requestEvents.actorId))
      .where(eq(requestEvents.requestId, requestId))
      .orderBy(desc(requestEvents.at), desc(requestEvents.id))
      .limit(limit)
      .offset(offset)
      .all(),
  );
}

function ratingOf(requestId: string) {
  return (
    db
      .select({ rating: satisfaction.rating, comment: satisfaction.comment, at: satisfaction.at })
      .from(satisfaction)
      .where(eq(satisfaction.requestId, requestId))
      .get() ?? null
  );
}

/** A request for staff and officials; officials never see internal notes. */
export function getRequestForStaff(actor: RequestActor, requestId: string, pages: ThreadPages = {}) {
  const row = requestRow(requestId);
  if (!row) return null;
  const internal = actor.role === "admin" || actor.role === "steward";
  const messages = messagesOf(requestId, internal, pages.messages ?? 0);
  const history = historyOf(requestId, pages.history ?? 0);
  return {
    ...row.request,
    idempotencyKey: undefined,
    centreNameZh: row.centreNameZh,
    centreNameEn: row.centreNameEn,
    submitterName: row.submitterName,
    canHandle: canHandleRequests(actor, row),
    messages: messages.rows,
    attachments: attachmentsOf(requestId, internal),
    history: history.rows,
    paging: { messages: pagingOf(messages), history: pagingOf(history) },
    rating: ratingOf(requestId),
    deadline: currentDeadline(row.request.status, row.request),
  };
}

/**
 * ★ A request as its enterprise sees it: scoped to the user's centre in the query, with
 * public messages only and no staff-only fields.
 */
export function getRequestForEnterprise(user: { centreId: string }, requestId: string, pages: ThreadPages = {}) {
  const row = db
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      description: supportRequests.description,
      categoryCode: supportRequests.categoryCode,
      urgency: supportRequests.urgency,
      status: supportRequests.status,
      submittedOn: supportRequests.submittedOn,
      acceptDueOn: supportRequests.acceptDueOn,
      firstContactDueOn: supportRequests.firstContactDueOn,
      answerDueOn: supportRequests.answerDueOn,
      acceptedAt: supportRequests.acceptedAt,
      firstContactAt: supportRequests.firstContactAt,
      answeredAt: supportRequests.answeredAt,
      closedAt: supportRequests.closedAt,
    })
    .from(supportRequests)
    .where(and(eq(supportRequests.id, requestId), eq(supportRequests.centreId, user.centreId)))
    .get();
  if (!row) return null;
  const messages = messagesOf(requestId, false, pages.messages ?? 0);
  const history = historyOf(requestId, pages.history ?? 0);
  return {
    ...row,
    messages: messages.rows.map(({ authorRole, ...m }) => ({ ...m, fromStaff: authorRole !== "enterprise" })),
    attachments: attachmentsOf(requestId, false),
    history: history.rows.map(({ toStatus, at }) => ({ toStatus, at })),
    paging: { messages: pagingOf(messages), history: pagingOf(history) },
    rating: ratingOf(requestId),
    deadline: currentDeadline(row.status, row),
  };
}

/** May this user download this attachment? Scoped like the request page they could open. */
export function findAttachmentFor(actor: RequestActor, attachmentId: string) {
  const row = db
    .select({
      storageKey: attachments.storageKey,
      fileName: attachments.fileName,
      detectedType: attachments.detectedType,
      centreId: supportRequests.centreId,
      visibility: requestMessages.visibility,
    })
    .from(attachments)
    .innerJoin(supportRequests, eq(supportRequests.id, attachments.requestId))
    .leftJoin(requestMessages, eq(requestMessages.id, attachments.messageId))
    .where(eq(attachments.id, attachmentId))
    .get();
  if (!row) return null;
  if (actor.role === "enterprise" && (row.centreId !== actor.centreId || row.visibility === "internal")) return null;
  if (actor.role === "official" && row.visibility === "internal") return null;
  return row;
}

/* ------------------------------------------------------------------ acting */

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
export function actOnRequest(actor: RequestActor, requestId: string, input: RequestActionInput): Result {
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

  return db.transaction((tx): Result => {
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

/** The newest `limit` requests of a centre, for its timeline (staff view; index on centre and time). */
export function requestsOfCentre(centreId: string, limit: number) {
  return db
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      status: supportRequests.status,
      createdAt: supportRequests.createdAt,
    })
    .from(supportRequests)
    .where(eq(supportRequests.centreId, centreId))
    .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
    .limit(limit)
    .all();
}
