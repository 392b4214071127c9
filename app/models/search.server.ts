import { and, eq, inArray, sql, type GetColumnData, type SQL } from "drizzle-orm";
import { centres, checklistItems, contacts, followUps, interactions, requestMessages, supportRequests } from "../../db/schema";
import {
  foldSearchText,
  ftsMatchExpression,
  GROUP_LIMIT,
  KIND_LIMIT,
  parseSearchQuery,
  rankByName,
  shortMatchExpression,
  type SearchKind,
  type SearchQuery,
} from "~/domain/search-text";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { db } from "~/utils/db.server";
import { followUpsSharedWith } from "./follow-up.server";

/**
 * The one search box (issue 13): a query over the search index (migration 0007_search_index:
 * search_docs + one FTS5 trigram table per kind, kept in step by triggers). Staff search runs
 * on the index; the portal search scans the enterprise user's own centre only.
 */

const FTS_TABLE: Record<SearchKind | "message", string> = {
  centre: "search_fts_centres",
  contact: "search_fts_contacts",
  request: "search_fts_requests",
  message: "search_fts_messages",
  interaction: "search_fts_interactions",
  follow_up: "search_fts_follow_ups",
};
const HAS_SHORT: ReadonlySet<SearchKind | "message"> = new Set(["centre", "contact", "request"]);

type DocHit = { refId: string; parentId: string | null };

/**
 * SQL selecting `refId, parentId, docId` of the rows of one kind that match every term, or null
 * when the kind cannot match (short terms only, and the kind has no name columns).
 */
function docsSql(kind: SearchKind | "message", query: SearchQuery): SQL | null {
  if (query.indexed.length > 0) {
    const table = sql.raw(FTS_TABLE[kind]);
    const extra = query.short.map((t) => sql` and instr(f.body, ${t}) > 0`);
    return sql`select d.ref_id as refId, d.parent_id as parentId, f.rowid as docId from ${table} f
      join search_docs d on d.id = f.rowid
      where ${table} match ${ftsMatchExpression(query.indexed)}${sql.join(extra, sql``)}`;
  }
  if (!HAS_SHORT.has(kind) || query.short.length === 0) return null;
  // The exact substrings, checked on the few rows the one-character index finds (or on all of the kind).
  const conditions = query.short.map((t) => sql` and instr(d.short, ${t}) > 0`);
  const expression = shortMatchExpression(kind, query.short);
  if (!expression) {
    return sql`select d.ref_id as refId, d.parent_id as parentId, d.id as docId from search_docs d where d.kind = ${kind}${sql.join(conditions, sql``)}`;
  }
  return sql`select d.ref_id as refId, d.parent_id as parentId, f.rowid as docId from search_fts_short f
    join search_docs d on d.id = f.rowid
    where search_fts_short match ${expression} and d.kind = ${kind}${sql.join(conditions, sql``)}`;
}

/** The rows of one kind that match every term, newest first. */
function matchingDocs(kind: SearchKind | "message", query: SearchQuery, limit: number): DocHit[] {
  const docs = docsSql(kind, query);
  if (!docs) return [];
  return db.all<DocHit>(sql`select refId, parentId from (${docs}) order by docId desc limit ${limit}`);
}

/**
 * The support requests matching a query by receipt number, title or description, as a condition
 * for the request queue (`null` for an empty query).
 */
export function requestMatchCondition(rawQuery: string): SQL | null {
  const query = parseSearchQuery(rawQuery);
  if (query.terms.length === 0) return null;
  const docs = docsSql("request", query);
  if (!docs) return null;
  return sql`${supportRequests.id} in (select refId from (${docs}))`;
}

/**
 * The centres matching a query (names, parent company, USCC, address) through the search index,
 * as a condition for the centre list (`null` for an empty query): an index lookup instead of a
 * LIKE over every centre.
 */
export function centreMatchCondition(rawQuery: string): SQL | null {
  const query = parseSearchQuery(rawQuery);
  if (query.terms.length === 0) return null;
  const docs = docsSql("centre", query);
  return docs ? sql`${centres.id} in (select refId from (${docs}))` : sql`0`;
}

/** How many centres match a query: their documents counted (one per centre), without reading the centres. */
export function centreMatchCount(rawQuery: string): number {
  const docs = docsSql("centre", parseSearchQuery(rawQuery));
  return docs ? db.get<{ count: number }>(sql`select count(*) as count from (${docs})`).count : 0;
}

/**
 * For a query of short terms only (under three characters, "北京"), `centreMatchCondition` as a
 * test of one centre: its document holds every term. A list walking the centres in its sort
 * order can then stop at its page when most centres match (30,000 of 30,000 for "北京": 0.04 ms
 * instead of 65 ms for collecting and sorting every match; issue 14). Null when the query has a
 * term the trigram index finds (that index is the only exact test of those).
 */
