import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  answerArticleDepartments,
  answerArticles,
  answerArticleTemplates,
  answerArticleVersions,
  answerSources,
  checklistTemplates,
  referenceItems,
  requestAnswerArticles,
  users,
} from "../../db/schema";
import {
  ARTICLE_ACTIONS,
  articleTransition,
  VERSION_FIELDS,
  type ArticleAction,
  type Source,
  type VersionSnapshot,
} from "~/domain/answers";
import { can } from "~/domain/permissions";
import type { ArticleInput } from "~/schemas/answer";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { articleTextColumns } from "./answer-search.server";
import { auditTrailOf, recordAudit } from "./audit.server";
import type { Actor, Tx } from "./write-types.server";

/**
 * The policy library's writes (issue 15): validate (zod, in the route) → authorise → one
 * transaction (article row, its new version, links, audit row) → the caller redirects.
 * Every edit is a new version: a full snapshot, numbered from 1, with who and when; the
 * article row caches the latest version's content for lists and the search index.
 */

export type ArticleWriteResult =
  { ok: true; id: string; version: number } | { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: FieldErrors };

const refused = (status: 400 | 403 | 404 | 409, fieldErrors: FieldErrors): ArticleWriteResult => ({
  ok: false,
  status,
  fieldErrors,
});

/** The version as stored: its departments and templates are sets, kept sorted. */
export function snapshotOf(input: ArticleInput): VersionSnapshot {
  const { snapshot } = input;
  return {
    ...snapshot,
    departmentCodes: [...new Set(snapshot.departmentCodes)].sort(),
    templateIds: [...new Set(snapshot.templateIds)].sort(),
  };
}

/** Server checks the schema cannot make: the category, departments and templates exist. */
function checkReferences(tx: Tx, snapshot: VersionSnapshot): FieldErrors | null {
  const codes = (kind: "request_category" | "department") =>
    new Set(
      tx
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(eq(referenceItems.kind, kind))
        .all()
        .map((r) => r.code),
    );
  if (!codes("request_category").has(snapshot.categoryCode)) return { category: "validation.unknownCode" };
  const departments = codes("department");
  if (snapshot.departmentCodes.some((d) => !departments.has(d))) return { departments: "validation.unknownCode" };
  if (snapshot.templateIds.length > 0) {
    const found = tx
      .select({ id: checklistTemplates.id })
      .from(checklistTemplates)
      .where(inArray(checklistTemplates.id, snapshot.templateIds))
      .all();
    if (found.length !== snapshot.templateIds.length) return { templates: "validation.unknownCode" };
  }
  return null;
}

function writeLinks(tx: Tx, articleId: string, snapshot: VersionSnapshot) {
  tx.delete(answerArticleDepartments).where(eq(answerArticleDepartments.articleId, articleId)).run();
  tx.delete(answerArticleTemplates).where(eq(answerArticleTemplates.articleId, articleId)).run();
  tx.delete(answerSources).where(eq(answerSources.articleId, articleId)).run();
  for (const departmentCode of snapshot.departmentCodes)
    tx.insert(answerArticleDepartments).values({ articleId, departmentCode }).run();
  for (const templateId of snapshot.templateIds) tx.insert(answerArticleTemplates).values({ articleId, templateId }).run();
  snapshot.sources.forEach((s, sortOrder) =>
    tx
      .insert(answerSources)
      .values({ articleId, sortOrder, ...s })
      .run(),
  );
}

function insertVersion(tx: Tx, articleId: string, number: number, snapshot: VersionSnapshot, actorId: string, note: string) {
  return tx
    .insert(answerArticleVersions)
    .values({ articleId, number, ...snapshot, note, authorId: actorId })
    .returning({ id: answerArticleVersions.id })
    .get().id;
}

/** The article row's copy of its latest version (what lists and search read without the versions table). */
function cachedColumns(snapshot: VersionSnapshot) {
  const { titleZh, titleEn, bodyZh, bodyEn, categoryCode, validFrom, reviewBy } = snapshot;
  return { titleZh, titleEn, bodyZh, bodyEn, categoryCode, validFrom, reviewBy };
}

function auditChanges(before: VersionSnapshot | null, after: VersionSnapshot) {
  return VERSION_FIELDS.filter((f) => JSON.stringify(before?.[f] ?? null) !== JSON.stringify(after[f])).map((field) => ({
    field,
    before: before?.[field] ?? null,
    after: after[field],
  }));
}

