import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { answerArticles, answerArticleTemplates, checklistItems, users } from "../../db/schema";
import { isCurrent, reviewDueBy, suggestionTerms, type ArticleStatus, type ReviewFilter } from "~/domain/answers";
import { foldSearchText, ftsMatchExpression, parseSearchQuery } from "~/domain/search-text";
import { db } from "~/utils/db.server";
import { statement } from "./statements.server";

/**
 * Finding articles of the policy library: the staff list, the portal's list and search, the
 * steward's insert picker and the new-request suggestions. Text search runs on the library's
 * FTS5 trigram index (migration answers_search_index), folded as the one search box folds
 * (app/domain/search-text.ts): every term must occur; terms of one or two characters are
 * checked on the folded text directly (the library is small).
 */

const LIST_LIMIT = 200;

/** A condition: the article holds every term of the query (null for an empty query). */
export function articleMatchCondition(raw: string): SQL | null {
  const query = parseSearchQuery(raw);
  if (query.terms.length === 0) return null;
  const conditions: SQL[] = [];
  if (query.indexed.length > 0)
    conditions.push(
      sql`${answerArticles.id} in (select article_id from answer_articles_fts where answer_articles_fts match ${ftsMatchExpression(query.indexed)})`,
    );
  for (const term of query.short)
    conditions.push(
      sql`instr(rdc_fold(${answerArticles.titleZh} || char(10) || ${answerArticles.titleEn} || char(10) || ${answerArticles.bodyZh} || char(10) || ${answerArticles.bodyEn}), ${term}) > 0`,
    );
  return and(...conditions)!;
}

/** The current articles (published, in force, not expired) as a condition on `today`. */
function currentCondition(today: string): SQL {
  return and(
    eq(answerArticles.status, "published"),
    or(isNull(answerArticles.validFrom), lte(answerArticles.validFrom, today)),
    gte(answerArticles.reviewBy, today),
  )!;
}

const listColumns = {
  id: answerArticles.id,
  titleZh: answerArticles.titleZh,
  titleEn: answerArticles.titleEn,
  categoryCode: answerArticles.categoryCode,
  status: answerArticles.status,
  validFrom: answerArticles.validFrom,
  reviewBy: answerArticles.reviewBy,
  version: answerArticles.version,
  updatedAt: answerArticles.updatedAt,
  authorId: answerArticles.authorId,
  authorName: users.name,
};

export type StaffArticleFilters = { q: string; status: ArticleStatus | null; review: ReviewFilter | null };

