import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedAnswerArticles } from "../../db/seed-answers";
import { answerArticles, answerArticleTemplates, answerSources, checklistTemplates } from "../../db/schema";
import { isCurrent, languagesOf, reviewState } from "~/domain/answers";
import { db } from "~/utils/db.server";
import { makeUser } from "../helpers/requests";

// The demo library (issue 15): about twenty articles, one per checklist template, each marked as
// demo text in both languages, with sources only where the domain notes name the document.
describe("the demo articles", () => {
  const today = "2026-11-30";
  beforeAll(async () => {
    const steward = await makeUser("steward");
    seedAnswerArticles(db, steward.id, today);
    seedAnswerArticles(db, steward.id, today);
  });

  it("are one per checklist template, once however often seeded", () => {
    const articles = db.select().from(answerArticles).all();
    const templates = db.select({ id: checklistTemplates.id }).from(checklistTemplates).all();
    const links = db.select().from(answerArticleTemplates).all();
    expect(articles).toHaveLength(20);
    expect(templates).toHaveLength(20);
    expect(links).toHaveLength(20);
    expect(new Set(links.map((l) => l.templateId))).toEqual(new Set(templates.map((t) => t.id)));
    expect(new Set(links.map((l) => l.articleId)).size).toBe(20);
  });

  it("say in both languages that they are demo text, to be replaced", () => {
    for (const a of db.select().from(answerArticles).all()) {
      expect(languagesOf(a)).toEqual(["zh-CN", "en"]);
      expect(a.bodyZh.startsWith("> 【演示文本】"), a.titleZh).toBe(true);
      expect(a.bodyEn.startsWith("> **Demo text**"), a.titleEn).toBe(true);
    }
  });

  it("cite only the documents the domain notes name, with nothing invented (no link, no date)", () => {
    const sources = db
      .select({
        name: answerSources.name,
        number: answerSources.number,
        url: answerSources.url,
        issuedOn: answerSources.issuedOn,
      })
      .from(answerSources)
      .all();
    expect(sources.map((s) => s.number || s.name).sort()).toEqual([
      "2023年第41号 / 2023 No. 41",
      "GB 32100-2015",
      "北京市科技国际化行动方案（2024-2027年）/ Beijing action plan for S&T internationalisation (2024-2027)",
    ]);
    expect(sources.every((s) => s.url === "" && s.issuedOn === "")).toBe(true);
  });

  it("show every review state and a draft, dated from the seeding day", () => {
    const articles = db.select().from(answerArticles).all();
    const states = articles.map((a) => reviewState(a, today));
    expect(states.filter((s) => s === "overdue")).toHaveLength(1);
    expect(states.filter((s) => s === "due")).toHaveLength(1);
    expect(articles.filter((a) => a.status === "draft")).toHaveLength(1);
    expect(articles.filter((a) => isCurrent(a, today))).toHaveLength(18);
    const draft = db.select().from(answerArticles).where(eq(answerArticles.status, "draft")).get()!;
    expect(draft.titleEn).toBe("Who helps with banking, forex and cross-border payments?");
  });
});