/** A new draft article, version 1. `importKey` keys an article loaded from CSV. */
export function createArticle(
  actor: Actor,
  input: ArticleInput,
  options: { importKey?: string | null; tx?: Tx } = {},
): ArticleWriteResult {
  if (!can(actor.role, "write:answers:any")) return refused(403, { _form: "errors.403.body" });
  const snapshot = snapshotOf(input);
  const write = (tx: Tx): ArticleWriteResult => {
    const problem = checkReferences(tx, snapshot);
    if (problem) return refused(400, problem);
    const { id } = tx
      .insert(answerArticles)
      .values({
        ...cachedColumns(snapshot),
        authorId: actor.id,
        importKey: options.importKey ?? null,
        version: 1,
      })
      .returning({ id: answerArticles.id })
      .get();
    insertVersion(tx, id, 1, snapshot, actor.id, input.note);
    writeLinks(tx, id, snapshot);
    recordAudit(tx, {
      actorId: actor.id,
      entity: "answer_article",
      entityId: id,
      action: "create",
      changes: auditChanges(null, snapshot),
    });
    return { ok: true, id, version: 1 };
  };
  return options.tx ? write(options.tx) : db.transaction(write);
}

/** The latest version's snapshot, as stored. */
export function currentSnapshot(tx: Tx | typeof db, articleId: string): (VersionSnapshot & { number: number }) | null {
  const row = tx
    .select()
    .from(answerArticleVersions)
    .where(eq(answerArticleVersions.articleId, articleId))
    .orderBy(desc(answerArticleVersions.number))
    .limit(1)
    .get();
  if (!row) return null;
  return {
    number: row.number,
    titleZh: row.titleZh,
    titleEn: row.titleEn,
    bodyZh: row.bodyZh,
    bodyEn: row.bodyEn,
    categoryCode: row.categoryCode,
    departmentCodes: row.departmentCodes,
    templateIds: row.templateIds,
    sources: row.sources,
    validFrom: row.validFrom,
    reviewBy: row.reviewBy,
  };
}

/**
 * An edit: a new version on top of the one the editor saw (`input.version`, or `expectVersion`
 * for the CSV import), or 409 when someone saved meanwhile. An edit that changes nothing writes
 * nothing and answers the current version (a re-import is idempotent).
 */
export function updateArticle(
  actor: Actor,
  articleId: string,
  input: ArticleInput,
  options: { tx?: Tx; expectVersion?: number } = {},
): ArticleWriteResult & { unchanged?: boolean } {
  if (!can(actor.role, "write:answers:any")) return refused(403, { _form: "errors.403.body" });
  const snapshot = snapshotOf(input);
  const write = (tx: Tx): ArticleWriteResult & { unchanged?: boolean } => {
    const article = tx
      .select({ id: answerArticles.id, version: answerArticles.version })
      .from(answerArticles)
      .where(eq(answerArticles.id, articleId))
      .get();
    if (!article) return refused(404, { _form: "errors.404.body" });
    const expected = options.expectVersion ?? input.version;
    if (expected !== undefined && expected !== article.version) return refused(409, { _form: "answers.errors.staleVersion" });
    const problem = checkReferences(tx, snapshot);
    if (problem) return refused(400, problem);
    const before = currentSnapshot(tx, articleId);
    const changes = auditChanges(before, snapshot);
    if (changes.length === 0) return { ok: true, id: articleId, version: article.version, unchanged: true };
    const number = article.version + 1;
    const updated = tx
      .update(answerArticles)
      .set({
        ...cachedColumns(snapshot),
        version: number,
        updatedAt: new Date(),
      })
      .where(and(eq(answerArticles.id, articleId), eq(answerArticles.version, article.version)))
      .run();
    if (updated.changes !== 1) return refused(409, { _form: "answers.errors.staleVersion" });
    insertVersion(tx, articleId, number, snapshot, actor.id, input.note);
    writeLinks(tx, articleId, snapshot);
    recordAudit(tx, { actorId: actor.id, entity: "answer_article", entityId: articleId, action: "edit", changes });
    return { ok: true, id: articleId, version: number };
  };
  return options.tx ? write(options.tx) : db.transaction(write);
}