export function centreShortMatchTest(rawQuery: string): SQL | null {
  const query = parseSearchQuery(rawQuery);
  if (query.terms.length === 0 || query.indexed.length > 0) return null;
  const conditions = query.short.map((t) => sql` and instr(d.short, ${t}) > 0`);
  return sql`exists (select 1 from search_docs d where d.kind = 'centre' and d.ref_id = ${centres.id}${sql.join(conditions, sql``)})`;
}

function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
}

const centreName = { centreId: centres.id, centreNameZh: centres.nameZh, centreNameEn: centres.nameEn };

function centreRows(ids: string[]) {
  if (ids.length === 0) return [];
  return inOrder(
    ids,
    db
      .select({
        id: centres.id,
        nameZh: centres.nameZh,
        nameEn: centres.nameEn,
        parentCompany: centres.parentCompany,
        uscc: centres.uscc,
        address: centres.address,
        stage: centres.stage,
        level: centres.level,
      })
      .from(centres)
      .where(inArray(centres.id, ids))
      .all(),
  );
}

/**
 * Rows of a table whose records belong to a centre, by id in the order of `ids`, each with its
 * centre's id and names (the search's contacts, requests, interactions and follow-ups).
 */
function rowsWithCentre<C extends { id: SQLiteColumn } & Record<string, SQLiteColumn>>(
  table: SQLiteTable & { id: SQLiteColumn; centreId: SQLiteColumn },
  columns: C,
) {
  type Row = { [K in keyof C | keyof typeof centreName]: GetColumnData<(C & typeof centreName)[K]> } & { id: string };
  return (ids: string[]): Row[] =>
    ids.length === 0
      ? []
      : inOrder(
          ids,
          db
            .select({ ...columns, ...centreName })
            .from(table)
            .innerJoin(centres, eq(centres.id, table.centreId))
            .where(inArray(table.id, ids))
            .all() as Row[],
        );
}

const contactRows = rowsWithCentre(contacts, {
  id: contacts.id,
  name: contacts.name,
  role: contacts.role,
  email: contacts.email,
  phone: contacts.phone,
});

const requestRows = rowsWithCentre(supportRequests, {
  id: supportRequests.id,
  receiptNo: supportRequests.receiptNo,
  title: supportRequests.title,
  description: supportRequests.description,
  status: supportRequests.status,
});

const interactionRows = rowsWithCentre(interactions, {
  id: interactions.id,
  kind: interactions.kind,
  occurredAt: interactions.occurredAt,
  summary: interactions.summary,
});

const followUpRows = rowsWithCentre(followUps, {
  id: followUps.id,
  description: followUps.description,
  status: followUps.status,
  dueOn: followUps.dueOn,
});

type Group<T> = { rows: T[]; more: boolean };

function group<T extends { id: string }>(hits: string[], limit: number, load: (ids: string[]) => T[]): Group<T> {
  const ids = [...new Set(hits)];
  return { rows: load(ids.slice(0, limit)), more: ids.length > limit };
}

/** Requests matching by their own fields or by one of their messages (staff: internal notes too). */
function requestGroup(query: SearchQuery, limit: number) {
  const own = matchingDocs("request", query, limit + 1);
  const byMessage = matchingDocs("message", query, limit + 1);
  const messageOf = new Map<string, string>();
  for (const m of byMessage) if (m.parentId && !messageOf.has(m.parentId)) messageOf.set(m.parentId, m.refId);
  const ids = [
    ...new Set([...own.map((d) => d.refId), ...byMessage.map((d) => d.parentId).filter((id): id is string => Boolean(id))]),
  ];
  const shown = ids.slice(0, limit);
  const messageIds = shown.map((id) => messageOf.get(id)).filter((id): id is string => Boolean(id));
  const bodies = new Map(
    messageIds.length
      ? db
          .select({
            id: requestMessages.id,
            requestId: requestMessages.requestId,
            body: requestMessages.body,
            visibility: requestMessages.visibility,
          })
          .from(requestMessages)
          .where(inArray(requestMessages.id, messageIds))
          .all()
          .map((m) => [m.requestId, m])
      : [],
  );
  return {
    rows: requestRows(shown).map((r) => {
      const message = bodies.get(r.id);
      return { ...r, message: message ? { body: message.body, visibility: message.visibility } : null };
    }),
    more: ids.length > limit,
  };
}

export type StaffSearchResult = ReturnType<typeof searchForStaff>;

