import { and, asc, count, countDistinct, desc, eq, gte, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import { answerArticles, answerSuggestionViews, requestAnswerArticles, supportRequests } from "../../db/schema";
import { percent } from "~/domain/answers";
import { cachedFigures, type CacheScope } from "./figures-cache.server";
import { db as defaultDb, type Db } from "~/utils/db.server";

/**
 * The policy library's figures on the dashboard (issue 15), for the dashboard's period:
 *
 * - **Answered with an article**: of the requests submitted in the period and answered, the
 *   share whose replies carried at least one library article, overall and by category.
 * - **Most used**: the articles linked to the most requests, links made in the period.
 * - **Self-service**: suggestions opened in the new-request form in the period, the form
 *   sessions they were opened in (one per form key), and how many of those sessions ended
 *   without a request (no request carries the form's key).
 * - **Overdue for review**: articles (draft or published) whose review-by date is past, today.
 */

/** A Beijing date's first instant (ms). */
const startOfBeijingDay = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * Kept until a request, an answer link, a suggestion opened or an article changes (issue 14);
 * the dashboard's figures worker keeps its answers here too (`answerFiguresOffThread`).
 */
export const ANSWER_FIGURES_CACHE: CacheScope = { name: "answer-figures", counters: ["requests", "answers"], limit: 8 };
export const answerFiguresKey = (period: { from: string; to: string }, today: string) => `${period.from}|${period.to}|${today}`;

export function answerFigures(period: { from: string; to: string }, today: string, db: Db = defaultDb) {
  const { from, to } = period;
  return cachedFigures(db, ANSWER_FIGURES_CACHE, answerFiguresKey(period, today), () =>
    computeAnswerFigures({ from, to }, today, db),
  );
}
export type AnswerFigures = ReturnType<typeof computeAnswerFigures>;

function computeAnswerFigures(period: { from: string; to: string }, today: string, db: Db) {
  const since = new Date(startOfBeijingDay(period.from));
  const until = new Date(startOfBeijingDay(nextDay(period.to)));
  // Counted per category in SQL: a year's answered requests are tens of thousands at scale (issue 14).
  const answeredByCategory = db
    .select({
      categoryCode: supportRequests.categoryCode,
      answered: sql<number>`count(*)`,
      withArticle: sql<number>`sum(exists (select 1 from request_answer_articles l where l.request_id = support_requests.id))`,
    })
    .from(supportRequests)
    .where(
      and(
        gte(supportRequests.submittedOn, period.from),
        lte(supportRequests.submittedOn, period.to),
        isNotNull(supportRequests.answeredAt),
      ),
    )
    .groupBy(supportRequests.categoryCode)
    .all();
  const answered = answeredByCategory.reduce((n, c) => n + c.answered, 0);
  const answeredWithArticle = answeredByCategory.reduce((n, c) => n + c.withArticle, 0);

  const mostUsed = db
    .select({
      id: answerArticles.id,
      titleZh: answerArticles.titleZh,
      titleEn: answerArticles.titleEn,
      requests: countDistinct(requestAnswerArticles.requestId),
    })
    .from(requestAnswerArticles)
    .innerJoin(answerArticles, eq(answerArticles.id, requestAnswerArticles.articleId))
    .where(and(gte(requestAnswerArticles.createdAt, since), lt(requestAnswerArticles.createdAt, until)))
    .groupBy(answerArticles.id)
    .orderBy(desc(countDistinct(requestAnswerArticles.requestId)), asc(answerArticles.titleEn))
    .limit(5)
    .all();

  const inPeriod = and(gte(answerSuggestionViews.openedAt, since), lt(answerSuggestionViews.openedAt, until));
  const opened = db.select({ n: count() }).from(answerSuggestionViews).where(inPeriod).get()?.n ?? 0;
  const sessions = db
    .select({
      formKey: answerSuggestionViews.formKey,
      submitted: sql<number>`exists (select 1 from support_requests r where r.idempotency_key = answer_suggestion_views.form_key)`,
    })
    .from(answerSuggestionViews)
    .where(inPeriod)
    .groupBy(answerSuggestionViews.formKey)
    .all();
  const withoutRequest = sessions.filter((s) => !s.submitted).length;

  const overdue = db
    .select({
      id: answerArticles.id,
      titleZh: answerArticles.titleZh,
      titleEn: answerArticles.titleEn,
      reviewBy: answerArticles.reviewBy,
    })
    .from(answerArticles)
    .where(and(inArray(answerArticles.status, ["draft", "published"]), lt(answerArticles.reviewBy, today)))
    .orderBy(asc(answerArticles.reviewBy))
    .all();

  return {
    period,
    answered,
    answeredWithArticle,
    share: percent(answeredWithArticle, answered),
    byCategory: answeredByCategory
      .map(({ categoryCode, answered, withArticle }) => ({
        categoryCode,
        answered,
        withArticle,
        share: percent(withArticle, answered),
      }))
      .sort((a, b) => b.answered - a.answered || a.categoryCode.localeCompare(b.categoryCode)),
    mostUsed,
    suggestions: {
      opened,
      sessions: sessions.length,
      withoutRequest,
      selfServiceShare: percent(withoutRequest, sessions.length),
    },
    overdue: { count: overdue.length, articles: overdue.slice(0, 5) },
  };
}