/** Publish, unpublish, retire or restore, by the transition table (app/domain/answers.ts). */
export function changeArticleStatus(
  actor: Actor,
  articleId: string,
  action: ArticleAction,
  version: number,
  today: string,
): ArticleWriteResult {
  if (!can(actor.role, "write:answers:any")) return refused(403, { _form: "errors.403.body" });
  return db.transaction((tx): ArticleWriteResult => {
    const article = tx.select().from(answerArticles).where(eq(answerArticles.id, articleId)).get();
    if (!article) return refused(404, { _form: "errors.404.body" });
    if (article.version !== version) return refused(409, { _form: "answers.errors.staleVersion" });
    const outcome = articleTransition(article, action, today);
    if (!outcome.ok) return refused(409, { _form: `answers.errors.${outcome.reason}` });
    const publishedAt = outcome.to === "published" ? new Date() : article.publishedAt;
    tx.update(answerArticles)
      .set({ status: outcome.to, publishedAt, updatedAt: new Date() })
      .where(eq(answerArticles.id, articleId))
      .run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "answer_article",
      entityId: articleId,
      action,
      changes: [{ field: "status", before: article.status, after: outcome.to }],
    });
    return { ok: true, id: articleId, version: article.version };
  });
}

/* ---------------------------------------------------------------- reads (staff) */

export type ArticleVersionRow = VersionSnapshot & {
  id: string;
  number: number;
  note: string;
  authorName: string | null;
  createdAt: Date;
};

/** One article with every version (newest first), its links and how often it answered a request. Staff only. */
export function getArticleForStaff(articleId: string) {
  const article = db
    .select({
      ...articleTextColumns,
      status: answerArticles.status,
      validFrom: answerArticles.validFrom,
      reviewBy: answerArticles.reviewBy,
      version: answerArticles.version,
      importKey: answerArticles.importKey,
      publishedAt: answerArticles.publishedAt,
      updatedAt: answerArticles.updatedAt,
      authorName: users.name,
    })
    .from(answerArticles)
    .leftJoin(users, eq(users.id, answerArticles.authorId))
    .where(eq(answerArticles.id, articleId))
    .get();
  if (!article) return null;
  const versions: ArticleVersionRow[] = db
    .select({
      id: answerArticleVersions.id,
      number: answerArticleVersions.number,
      titleZh: answerArticleVersions.titleZh,
      titleEn: answerArticleVersions.titleEn,
      bodyZh: answerArticleVersions.bodyZh,
      bodyEn: answerArticleVersions.bodyEn,
      categoryCode: answerArticleVersions.categoryCode,
      departmentCodes: answerArticleVersions.departmentCodes,
      templateIds: answerArticleVersions.templateIds,
      sources: answerArticleVersions.sources,
      validFrom: answerArticleVersions.validFrom,
      reviewBy: answerArticleVersions.reviewBy,
      note: answerArticleVersions.note,
      authorName: users.name,
      createdAt: answerArticleVersions.createdAt,
    })
    .from(answerArticleVersions)
    .leftJoin(users, eq(users.id, answerArticleVersions.authorId))
    .where(eq(answerArticleVersions.articleId, articleId))
    .orderBy(desc(answerArticleVersions.number))
    .all();
  // Counted, not read: a popular answer is used on thousands of requests.
  const uses = db
    .select({ n: sql<number>`count(*)` })
    .from(requestAnswerArticles)
    .where(eq(requestAnswerArticles.articleId, articleId))
    .get()!.n;
  return {
    ...article,
    versions,
    current: versions[0]!,
    uses,
    sources: sourcesOf(articleId),
    statusHistory: statusHistoryOf(articleId),
  };
}

/** The article's status changes (publish, unpublish, retire, restore) from its audit trail, newest first. */
export function statusHistoryOf(articleId: string, limit = 20) {
  return auditTrailOf("answer_article", articleId, limit, { actions: ARTICLE_ACTIONS }).map(({ action, at, actorName }) => ({
    action: action as ArticleAction,
    at,
    actorName,
  }));
}

export function sourcesOf(articleId: string): Source[] {
  return db
    .select({
      name: answerSources.name,
      number: answerSources.number,
      issuer: answerSources.issuer,
      issuedOn: answerSources.issuedOn,
      url: answerSources.url,
    })
    .from(answerSources)
    .where(eq(answerSources.articleId, articleId))
    .orderBy(asc(answerSources.sortOrder))
    .all();
}

/** The checklist templates an article may link to, for the form. */
export function templateOptions() {
  return db
    .select({ id: checklistTemplates.id, titleZh: checklistTemplates.titleZh, titleEn: checklistTemplates.titleEn })
    .from(checklistTemplates)
    .orderBy(asc(checklistTemplates.sortOrder), asc(checklistTemplates.titleEn))
    .all();
}
