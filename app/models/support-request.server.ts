import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { attachments, centres, requestEvents, requestMessages, satisfaction, supportRequests, users } from "../../db/schema";
import { currentDeadline } from "~/domain/request-clock";
import { isOpen, isRequestStatus, REQUEST_STATUSES } from "~/domain/request-lifecycle";
import { pageParam } from "~/domain/centre-timeline";
import { canHandleRequests, type Role } from "~/domain/permissions";
import { db } from "~/utils/db.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { workingCalendar } from "./calendar.server";
import { stewardedBy } from "./centre.server";
import { getSetting } from "./reference.server";

/**
 * Reading support requests: the staff queue, the portal's list, one request as staff or its
 * enterprise sees it, attachments and a centre's requests. Beside it, one module for each thing
 * done to a request: support-request-submit (a new request), support-request-actions (status
 * transitions, messages, rating) and support-request-due-dates (the clock).
 */

export type RequestActor = { id: string; role: Role; centreId: string | null; locale?: "zh-CN" | "en" | null };

const lead = alias(users, "lead");

/** A request's clock as its enterprise sees it: submitted on, each due date and when it was met. */
const clockColumns = {
  submittedOn: supportRequests.submittedOn,
  acceptDueOn: supportRequests.acceptDueOn,
  firstContactDueOn: supportRequests.firstContactDueOn,
  answerDueOn: supportRequests.answerDueOn,
  acceptedAt: supportRequests.acceptedAt,
  firstContactAt: supportRequests.firstContactAt,
  answeredAt: supportRequests.answeredAt,
};

/** Requests per page of the portal's list. */
export const PORTAL_REQUESTS_PAGE_SIZE = 20;

/** ★ The requests of the enterprise user's own centre, newest first, one page at a time (0 = the newest). */
export function listPortalRequests(user: { centreId: string }, page = 0, size = PORTAL_REQUESTS_PAGE_SIZE) {
  const rows = portalRequestsPage().all({ centreId: user.centreId, limit: size + 1, offset: page * size });
  return { page, rows: rows.slice(0, size), hasOlder: rows.length > size };
}

/** ★ The requests of one centre (the enterprise user's own), newest first. */
const portalRequestsPage = preparedQuery((conn) =>
  conn
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      categoryCode: supportRequests.categoryCode,
      status: supportRequests.status,
      ...clockColumns,
    })
    .from(supportRequests)
    .where(eq(supportRequests.centreId, sql.placeholder("centreId")))
    .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(),
);

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
 * The staff queue, nearest current deadline first (the stored `current_deadline_on`), then the
 * open requests without a running deadline (referred: paused; answered), newest first; ties by
 * id. Rows `offset … offset + limit`, at any depth: the page's ids are read in that order from
 * the queue's index (requests_queue_order_idx), "dated" then "undated", and only those rows
 * are read whole, with their centre and steward.
 */
export function listRequestQueue(filters: QueueFilters, today: string, limit = 200, offset = 0) {
  const where: SQL[] = [];
  const deadline = supportRequests.currentDeadlineOn;
  // A status no request can have (an edited URL) matches none.
  if (filters.status) where.push(isRequestStatus(filters.status) ? eq(supportRequests.status, filters.status) : sql`0`);
  else if (filters.open) where.push(inArray(supportRequests.status, OPEN_STATUSES));
  if (filters.category) where.push(eq(supportRequests.categoryCode, filters.category));
  if (filters.matching) where.push(filters.matching);
  if (filters.centre) where.push(eq(supportRequests.centreId, filters.centre));
  if (filters.steward) where.push(stewardedBy(filters.steward, supportRequests.centreId));
  if (filters.due === "overdue") where.push(lt(deadline, today));
  if (filters.due === "due_soon") {
    const soon = workingCalendar().addWorkingDays(today, getSetting("dueSoonWorkingDays")).date;
    where.push(gte(deadline, today), lte(deadline, soon));
  }
  const idsOf = (part: SQL, n: number, skip: number) =>
    db
      .select({ id: supportRequests.id })
      .from(supportRequests)
      .where(and(...where, part))
      .orderBy(asc(deadline), desc(supportRequests.createdAt), desc(supportRequests.id))
      .limit(n)
      .offset(skip)
      .all()
      .map((r) => r.id);
  const ids = idsOf(isNotNull(deadline), limit, offset);
  if (ids.length < limit && !filters.due) {
    // The dated requests end before this page does: the undated ones follow them.
    const dated = ids.length > 0 || offset === 0 ? offset + ids.length : countWhere(and(...where, isNotNull(deadline)));
    ids.push(...idsOf(isNull(deadline), limit - ids.length, Math.max(0, offset - dated)));
  }
  return queueRows(ids);
}