/**
 * Staff search over the kinds the reader may search (app/domain/search-text.ts `searchKindsFor`):
 * each group at most `limit` rows with `more` when there are others; `only` narrows to one kind.
 */
export function searchForStaff(rawQuery: string, kinds: readonly SearchKind[], options: { only?: SearchKind } = {}) {
  const query = parseSearchQuery(rawQuery);
  const wanted = (kind: SearchKind) => kinds.includes(kind) && (!options.only || options.only === kind) && query.terms.length > 0;
  const limit = options.only ? KIND_LIMIT : GROUP_LIMIT;
  const ids = (kind: SearchKind) => matchingDocs(kind, query, limit + 1).map((d) => d.refId);
  const empty = { rows: [], more: false };
  return {
    terms: query.terms,
    centres: wanted("centre")
      ? group(ids("centre"), limit, (found) =>
          rankByName(centreRows(found), query.terms, (c) => [c.nameZh, c.nameEn, c.parentCompany]),
        )
      : empty,
    contacts: wanted("contact")
      ? group(ids("contact"), limit, (found) => rankByName(contactRows(found), query.terms, (c) => [c.name]))
      : empty,
    requests: wanted("request") ? requestGroup(query, limit) : { ...empty, rows: [] as ReturnType<typeof requestGroup>["rows"] },
    interactions: wanted("interaction") ? group(ids("interaction"), limit, interactionRows) : empty,
    followUps: wanted("follow_up") ? group(ids("follow_up"), limit, followUpRows) : empty,
  };
}

/** Every term occurs in the folded text of one of the expressions. */
function containsAll(terms: readonly string[], text: SQL): SQL {
  return sql.join(
    terms.map((t) => sql`instr(rdc_fold(${text}), ${t}) > 0`),
    sql` and `,
  );
}

/**
 * ★ The portal's search: the enterprise user's own centre only: its requests (receipt number,
 * title, description, public replies; never internal notes) and the checklist items and
 * follow-ups shared with it.
 */
export function searchForEnterprise(user: { centreId: string }, rawQuery: string) {
  const query = parseSearchQuery(rawQuery);
  if (query.terms.length === 0) return { terms: [], requests: [], checklist: [], followUps: [] };
  const requestText = sql`${supportRequests.receiptNo} || char(10) || ${supportRequests.title} || char(10) || ${supportRequests.description}`;
  const publicMessages = sql`coalesce((select group_concat(m.body, char(10)) from ${requestMessages} m
    where m.request_id = ${supportRequests.id} and m.visibility = 'public'), '')`;
  const requests = db
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      description: supportRequests.description,
      status: supportRequests.status,
    })
    .from(supportRequests)
    .where(
      and(
        eq(supportRequests.centreId, user.centreId),
        containsAll(query.terms, sql`${requestText} || char(10) || ${publicMessages}`),
      ),
    )
    .orderBy(sql`${supportRequests.createdAt} desc`)
    .limit(KIND_LIMIT)
    .all();
  // The public reply that matched, for the snippet (the requests are already the user's own).
  const replies = requests.length
    ? db
        .select({ requestId: requestMessages.requestId, body: requestMessages.body })
        .from(requestMessages)
        .where(
          and(
            inArray(
              requestMessages.requestId,
              requests.map((r) => r.id),
            ),
            eq(requestMessages.visibility, "public"),
          ),
        )
        .orderBy(requestMessages.createdAt)
        .all()
    : [];
  const replyOf = (id: string) =>
    replies.find((m) => m.requestId === id && query.terms.some((t) => foldSearchText(m.body).includes(t)))?.body ?? null;
  const checklist = db
    .select({
      id: checklistItems.id,
      titleZh: checklistItems.titleZh,
      titleEn: checklistItems.titleEn,
      status: checklistItems.status,
      dueOn: checklistItems.dueOn,
    })
    .from(checklistItems)
    .where(
      and(
        eq(checklistItems.centreId, user.centreId),
        eq(checklistItems.visibleToEnterprise, true),
        containsAll(query.terms, sql`${checklistItems.titleZh} || char(10) || ${checklistItems.titleEn}`),
      ),
    )
    .limit(KIND_LIMIT)
    .all();
  const shared = db
    .select({ id: followUps.id, description: followUps.description, status: followUps.status, dueOn: followUps.dueOn })
    .from(followUps)
    .where(and(followUpsSharedWith(user.centreId), containsAll(query.terms, sql`${followUps.description}`)))
    .limit(KIND_LIMIT)
    .all();
  return { terms: query.terms, requests: requests.map((r) => ({ ...r, reply: replyOf(r.id) })), checklist, followUps: shared };
}
