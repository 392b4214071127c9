import { and, count, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { centres, inboxItems, supportRequests, users, type InboxKind } from "../../db/schema";
import { can, type Role } from "~/domain/permissions";
import { db } from "~/utils/db.server";
import { preparedQuery } from "~/utils/prepared-query.server";
import type { Tx } from "./write-types.server";

/**
 * ★ The stewards' in-app notifications ("inbox"): what happened on their centres and requests.
 * Items are written through the caller's transaction, in the same transaction as the event;
 * every read and update is scoped to the signed-in user inside the function.
 */

export const INBOX_PAGE_SIZE = 20;
/** Paging stops here: older items stay in the database but the list is bounded. */
export const INBOX_MAX_PAGES = 50;

/**
 * The active stewards (and admins) who look after a request: its assigned steward and the
 * centre's lead and district stewards, without `exceptUserId` (who caused the event).
 */
export function stewardsOfRequest(tx: Tx, requestId: string, exceptUserId: string | null): string[] {
  const row = tx
    .select({ assigned: supportRequests.assignedStewardId, lead: centres.leadStewardId, district: centres.districtStewardId })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .where(eq(supportRequests.id, requestId))
    .get();
  if (!row) return [];
  const ids = [
    ...new Set([row.assigned, row.lead, row.district].filter((id): id is string => Boolean(id) && id !== exceptUserId)),
  ];
  if (ids.length === 0) return [];
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
    .all()
    .map((u) => u.id);
}

/**
 * Adds one item per user. Due-soon and overdue items are unique per user, request and due
 * date (the daily run may see the same state again); answers how many were added.
 */
export function addInboxItems(tx: Tx, item: { kind: InboxKind; requestId: string; userIds: string[]; dueOn?: string }) {
  let added = 0;
  for (const userId of item.userIds) {
    added += tx
      .insert(inboxItems)
      .values({ userId, kind: item.kind, requestId: item.requestId, dueOn: item.dueOn ?? "" })
      .onConflictDoNothing()
      .run().changes;
  }
  return added;
}

/** Counted on every page (the bell in the header). */
const unreadCount = preparedQuery((conn) =>
  conn
    .select({ n: count() })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, sql.placeholder("userId")), isNull(inboxItems.readAt)))
    .prepare(),
);

export function countUnread(userId: string) {
  return unreadCount().get({ userId })?.n ?? 0;
}

/** One page of the user's items, newest first, with what the list shows of each request. */
export function listInbox(userId: string, page: number) {
  const total = Math.min(
    db.select({ n: count() }).from(inboxItems).where(eq(inboxItems.userId, userId)).get()?.n ?? 0,
    INBOX_PAGE_SIZE * INBOX_MAX_PAGES,
  );
  const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const items = db
    .select({
      id: inboxItems.id,
      kind: inboxItems.kind,
      dueOn: inboxItems.dueOn,
      readAt: inboxItems.readAt,
      createdAt: inboxItems.createdAt,
      requestId: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
    })
    .from(inboxItems)
    .innerJoin(supportRequests, eq(supportRequests.id, inboxItems.requestId))
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .where(eq(inboxItems.userId, userId))
    .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
    .limit(INBOX_PAGE_SIZE)
    .offset((current - 1) * INBOX_PAGE_SIZE)
    .all();
  return { items, page: current, pages, unread: countUnread(userId) };
}

/** Marks the user's item read and answers where it leads; null when it is not theirs. */
export function openInboxItem(userId: string, itemId: string, now = new Date()) {
  const item = db
    .select({ requestId: inboxItems.requestId })
    .from(inboxItems)
    .where(and(eq(inboxItems.id, itemId), eq(inboxItems.userId, userId)))
    .get();
  if (!item) return null;
  // Opening one item also settles the user's other unread items about the same request.
  db.update(inboxItems)
    .set({ readAt: now })
    .where(
      and(
        eq(inboxItems.userId, userId),
        isNull(inboxItems.readAt),
        or(eq(inboxItems.id, itemId), eq(inboxItems.requestId, item.requestId)),
      ),
    )
    .run();
  return { to: `/requests/${item.requestId}` };
}

/** Marks every unread item of the user read; answers how many. */
export function markAllInboxRead(userId: string, now = new Date()) {
  return db
    .update(inboxItems)
    .set({ readAt: now })
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)))
    .run().changes;
}

/**
 * What the header's bell shows the user: stewards and admins their unread count and list;
 * enterprise users a way to their email settings; null for officials.
 */
export function notificationBellOf(user: { id: string; role: Role }): { href: string; unread: number | null } | null {
  if (can(user.role, "read:notifications:own")) return { href: "/notifications", unread: countUnread(user.id) };
  if (can(user.role, "update:notification-settings:own")) return { href: "/settings/notifications", unread: null };
  return null;
}

/** The user opened the request itself (from the queue, an email, the list): its items are read. */
export function markInboxReadForRequest(userId: string, requestId: string, now = new Date()) {
  return db
    .update(inboxItems)
    .set({ readAt: now })
    .where(and(eq(inboxItems.userId, userId), eq(inboxItems.requestId, requestId), isNull(inboxItems.readAt)))
    .run().changes;
}