/** The staff list (/answers): every status; filtered by text, status and review. Recently edited first. */
export function listArticlesForStaff(filters: StaffArticleFilters, today: string) {
  const conditions: SQL[] = [];
  const match = articleMatchCondition(filters.q);
  if (match) conditions.push(match);
  if (filters.status) conditions.push(eq(answerArticles.status, filters.status));
  if (filters.review) conditions.push(reviewCondition(filters.review, today));
  return db
    .select(listColumns)
    .from(answerArticles)
    .leftJoin(users, eq(users.id, answerArticles.authorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(answerArticles.updatedAt))
    .limit(LIST_LIMIT)
    .all();
}

function reviewCondition(review: "due" | "overdue", today: string): SQL {
  // Retired articles are never due; "due" includes the overdue (app/domain/answers.ts reviewState).
  const active = inArray(answerArticles.status, ["draft", "published"]);
  if (review === "overdue") return and(active, sql`${answerArticles.reviewBy} < ${today}`)!;
  return and(active, lte(answerArticles.reviewBy, reviewDueBy(today)))!;
}

/**
 * Articles due for review (or overdue), soonest first; one author's when `authorId` is given.
 * The conditions of reviewCondition("due"), as a statement compiled once per connection: every
 * view of a steward's /work reads it (issue 14).
 */
export function articlesDueForReview(today: string, authorId?: string, limit = 50): ArticleListRow[] {
  const rows = statement<[string, string | null, string | null, number]>(db, DUE_FOR_REVIEW_SQL).all(
    reviewDueBy(today),
    authorId ?? null,
    authorId ?? null,
    limit,
  ) as (Omit<ArticleListRow, "updatedAt"> & { updatedAt: number })[];
  return rows.map((row) => ({ ...row, updatedAt: new Date(row.updatedAt) }));
}

type ArticleListRow = ReturnType<typeof listArticlesForStaff>[number];

const DUE_FOR_REVIEW_SQL = `select a.id, a.title_zh as titleZh, a.title_en as titleEn, a.category_code as categoryCode,
    a.status, a.valid_from as validFrom, a.review_by as reviewBy, a.version, a.updated_at as updatedAt,
    a.author_id as authorId, u.name as authorName
  from answer_articles a left join users u on u.id = a.author_id
  where a.status in ('draft', 'published') and a.review_by <= ? and (? is null or a.author_id = ?)
  order by a.review_by limit ?`;

/** An article's texts in both languages and its category: what every list and page of articles reads. */
export const articleTextColumns = {
  id: answerArticles.id,
  titleZh: answerArticles.titleZh,
  titleEn: answerArticles.titleEn,
  bodyZh: answerArticles.bodyZh,
  bodyEn: answerArticles.bodyEn,
  categoryCode: answerArticles.categoryCode,
};

const portalColumns = {
  ...articleTextColumns,
  reviewBy: answerArticles.reviewBy,
  updatedAt: answerArticles.updatedAt,
};

/**
 * ★ The portal's list and search: current articles only (never a draft, retired, not yet valid
 * or expired one), newest first.
 */
export function listArticlesForPortal(q: string, today: string) {
  const match = articleMatchCondition(q);
  return db
    .select(portalColumns)
    .from(answerArticles)
    .where(match ? and(currentCondition(today), match) : currentCondition(today))
    .orderBy(desc(answerArticles.updatedAt))
    .limit(LIST_LIMIT)
    .all();
}

/** ★ One article for an enterprise user: published only (any other status is not found). */
export function getArticleForPortal(articleId: string) {
  return (
    db
      .select({
        ...portalColumns,
        status: answerArticles.status,
        validFrom: answerArticles.validFrom,
        version: answerArticles.version,
      })
      .from(answerArticles)
      .where(and(eq(answerArticles.id, articleId), eq(answerArticles.status, "published")))
      .get() ?? null
  );
}

/** The steward's picker on a request page: current articles matching the query (all current ones for an empty query). */
export function pickableArticles(q: string, today: string, limit = 8) {
  const match = articleMatchCondition(q);
  return db
    .select({ ...portalColumns, version: answerArticles.version })
    .from(answerArticles)
    .where(match ? and(currentCondition(today), match) : currentCondition(today))
    .orderBy(desc(answerArticles.updatedAt))
    .limit(limit)
    .all();
}

/** A current article by id for inserting into a reply (null when it is not current). */
export function currentArticle(articleId: string, today: string) {
  return (
    db
      .select({ ...portalColumns, version: answerArticles.version })
      .from(answerArticles)
      .where(and(eq(answerArticles.id, articleId), currentCondition(today)))
      .get() ?? null
  );
}

/**
 * Suggestions for a request being typed: current articles sharing the most terms with the text
 * (app/domain/answers.ts suggestionTerms), best first by the index's bm25 rank.
 */
export function suggestArticles(text: string, today: string, limit = 5) {
  const terms = suggestionTerms(foldSearchText(text));
  if (terms.length === 0) return [];
  const expression = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(" OR ");
  const ranked = db.all<{ articleId: string }>(
    sql`select article_id as articleId from answer_articles_fts where answer_articles_fts match ${expression} order by bm25(answer_articles_fts) limit 50`,
  );
  if (ranked.length === 0) return [];
  const rows = db
    .select({
      id: answerArticles.id,
      titleZh: answerArticles.titleZh,
      titleEn: answerArticles.titleEn,
      status: answerArticles.status,
      validFrom: answerArticles.validFrom,
      reviewBy: answerArticles.reviewBy,
    })
    .from(answerArticles)
    .where(
      inArray(
        answerArticles.id,
        ranked.map((r) => r.articleId),
      ),
    )
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked
    .map((r) => byId.get(r.articleId))
    .filter((r): r is NonNullable<typeof r> => r !== undefined && isCurrent(r, today))
    .slice(0, limit)
    .map(({ id, titleZh, titleEn }) => ({ id, titleZh, titleEn }));
}

/**
 * ★ The current articles linked to the open checklist items of the user's own centre (items
 * shown to the enterprise, not done or not applicable), by item id: the portal's checklist.
 */
export function portalChecklistAnswers(user: { centreId: string }, today: string) {
  const rows = db
    .select({
      itemId: checklistItems.id,
      id: answerArticles.id,
      titleZh: answerArticles.titleZh,
      titleEn: answerArticles.titleEn,
    })
    .from(checklistItems)
    .innerJoin(answerArticleTemplates, eq(answerArticleTemplates.templateId, checklistItems.templateId))
    .innerJoin(answerArticles, eq(answerArticles.id, answerArticleTemplates.articleId))
    .where(
      and(
        eq(checklistItems.centreId, user.centreId),
        eq(checklistItems.visibleToEnterprise, true),
        inArray(checklistItems.status, ["not_started", "in_progress", "waiting_on_department"]),
        currentCondition(today),
      ),
    )
    .orderBy(asc(answerArticles.titleEn))
    .all();
  const out: Record<string, { id: string; titleZh: string; titleEn: string }[]> = {};
  for (const { itemId, ...article } of rows) (out[itemId] ??= []).push(article);
  return out;
}