function countWhere(condition: SQL | undefined): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(supportRequests)
      .where(condition)
      .get()?.n ?? 0
  );
}

/** The queue's columns of these requests, in the order of `ids`. */
function queueRows(ids: string[]) {
  if (ids.length === 0) return [];
  const rows = queueRowsByIds().all({ ids: jsonList(ids) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const queueRowsByIds = preparedQuery((conn) =>
  conn
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
      deadline: supportRequests.currentDeadlineOn,
      centreId: centres.id,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
      stewardName: lead.name,
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .leftJoin(lead, eq(lead.id, centres.leadStewardId))
    .where(inList(supportRequests.id, "ids"))
    .prepare(),
);

export function requestRow(requestId: string) {
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

/**
 * What a request page shows below the request: the asked-for pages of its messages and status
 * history, its attachments and its rating; internal messages and their files only when `internal`.
 */
function requestThread(requestId: string, internal: boolean, pages: ThreadPages) {
  const messages = messagesOf(requestId, internal, pages.messages ?? 0);
  const history = historyOf(requestId, pages.history ?? 0);
  return {
    messages: messages.rows,
    attachments: attachmentsOf(requestId, internal),
    history: history.rows,
    paging: { messages: pagingOf(messages), history: pagingOf(history) },
    rating: ratingOf(requestId),
  };
}

export function ratingOf(requestId: string) {
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
  return {
    ...row.request,
    idempotencyKey: undefined,
    centreNameZh: row.centreNameZh,
    centreNameEn: row.centreNameEn,
    submitterName: row.submitterName,
    canHandle: canHandleRequests(actor, row),
    ...requestThread(requestId, internal, pages),
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
      ...clockColumns,
      closedAt: supportRequests.closedAt,
    })
    .from(supportRequests)
    .where(and(eq(supportRequests.id, requestId), eq(supportRequests.centreId, user.centreId)))
    .get();
  if (!row) return null;
  const thread = requestThread(requestId, false, pages);
  return {
    ...row,
    ...thread,
    messages: thread.messages.map(({ authorRole, ...m }) => ({ ...m, fromStaff: authorRole !== "enterprise" })),
    history: thread.history.map(({ toStatus, at }) => ({ toStatus, at })),
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

/**
 * The newest `limit` requests of a centre, for its timeline (staff view): their id and time only
 * (index on centre and time), so a deep page of a centre with thousands of requests reads no
 * more than it needs; `requestsByIds` reads the few the page shows.
 */
export function requestTimesOfCentre(centreId: string, limit: number) {
  return requestTimesOfCentreQuery().all({ centreId, limit });
}

const requestTimesOfCentreQuery = preparedQuery((conn) =>
  conn
    .select({ id: supportRequests.id, createdAt: supportRequests.createdAt })
    .from(supportRequests)
    .where(eq(supportRequests.centreId, sql.placeholder("centreId")))
    .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The timeline's columns of these requests of a centre (staff view). */
export function requestsByIds(centreId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return requestsOfCentreByIds().all({ centreId, ids: jsonList(ids) });
}

const requestsOfCentreByIds = preparedQuery((conn) =>
  conn
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      status: supportRequests.status,
      createdAt: supportRequests.createdAt,
    })
    .from(supportRequests)
    .where(and(eq(supportRequests.centreId, sql.placeholder("centreId")), inList(supportRequests.id, "ids")))
    .prepare(),
);
