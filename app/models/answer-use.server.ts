import { and, asc, desc, eq, inArray } from "drizzle-orm";
import {
  answerArticles,
  answerArticleVersions,
  answerSuggestionViews,
  requestAnswerArticles,
  requestMessages,
  users,
} from "../../db/schema";
import type { RequestActionInput } from "~/schemas/request";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import type { RequestActor } from "./support-request.server";
import { actOnRequest } from "./support-request-actions.server";

/**
 * Where the library is used (issue 15): which article versions answered a request, and which
 * suggested articles enterprise users opened while typing a new request.
 */

type ActResult = ReturnType<typeof actOnRequest>;

/**
 * The request action of the staff request page: the request model's own action and, for a
 * public reply or an answer that carries inserted articles, one link row per article version
 * to the message it went into, all in one transaction (the action's own transaction becomes a
 * savepoint of this one). Only published articles' versions are accepted.
 */
export function actOnRequestWithArticles(
  actor: RequestActor,
  requestId: string,
  input: RequestActionInput,
  insertedVersionIds: string[],
): ActResult {
  const versionIds = input.intent === "reply" || input.intent === "answer" ? insertedVersionIds : [];
  if (versionIds.length === 0) return actOnRequest(actor, requestId, input);
  const versions = db
    .select({ id: answerArticleVersions.id, articleId: answerArticleVersions.articleId, number: answerArticleVersions.number })
    .from(answerArticleVersions)
    .innerJoin(answerArticles, eq(answerArticles.id, answerArticleVersions.articleId))
    .where(and(inArray(answerArticleVersions.id, versionIds), eq(answerArticles.status, "published")))
    .all();
  if (versions.length !== versionIds.length)
    return { ok: false, status: 400, error: "answers.errors.unknownVersion", field: "body" };
  return db.transaction((tx): ActResult => {
    const result = actOnRequest(actor, requestId, input);
    if (!result.ok) return result;
    const message = tx
      .select({ id: requestMessages.id })
      .from(requestMessages)
      .where(
        and(
          eq(requestMessages.requestId, requestId),
          eq(requestMessages.authorId, actor.id),
          eq(requestMessages.visibility, "public"),
        ),
      )
      .orderBy(desc(requestMessages.createdAt))
      .limit(1)
      .get();
    for (const v of versions)
      tx.insert(requestAnswerArticles)
        .values({ requestId, messageId: message?.id ?? null, articleId: v.articleId, versionId: v.id, actorId: actor.id })
        .run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "support_request",
      entityId: requestId,
      action: "answered_with_articles",
      changes: versions.map((v) => ({ field: "answer_article", before: null, after: `${v.articleId}#${v.number}` })),
    });
    return result;
  });
}

/** The articles (and versions) that went into a request's messages, in order. Staff pages only. */
export function articlesOfRequest(requestId: string) {
  return db
    .select({
      articleId: requestAnswerArticles.articleId,
      messageId: requestAnswerArticles.messageId,
      versionNumber: answerArticleVersions.number,
      titleZh: answerArticleVersions.titleZh,
      titleEn: answerArticleVersions.titleEn,
      actorName: users.name,
      createdAt: requestAnswerArticles.createdAt,
    })
    .from(requestAnswerArticles)
    .innerJoin(answerArticleVersions, eq(answerArticleVersions.id, requestAnswerArticles.versionId))
    .leftJoin(users, eq(users.id, requestAnswerArticles.actorId))
    .where(eq(requestAnswerArticles.requestId, requestId))
    .orderBy(asc(requestAnswerArticles.createdAt))
    .all();
}

/** The current version's id of an article (what an insertion records). */
export function currentVersionId(articleId: string): string | null {
  return (
    db
      .select({ id: answerArticleVersions.id })
      .from(answerArticleVersions)
      .innerJoin(answerArticles, eq(answerArticles.id, answerArticleVersions.articleId))
      .where(and(eq(answerArticleVersions.articleId, articleId), eq(answerArticleVersions.number, answerArticles.version)))
      .get()?.id ?? null
  );
}

/**
 * An enterprise user opened an article the new-request form suggested. Logged once per form
 * (its idempotency key) and article; a usage log, not a change of any record, so no audit row.
 */
export function logSuggestionOpen(user: { id: string; centreId: string }, articleId: string, formKey: string) {
  db.insert(answerSuggestionViews)
    .values({ articleId, userId: user.id, centreId: user.centreId, formKey, openedAt: new Date() })
    .onConflictDoNothing()
    .run();
}
