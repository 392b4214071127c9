import { z } from "zod";
import { insertLanguageFor, languagesOf, replyTextOf, type ArticleLanguage } from "~/domain/answers";
import { currentArticle, pickableArticles } from "./answer-search.server";
import { currentVersionId } from "./answer-use.server";

/**
 * The library picker beside a steward's reply (issue 15), from the page's URL so it works
 * without JavaScript: `aq` searches current articles; each `ins=<articleId>:<language>` (zh-CN,
 * en or both) puts that article's text into the reply box, with its current version recorded in
 * the form. With JavaScript the page inserts the same text in place, from `results`.
 */
const InsertSchema = z
  .string()
  .max(80)
  .regex(/^[\w-]+:(zh-CN|en|both)$/);

export function answerPicker(url: URL, requestLanguage: ArticleLanguage, today: string) {
  const q = (url.searchParams.get("aq") ?? "").slice(0, 200);
  const results = pickableArticles(q, today).map((a) => {
    const versionId = currentVersionId(a.id);
    return {
      id: a.id,
      versionId,
      titleZh: a.titleZh,
      titleEn: a.titleEn,
      languages: languagesOf(a),
      defaultLanguage: insertLanguageFor(a, requestLanguage),
      texts: { "zh-CN": replyTextOf(a, "zh-CN"), en: replyTextOf(a, "en"), both: replyTextOf(a, "both") },
    };
  });
  const inserts = url.searchParams
    .getAll("ins")
    .slice(0, 5)
    .map((v) => InsertSchema.safeParse(v))
    .filter((p) => p.success)
    .map((p) => p.data.split(":") as [string, ArticleLanguage | "both"]);
  const texts: string[] = [];
  const versionIds: string[] = [];
  for (const [articleId, language] of inserts) {
    const article = currentArticle(articleId, today);
    const versionId = article ? currentVersionId(article.id) : null;
    if (!article || !versionId) continue;
    texts.push(replyTextOf(article, language));
    versionIds.push(versionId);
  }
  return {
    q,
    searched: url.searchParams.has("aq"),
    results,
    requestLanguage,
    inserted: {
      text: texts.join("\n\n"),
      versionIds: [...new Set(versionIds)],
      params: url.searchParams.getAll("ins").slice(0, 5),
    },
  };
}
export type AnswerPicker = ReturnType<typeof answerPicker>;
