import { and, asc, eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { savedViews } from "../../db/schema";
import type { SavedViewPage } from "~/schemas/saved-view";
import { db } from "~/utils/db.server";
import { preparedQuery } from "~/utils/prepared-query.server";
import { recordAudit } from "./audit.server";
import { NOT_FOUND, refusal, type WriteResult } from "./write-types.server";

export const MAX_VIEWS_PER_PAGE = 20;

/** ★ A user's own saved views of a list page, by name. */
export function listSavedViews(user: { id: string }, page: SavedViewPage) {
  return savedViewsOf().all({ userId: user.id, page });
}

const savedViewsOf = preparedQuery((conn) =>
  conn
    .select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
    .from(savedViews)
    .where(and(eq(savedViews.userId, sql.placeholder("userId")), eq(savedViews.page, sql.placeholder("page"))))
    .orderBy(asc(savedViews.name))
    .prepare(),
);

type Result = WriteResult<object>;

/** Saves the filters under a name; the same name again replaces that view's filters. */
export function saveView(user: { id: string }, input: { page: SavedViewPage; name: string; query: string }): Result {
  return db.transaction((tx): Result => {
    const existing = tx
      .select({ id: savedViews.id, query: savedViews.query })
      .from(savedViews)
      .where(and(eq(savedViews.userId, user.id), eq(savedViews.page, input.page), eq(savedViews.name, input.name)))
      .get();
    if (existing) {
      tx.update(savedViews).set({ query: input.query }).where(eq(savedViews.id, existing.id)).run();
      recordAudit(tx, {
        actorId: user.id,
        entity: "saved_view",
        entityId: existing.id,
        action: "update",
        changes: [{ field: "query", before: existing.query, after: input.query }],
      });
      return { ok: true };
    }
    const { count } = tx
      .select({ count: sql<number>`count(*)` })
      .from(savedViews)
      .where(and(eq(savedViews.userId, user.id), eq(savedViews.page, input.page)))
      .get()!;
    if (count >= MAX_VIEWS_PER_PAGE) return refusal({ _form: "savedViews.tooMany" });
    const id = uuidv7();
    tx.insert(savedViews).values({ id, userId: user.id, page: input.page, name: input.name, query: input.query }).run();
    recordAudit(tx, {
      actorId: user.id,
      entity: "saved_view",
      entityId: id,
      action: "create",
      changes: [
        { field: "name", before: null, after: input.name },
        { field: "query", before: null, after: input.query },
      ],
    });
    return { ok: true };
  });
}

/** Deletes one of the user's own views; another user's id is not found. */
export function deleteView(user: { id: string }, id: string): Result {
  return db.transaction((tx): Result => {
    const view = tx
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.id, id), eq(savedViews.userId, user.id)))
      .get();
    if (!view) return NOT_FOUND;
    tx.delete(savedViews).where(eq(savedViews.id, id)).run();
    recordAudit(tx, {
      actorId: user.id,
      entity: "saved_view",
      entityId: id,
      action: "delete",
      changes: [{ field: "name", before: view.name, after: null }],
    });
    return { ok: true };
  });
}
