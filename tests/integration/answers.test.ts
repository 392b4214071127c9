import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import {
  answerArticles,
  answerArticleVersions,
  answerSuggestionViews,
  auditLog,
  checklistItems,
  checklistTemplates,
  requestAnswerArticles,
  requestMessages,
  users,
} from "../../db/schema";
import { loader as articleLoader, action as articleAction } from "~/routes/answers.$articleId";
import { action as editAction } from "~/routes/answers.$articleId_.edit";
import { loader as listLoader } from "~/routes/answers._index";
import { action as newAction } from "~/routes/answers.new";
import { loader as portalArticleLoader } from "~/routes/portal.answers.$articleId";
import { loader as portalListLoader } from "~/routes/portal.answers._index";
import { loader as suggestLoader } from "~/routes/portal.answers.suggest";
import { loader as portalHomeLoader } from "~/routes/portal._index";
import { action as newRequestAction } from "~/routes/portal.requests.new";
import { loader as dashboardLoader } from "~/routes/dashboard._index";
import { loader as dashboardCsvLoader } from "~/routes/dashboard.export[.]csv";
import { answerFigures } from "~/models/answer-figures.server";
import type { DashboardView } from "~/models/dashboard/view.server";
import { loader as workLoader } from "~/routes/work";
import { action as importAction } from "~/routes/answers.import";
import { loader as exportLoader } from "~/routes/answers.export[.]csv";
import type { ImportPlan } from "~/models/answer-import.server";
import { action as staffAction, loader as staffLoader } from "~/routes/requests.$requestId";
import { parseCsvTable } from "~/domain/centre-csv";
import { todayInBeijing } from "~/utils/format";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run, statusOf } from "../helpers/requests";

let steward: { id: string };
let official: { id: string };
let enterprise: { id: string };
let centreId: string;
let permitTemplateId: string;

const article = (fields: Record<string, string> = {}) => ({
  title_zh: "外籍员工如何办理工作许可？",
  title_en: "How do foreign staff get a work permit?",
  body_zh: "由市科委办理工作许可。",
  body_en: "The S&T Commission handles **work permits**.",
  category: "talent_entry_exit",
  departments: "st_commission",
  review_by: "2099-12-31",
  ...fields,
});

async function create(fields: Record<string, string> = {}, userId = steward.id) {
  const result = await run(async () =>
    newAction({ request: await post("/answers/new", article(fields), { userId }), params: {}, context }),
  );
  if (!(result instanceof Response) || result.status !== 302) throw new Error(`not created: ${JSON.stringify(payload(result))}`);
  return result.headers.get("Location")!.split("/").pop()!;
}

async function setStatus(articleId: string, intent: string, userId = steward.id) {
  const version = db.select({ v: answerArticles.version }).from(answerArticles).where(eq(answerArticles.id, articleId)).get()!.v;
  return run(async () =>
    articleAction({
      request: await post(`/answers/${articleId}`, { intent, version: String(version) }, { userId }),
      params: { articleId },
      context,
    }),
  );
}

async function portalGet(articleId: string, query = "") {
  return run(async () =>
    portalArticleLoader({
      request: await get(`/portal/answers/${articleId}${query}`, enterprise.id),
      params: { articleId },
      context,
    }),
  );
}

beforeAll(async () => {
  steward = await makeUser("steward");
  official = await makeUser("official");
  centreId = insertCentre(db, {
    nameZh: "问答中心",
    nameEn: "Answers Centre",
    parentCompany: "A",
    countryCode: "DE",
    districtCode: "haidian",
    uscc: makeUscc(9_500_001),
    leadStewardId: steward.id,
  });
  enterprise = await makeUser("enterprise", { centreId, locale: "en" });
  permitTemplateId = db
    .select({ id: checklistTemplates.id })
    .from(checklistTemplates)
    .where(eq(checklistTemplates.titleEn, "Work permits for foreign staff"))
    .get()!.id;
});

describe("articles and their versions", () => {
  it("creates a draft as version 1 and makes every edit a new version with an audit row and what changed", async () => {
    const id = await create();
    const edit = async (fields: Record<string, string>, version: number) =>
      run(async () =>
        editAction({
          request: await post(`/answers/${id}/edit`, { ...article(fields), version: String(version) }, { userId: steward.id }),
          params: { articleId: id },
          context,
        }),
      );
    expect(((await edit({ title_en: "How do foreign staff get work permits?" }, 1)) as Response).status).toBe(302);
    expect(
      ((await edit({ title_en: "How do foreign staff get work permits?", body_zh: "由市科委（外国专家）办理。" }, 2)) as Response)
        .status,
    ).toBe(302);
    // An edit on a stale version is refused; one that changes nothing writes no version.
    expect(payload(await edit({ title_en: "Stale" }, 1)).status).toBe(409);
    expect(
      ((await edit({ title_en: "How do foreign staff get work permits?", body_zh: "由市科委（外国专家）办理。" }, 3)) as Response)
        .status,
    ).toBe(302);
    const versions = db.select().from(answerArticleVersions).where(eq(answerArticleVersions.articleId, id)).all();
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2, 3]);
    const audits = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "answer_article"), eq(auditLog.entityId, id)))
      .all();
    expect(audits.map((a) => a.action)).toEqual(["create", "edit", "edit"]);

    const page = payload<Awaited<ReturnType<typeof articleLoader>>>(
      await run(async () =>
        articleLoader({ request: await get(`/answers/${id}`, steward.id), params: { articleId: id }, context }),
      ),
    ).data;
    expect(page.versions.map((v) => v.number)).toEqual([3, 2, 1]);
    expect(page.versions[0]!.diff.map((d) => d.field)).toEqual(["bodyZh"]);
    expect(page.versions[0]!.diff[0]!.parts.filter((p) => p.change === "added").map((p) => p.text)).toEqual(["（外国专家）"]);
    expect(page.versions[1]!.diff.map((d) => d.field)).toEqual(["titleEn"]);
    // Markdown is rendered; the first version lists everything it said.
    expect(page.article.htmlEn).toContain("<strong>work permits</strong>");
    expect(page.versions[2]!.diff.map((d) => d.field)).toContain("titleZh");
  });

  it("refuses half a language, no language, and a review date before the valid-from date", async () => {
    const refused = async (fields: Record<string, string>) =>
      payload<{ fieldErrors: Record<string, string> }>(
        await run(async () =>
          newAction({ request: await post("/answers/new", article(fields), { userId: steward.id }), params: {}, context }),
        ),
      );
    expect((await refused({ body_en: "" })).data.fieldErrors.body_en).toBe("answers.errors.bodyMissing");
    expect((await refused({ title_zh: "", body_zh: "", title_en: "", body_en: "" })).data.fieldErrors.title_zh).toBe(
      "answers.errors.noLanguage",
    );
    expect((await refused({ valid_from: "2100-01-01", review_by: "2099-01-01" })).data.fieldErrors.review_by).toBe(
      "answers.errors.reviewBeforeValid",
    );
    expect((await refused({ category: "nope" })).status).toBe(400);
  });

  it("publishes, retires and restores by the transition table, each with an audit row", async () => {
    const id = await create();
    expect(((await setStatus(id, "publish")) as Response).status).toBe(302);
    expect(payload(await setStatus(id, "publish")).status).toBe(409);
    expect(((await setStatus(id, "retire")) as Response).status).toBe(302);
    expect(((await setStatus(id, "restore")) as Response).status).toBe(302);
    expect(db.select({ s: answerArticles.status }).from(answerArticles).where(eq(answerArticles.id, id)).get()!.s).toBe("draft");
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "answer_article"), eq(auditLog.entityId, id)))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["create", "publish", "retire", "restore"]);
    // The article page lists its status changes, newest first, with who made them.
    const page = payload<Awaited<ReturnType<typeof articleLoader>>>(
      await run(async () =>
        articleLoader({ request: await get(`/answers/${id}`, official.id), params: { articleId: id }, context }),
      ),
    ).data;
    expect(page.article.statusHistory.map((h) => h.action)).toEqual(["restore", "retire", "publish"]);
    expect(
      page.article.statusHistory.every(
        (h) => h.actorName === db.select().from(users).where(eq(users.id, steward.id)).get()!.name,
      ),
    ).toBe(true);
  });

  it("keeps the search index in step through its triggers", async () => {
    const triggers = db.$client
      .prepare("select name from sqlite_master where type = 'trigger' and name like 'answer_articles_fts_%' order by name")
      .all() as { name: string }[];
    expect(triggers.map((t) => t.name)).toEqual([
      "answer_articles_fts_delete",
      "answer_articles_fts_insert",
      "answer_articles_fts_update",
    ]);
    const id = await create({ title_en: "Quarantine of zebrafish embryos", title_zh: "斑马鱼胚胎检疫" });
    const list = async (q: string) =>
      payload<Awaited<ReturnType<typeof listLoader>>>(
        await run(async () =>
          listLoader({ request: await get(`/answers?q=${encodeURIComponent(q)}`, official.id), params: {}, context }),
        ),
      ).data.rows.map((r) => r.id);
    expect(await list("ZEBRAFISH")).toEqual([id]);
    expect(await list("斑马")).toEqual([id]);
    expect(await list("斑马鱼胚胎")).toEqual([id]);
    expect(await list("zebrafish 斑马 nothing-like-this")).toEqual([]);
  });
});

describe("who reads what", () => {
  it("never shows an enterprise a draft or retired article, not even by its address; officials read, never write", async () => {
    const draft = await create({ title_en: "Draft only", title_zh: "仅草稿" });
    expect(((await portalGet(draft)) as Response).status).toBe(404);
    const published = await create({
      title_en: "Published answer",
      body_en: "Hello <script>alert(1)</script> [x](javascript:alert(1))",
    });
    await setStatus(published, "publish");
    const page = payload<Awaited<ReturnType<typeof portalArticleLoader>>>(await portalGet(published)).data;
    expect(page.title).toBe("Published answer");
    expect(page.html).not.toContain("<script>");
    expect(page.html).toContain("&lt;script&gt;");
    expect(page.html).not.toContain("javascript:");
    await setStatus(published, "retire");
    expect(((await portalGet(published)) as Response).status).toBe(404);

    const portalIds = payload<Awaited<ReturnType<typeof portalListLoader>>>(
      await run(async () => portalListLoader({ request: await get("/portal/answers", enterprise.id), params: {}, context })),
    ).data.articles.map((a) => a.id);
    expect(portalIds).not.toContain(draft);
    expect(portalIds).not.toContain(published);

    // Staff pages are closed to enterprise users; officials read but cannot change a status.
    const staffPage = await run(async () =>
      articleLoader({ request: await get(`/answers/${draft}`, enterprise.id), params: { articleId: draft }, context }),
    );
    expect((staffPage as Response).status).toBe(403);
    expect(
      payload(
        await run(async () =>
          articleLoader({ request: await get(`/answers/${draft}`, official.id), params: { articleId: draft }, context }),
        ),
      ).status,
    ).toBe(200);
    expect(((await setStatus(draft, "publish", official.id)) as Response).status).toBe(403);
  });

  it("suggests and lists only current articles: not expired, not before valid-from, not retired", async () => {
    const today = todayInBeijing();
    const current = await create({
      title_en: "Bonded import of reagents",
      title_zh: "试剂保税进口",
      body_en: "Bonded import of reagents.",
    });
    const future = await create({
      title_en: "Bonded import of reagents later",
      body_en: "Bonded import later.",
      valid_from: "2099-01-01",
    });
    const expired = await create({ title_en: "Bonded import of reagents old", body_en: "Bonded import old." });
    for (const id of [current, future, expired]) await setStatus(id, "publish");
    db.update(answerArticles).set({ reviewBy: "2001-01-01" }).where(eq(answerArticles.id, expired)).run();
    expect(today > "2001-01-01").toBe(true);
    const suggested = payload<{ suggestions: { id: string; title: string }[] }>(
      await (
        (await run(async () =>
          suggestLoader({
            request: await get(
              `/portal/answers/suggest?text=${encodeURIComponent("We need bonded import of reagents")}`,
              enterprise.id,
            ),
            params: {},
            context,
          }),
        )) as Response
      ).json(),
    ).data.suggestions.map((s) => s.id);
    expect(suggested).toContain(current);
    expect(suggested).not.toContain(future);
    expect(suggested).not.toContain(expired);
    // Chinese typed without spaces finds the article by shared characters.
    const zh = (await (
      (await run(async () =>
        suggestLoader({
          request: await get(`/portal/answers/suggest?text=${encodeURIComponent("请问试剂保税进口怎么办")}`, enterprise.id),
          params: {},
          context,
        }),
      )) as Response
    ).json()) as { suggestions: { id: string }[] };
    expect(zh.suggestions.map((s) => s.id)).toContain(current);
    // The expired one is still readable at its address, marked as under review.
    const old = payload<Awaited<ReturnType<typeof portalArticleLoader>>>(await portalGet(expired)).data;
    expect(old.current).toBe(false);
  });

  it("logs an opened suggestion once per form and article", async () => {
    const id = await create({ title_en: "Logged suggestion" });
    await setStatus(id, "publish");
    await portalGet(id, "?via=suggestion&form=form-key-12345");
    await portalGet(id, "?via=suggestion&form=form-key-12345");
    await portalGet(id);
    const rows = db.select().from(answerSuggestionViews).where(eq(answerSuggestionViews.articleId, id)).all();
    expect(rows.map((r) => [r.formKey, r.centreId])).toEqual([["form-key-12345", centreId]]);
  });

  it("shows a centre's open checklist items with their linked current articles", async () => {
    const id = await create({ title_en: "Permit article for the checklist", templates: permitTemplateId });
    await setStatus(id, "publish");
    const itemId = db
      .insert(checklistItems)
      .values({
        centreId,
        templateId: permitTemplateId,
        titleZh: "工作许可",
        titleEn: "Work permits",
        departmentCode: "st_commission",
      })
      .returning({ id: checklistItems.id })
      .get().id;
    const home = payload<Awaited<ReturnType<typeof portalHomeLoader>>>(
      await run(async () => portalHomeLoader({ request: await get("/portal", enterprise.id), params: {}, context })),
    ).data;
    expect(home.checklistAnswers[itemId]?.map((a) => a.id)).toEqual([id]);
    db.update(checklistItems).set({ status: "done" }).where(eq(checklistItems.id, itemId)).run();
    const after = payload<Awaited<ReturnType<typeof portalHomeLoader>>>(
      await run(async () => portalHomeLoader({ request: await get("/portal", enterprise.id), params: {}, context })),
    ).data;
    expect(after.checklistAnswers[itemId]).toBeUndefined();
  });
});

describe("answering a request from the library", () => {
  let requestId: string;
  let articleId: string;

  beforeAll(async () => {
    const submit = await post(
      "/portal/requests/new",
      {
        category: "talent_entry_exit",
        title: "Work permit for our new chief scientist",
        description: "What do we need?",
        idempotency_key: "answers-request-1",
      },
      { userId: enterprise.id },
    );
    const created = (await run(() => newRequestAction({ request: submit, params: {}, context }))) as Response;
    requestId = created.headers.get("Location")!.split("/").pop()!;
    articleId = await create({ title_en: "Work permits, the short answer", body_en: "Apply to the S&T Commission." });
    await setStatus(articleId, "publish");
    await run(async () =>
      staffAction({
        request: await post(`/requests/${requestId}`, { intent: "accept" }, { userId: steward.id }),
        params: { requestId },
        context,
      }),
    );
  });

  const staffPage = async (query = "") =>
    payload<Awaited<ReturnType<typeof staffLoader>>>(
      await run(async () =>
        staffLoader({ request: await get(`/requests/${requestId}${query}`, steward.id), params: { requestId }, context }),
      ),
    ).data;

  it("prefills the reply with the inserted article in the chosen language, without JavaScript", async () => {
    const page = await staffPage(`?aq=${encodeURIComponent("short answer")}&ins=${articleId}:en`);
    expect(page.answerPicker!.results.map((r) => r.id)).toEqual([articleId]);
    expect(page.answerPicker!.results[0]!.defaultLanguage).toBe("en");
    expect(page.answerPicker!.inserted.text).toBe("Work permits, the short answer\n\nApply to the S&T Commission.");
    const versionId = db
      .select({ id: answerArticleVersions.id })
      .from(answerArticleVersions)
      .where(eq(answerArticleVersions.articleId, articleId))
      .get()!.id;
    expect(page.answerPicker!.inserted.versionIds).toEqual([versionId]);
  });

  it("records which article version answered the request, with the message it went into", async () => {
    const versionId = db
      .select({ id: answerArticleVersions.id })
      .from(answerArticleVersions)
      .where(eq(answerArticleVersions.articleId, articleId))
      .get()!.id;
    const done = await run(async () =>
      staffAction({
        request: await post(
          `/requests/${requestId}`,
          { intent: "answer", body: "Edited: apply to the S&T Commission first.", answer_articles: versionId },
          { userId: steward.id },
        ),
        params: { requestId },
        context,
      }),
    );
    expect((done as Response).status).toBe(302);
    const links = db.select().from(requestAnswerArticles).where(eq(requestAnswerArticles.requestId, requestId)).all();
    expect(links.map((l) => [l.articleId, l.versionId])).toEqual([[articleId, versionId]]);
    const message = db.select().from(requestMessages).where(eq(requestMessages.id, links[0]!.messageId!)).get()!;
    expect(message.body).toBe("Edited: apply to the S&T Commission first.");
    expect(message.visibility).toBe("public");
    expect((await staffPage()).articlesUsed.map((a) => [a.articleId, a.versionNumber])).toEqual([[articleId, 1]]);
  });

  it("refuses a draft's version and writes nothing", async () => {
    const draft = await create({ title_en: "Not yet published" });
    const versionId = db
      .select({ id: answerArticleVersions.id })
      .from(answerArticleVersions)
      .where(eq(answerArticleVersions.articleId, draft))
      .get()!.id;
    const before = db.select().from(requestMessages).where(eq(requestMessages.requestId, requestId)).all().length;
    const refused = await run(async () =>
      staffAction({
        request: await post(
          `/requests/${requestId}`,
          { intent: "reply", body: "x", answer_articles: versionId },
          { userId: steward.id },
        ),
        params: { requestId },
        context,
      }),
    );
    expect(payload(refused).status).toBe(400);
    expect(db.select().from(requestMessages).where(eq(requestMessages.requestId, requestId)).all().length).toBe(before);
  });
});

describe("the dashboard's policy-answer figures", () => {
  it("counts requests answered with an article, the most used, self-service sessions and overdue articles", async () => {
    // A second answered request of the same category, without an article.
    const submit = await post(
      "/portal/requests/new",
      { category: "talent_entry_exit", title: "Visa question", description: "?", idempotency_key: "answers-request-2" },
      { userId: enterprise.id },
    );
    const created = (await run(() => newRequestAction({ request: submit, params: {}, context }))) as Response;
    const requestId = created.headers.get("Location")!.split("/").pop()!;
    const steps: Record<string, string>[] = [
      { intent: "accept" },
      { intent: "answer", body: "Ask the exit-entry administration." },
    ];
    for (const fields of steps)
      await run(async () =>
        staffAction({
          request: await post(`/requests/${requestId}`, fields, { userId: steward.id }),
          params: { requestId },
          context,
        }),
      );
    // A suggestion opened in the form that became request 1 (form-key-12345 earlier led to none).
    const used = db.select({ articleId: requestAnswerArticles.articleId }).from(requestAnswerArticles).get()!.articleId;
    await portalGet(used, "?via=suggestion&form=answers-request-1");

    const today = todayInBeijing();
    const page = payload<DashboardView>(
      await run(async () =>
        dashboardLoader({ request: await get(`/dashboard?from=2020-01-01&to=${today}`, official.id), params: {}, context }),
      ),
    ).data;
    if (!("answers" in page)) throw new Error("as-of problem");
    const f = page.answers.figures;
    expect([f.answered, f.answeredWithArticle, f.share]).toEqual([2, 1, 50]);
    expect(f.byCategory).toEqual([{ categoryCode: "talent_entry_exit", answered: 2, withArticle: 1, share: 50 }]);
    expect(f.mostUsed.map((a) => [a.id, a.requests])).toEqual([[used, 1]]);
    // The article's page counts its uses (counted in SQL, not read).
    const usedPage = payload<Awaited<ReturnType<typeof articleLoader>>>(
      await run(async () =>
        articleLoader({ request: await get(`/answers/${used}`, steward.id), params: { articleId: used }, context }),
      ),
    ).data;
    expect(usedPage.article.uses).toBe(1);
    expect(f.suggestions).toEqual({ opened: 2, sessions: 2, withoutRequest: 1, selfServiceShare: 50 });
    expect(f.overdue.count).toBe(1);
    expect(f.overdue.articles[0]!.titleEn).toBe("Bonded import of reagents old");
    // The exports carry the same figures (codes first, then the reader's labels).
    const csvOf = async (table: string) => {
      const response = (await run(async () =>
        dashboardCsvLoader({
          request: await get(`/dashboard/export.csv?table=${table}&from=2020-01-01&to=${today}`, official.id),
          params: {},
          context,
        }),
      )) as Response;
      expect(response.status).toBe(200);
      return new TextDecoder()
        .decode(new Uint8Array(await response.arrayBuffer()).subarray(3))
        .trim()
        .split("\r\n");
    };
    const summary = await csvOf("answers_summary");
    expect(summary.slice(1).map((line) => line.split(",").slice(1))).toEqual([
      ["50", "1", "2"],
      ["2", "", ""],
      ["50", "1", "2"],
      ["1", "", ""],
    ]);
    expect((await csvOf("answers_by_category")).slice(1)).toEqual([expect.stringMatching(/^talent_entry_exit,[^,]+,2,1,50$/)]);
    expect((await csvOf("answers_most_used")).slice(1)).toEqual([expect.stringMatching(new RegExp(`^${used},[^,]+,1$`))]);
    // A period before anything happened counts nothing.
    const empty = answerFigures({ from: "2020-01-01", to: "2020-12-31" }, today);
    expect([empty.answered, empty.mostUsed.length, empty.suggestions.opened]).toEqual([0, 0, 0]);
  });
});

describe("review due", () => {
  it("lists an article due for review on its author's /work and in the admin's library, not another steward's", async () => {
    const soon = new Date(`${todayInBeijing()}T00:00:00Z`);
    soon.setUTCDate(soon.getUTCDate() + 10);
    const id = await create({ title_en: "Due for review soon", review_by: soon.toISOString().slice(0, 10) });
    const workOf = async (userId: string) =>
      payload<Awaited<ReturnType<typeof workLoader>>>(
        await run(async () => workLoader({ request: await get("/work", userId), params: {}, context })),
      ).data.answersDue.map((a) => [a.id, a.reviewState]);
    expect(await workOf(steward.id)).toContainEqual([id, "due"]);
    const other = await makeUser("steward");
    expect((await workOf(other.id)).map(([a]) => a)).not.toContain(id);
    const admin = await makeUser("admin");
    const library = payload<Awaited<ReturnType<typeof listLoader>>>(
      await run(async () => listLoader({ request: await get("/answers?review=due", admin.id), params: {}, context })),
    ).data;
    expect(library.dueForReview.map((a) => a.id)).toContain(id);
    expect(library.rows.map((a) => a.id)).toContain(id);
    expect(library.rows.every((a) => a.reviewState !== "ok")).toBe(true);
  });
});

describe("CSV import and export", () => {
  const importPost = async (fields: Record<string, string | Blob>) =>
    run(async () =>
      importAction({ request: await post("/answers/import", fields, { userId: steward.id }), params: {}, context }),
    );
  type Preview = { plan: ImportPlan; csv: string };
  const csvFile = (text: string) => new File([text], "faq.csv", { type: "text/csv" });
  const CSV = [
    "KEY,Title_ZH,title_en,body_zh,body_en,category,departments,checklist_items,review_by,sources,extra",
    'faq-1,数据出境怎么办？,How does R&D data leave China?,网信办办理。,The cyberspace administration handles it.,数据跨境,网信办; Commerce Bureau,,2099-06-30,"Doc A | No. 1 | Issuer | 2024/1/5 | https://example.org/a"',
    "faq-2,缺少类别,,正文,,,,,2099-06-30,,",
    "faq-3,,,,,tax,,,2099-06-30,,",
  ].join("\r\n");

  it("previews without saving, names each refused row's problem, then imports the valid rows once", async () => {
    const preview = payload<Preview>(await importPost({ intent: "preview", file: csvFile(CSV) })).data;
    if (!preview.plan.ok) throw new Error(JSON.stringify(preview.plan));
    expect(preview.plan.rows.map((r) => [r.line, r.key, r.plan])).toEqual([
      [2, "faq-1", "new"],
      [3, "faq-2", "skipped"],
      [4, "faq-3", "skipped"],
    ]);
    expect(preview.plan.rows[1]!.errors.category).toBe("validation.required");
    expect(preview.plan.rows[2]!.errors.title_zh).toBe("answers.errors.noLanguage");
    expect(preview.plan.ignored).toEqual(["extra"]);
    expect(db.select().from(answerArticles).where(eq(answerArticles.importKey, "faq-1")).get()).toBeUndefined();

    const confirm = async () => importPost({ intent: "confirm", csv: preview.csv, file_name: "faq.csv" });
    expect(((await confirm()) as Response).status).toBe(302);
    const imported = db.select().from(answerArticles).where(eq(answerArticles.importKey, "faq-1")).get()!;
    expect([imported.status, imported.categoryCode, imported.version]).toEqual(["draft", "cross_border_data", 1]);
    const page = payload<Awaited<ReturnType<typeof articleLoader>>>(
      await run(async () =>
        articleLoader({ request: await get(`/answers/${imported.id}`, steward.id), params: { articleId: imported.id }, context }),
      ),
    ).data;
    expect(page.article.departmentCodes).toEqual(["commerce", "cyberspace"]);
    expect(page.article.sources).toEqual([
      { name: "Doc A", number: "No. 1", issuer: "Issuer", issuedOn: "2024-01-05", url: "https://example.org/a" },
    ]);
    // Confirming again (double click, reload) writes nothing more.
    expect(((await confirm()) as Response).status).toBe(302);
    expect(db.select().from(answerArticles).where(eq(answerArticles.importKey, "faq-1")).all()).toHaveLength(1);
    expect(db.select().from(answerArticleVersions).where(eq(answerArticleVersions.articleId, imported.id)).all()).toHaveLength(1);
  });

  it("exports every article keyed for re-import, which then changes nothing", async () => {
    const response = (await run(async () =>
      exportLoader({ request: await get("/answers/export.csv", official.id), params: {}, context }),
    )) as Response;
    expect([...new Uint8Array(await response.clone().arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await response.text();
    expect(text.startsWith("key,title_zh,title_en")).toBe(true);
    expect(text).toContain("faq-1");
    expect(text).toContain("数据跨境");
    const preview = payload<Preview>(await importPost({ intent: "preview", file: csvFile(text) })).data;
    if (!preview.plan.ok) throw new Error(JSON.stringify(preview.plan));
    expect(new Set(preview.plan.rows.map((r) => r.plan))).toEqual(new Set(["unchanged"]));
  });

  it("refuses a file without the required columns", async () => {
    const preview = payload<Preview>(await importPost({ intent: "preview", file: csvFile("title_zh,title_en\r\na,b\r\n") }));
    expect(preview.status).toBe(400);
    expect(preview.data.plan).toMatchObject({ ok: false, error: "header", missing: ["key", "category", "review_by"] });
  });
});

describe("hostile and edge cases", () => {
  const importPost = async (fields: Record<string, string | Blob>) =>
    run(async () =>
      importAction({ request: await post("/answers/import", fields, { userId: steward.id }), params: {}, context }),
    );
  type Preview = { plan: ImportPlan; csv: string };
  const csvFile = (text: string) => new File([text], "faq.csv", { type: "text/csv" });
  const exportRows = async () => {
    const response = (await run(async () =>
      exportLoader({ request: await get("/answers/export.csv", steward.id), params: {}, context }),
    )) as Response;
    const text = await response.text();
    const parsed = parseCsvTable(text);
    if (!parsed.ok) throw new Error("export not CSV");
    return { text, rows: parsed.table.rows.map((r) => r.cells) };
  };

  it("exports a formula-looking cell with a leading apostrophe, and a re-import takes it back as typed", async () => {
    const id = await create({
      title_en: '=HYPERLINK("https://evil.example","click")',
      body_en: "+cmd|' /C calc'!A0",
      title_zh: "@SUM(1+1)",
      body_zh: "-2+3",
    });
    const { text, rows } = await exportRows();
    const row = rows.find((cells) => cells[0] === id)!;
    expect(row.slice(1, 5)).toEqual([
      "'@SUM(1+1)",
      '\'=HYPERLINK("https://evil.example","click")',
      "'-2+3",
      "'+cmd|' /C calc'!A0",
    ]);
    // No cell of the file starts a formula.
    for (const cells of rows) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const preview = payload<Preview>(await importPost({ intent: "preview", file: csvFile(text) })).data;
    if (!preview.plan.ok) throw new Error(JSON.stringify(preview.plan));
    expect(preview.plan.rows.find((r) => r.key === id)!.plan).toBe("unchanged");
    expect(db.select().from(answerArticles).where(eq(answerArticles.id, id)).get()!.titleEn).toBe(
      '=HYPERLINK("https://evil.example","click")',
    );
  });

  it("re-importing the same file changes nothing; an edited row becomes a new version of the same article", async () => {
    const header = "key,title_en,body_en,category,review_by";
    const file = (body: string) => csvFile([header, `faq-again,Same key twice?,${body},tax,2099-01-31`].join("\r\n"));
    const confirm = async (body: string) => {
      const preview = payload<Preview>(await importPost({ intent: "preview", file: file(body) })).data;
      if (!preview.plan.ok) throw new Error(JSON.stringify(preview.plan));
      const plan = preview.plan.rows[0]!.plan;
      expect(((await importPost({ intent: "confirm", csv: preview.csv, file_name: "faq.csv" })) as Response).status).toBe(302);
      return plan;
    };
    expect(await confirm("First answer.")).toBe("new");
    expect(await confirm("First answer.")).toBe("unchanged");
    expect(await confirm("Second answer.")).toBe("update");
    const articles = db.select().from(answerArticles).where(eq(answerArticles.importKey, "faq-again")).all();
    expect(articles.map((a) => [a.version, a.bodyEn])).toEqual([[2, "Second answer."]]);
  });

  it("names a refused row's problem by its column: a javascript: source link, an unknown checklist item", async () => {
    const csv = [
      "key,title_en,body_en,category,checklist_items,review_by,sources",
      'bad-link,Bad link,Body,tax,,2099-01-31,"Doc | | | | javascript:alert(1)"',
      "bad-item,Bad item,Body,tax,No such checklist item,2099-01-31,",
    ].join("\r\n");
    const preview = payload<Preview>(await importPost({ intent: "preview", file: csvFile(csv) })).data;
    if (!preview.plan.ok) throw new Error(JSON.stringify(preview.plan));
    expect(preview.plan.rows.map((r) => [r.key, r.plan, r.errors])).toEqual([
      ["bad-link", "skipped", { "sources #1": "validation.url" }],
      ["bad-item", "skipped", { checklist_items: "validation.unknownCode" }],
    ]);
  });

  it("never lets an enterprise user read a draft, an unpublished or a retired article by its id, nor search or be offered one", async () => {
    const draft = await create({ title_en: "Hostile draft zeppelin", body_en: "Secret draft zeppelin." });
    const unpublished = await create({ title_en: "Hostile unpublished zeppelin", body_en: "Unpublished zeppelin." });
    await setStatus(unpublished, "publish");
    await setStatus(unpublished, "unpublish");
    const retired = await create({ title_en: "Hostile retired zeppelin", body_en: "Retired zeppelin." });
    await setStatus(retired, "publish");
    await setStatus(retired, "retire");
    for (const id of [draft, unpublished, retired]) {
      expect(((await portalGet(id)) as Response).status).toBe(404);
      expect(((await portalGet(id, "?via=suggestion&form=hostile-form-key")) as Response).status).toBe(404);
    }
    expect(db.select().from(answerSuggestionViews).where(eq(answerSuggestionViews.formKey, "hostile-form-key")).all()).toEqual(
      [],
    );
    const listed = payload<Awaited<ReturnType<typeof portalListLoader>>>(
      await run(async () =>
        portalListLoader({ request: await get("/portal/answers?q=zeppelin", enterprise.id), params: {}, context }),
      ),
    ).data.articles;
    expect(listed).toEqual([]);
    const suggested = (await (
      (await run(async () =>
        suggestLoader({ request: await get("/portal/answers/suggest?text=zeppelin", enterprise.id), params: {}, context }),
      )) as Response
    ).json()) as { suggestions: unknown[] };
    expect(suggested.suggestions).toEqual([]);
  });

  it("offers the steward only current articles to insert, and inserts nothing for an expired one asked for by id", async () => {
    const submit = await post(
      "/portal/requests/new",
      { category: "tax", title: "Quokka import", description: "?", idempotency_key: "answers-request-picker" },
      { userId: enterprise.id },
    );
    const created = (await run(() => newRequestAction({ request: submit, params: {}, context }))) as Response;
    const requestId = created.headers.get("Location")!.split("/").pop()!;
    const current = await create({ title_en: "Picker quokka current", body_en: "Quokka." });
    const expired = await create({ title_en: "Picker quokka expired", body_en: "Quokka." });
    const future = await create({ title_en: "Picker quokka future", body_en: "Quokka.", valid_from: "2099-01-01" });
    const retired = await create({ title_en: "Picker quokka retired", body_en: "Quokka." });
    const draft = await create({ title_en: "Picker quokka draft", body_en: "Quokka." });
    for (const id of [current, expired, future, retired]) await setStatus(id, "publish");
    await setStatus(retired, "retire");
    db.update(answerArticles).set({ reviewBy: "2001-01-01" }).where(eq(answerArticles.id, expired)).run();
    const page = payload<Awaited<ReturnType<typeof staffLoader>>>(
      await run(async () =>
        staffLoader({
          request: await get(`/requests/${requestId}?aq=quokka&ins=${expired}:en&ins=${draft}:en&ins=${retired}:en`, steward.id),
          params: { requestId },
          context,
        }),
      ),
    ).data;
    expect(page.answerPicker!.results.map((r) => r.id)).toEqual([current]);
    expect(page.answerPicker!.inserted).toMatchObject({ text: "", versionIds: [] });
    // A retired article's version posted by hand is refused.
    const retiredVersion = db
      .select({ id: answerArticleVersions.id })
      .from(answerArticleVersions)
      .where(eq(answerArticleVersions.articleId, retired))
      .get()!.id;
    const refused = await run(async () =>
      staffAction({
        request: await post(
          `/requests/${requestId}`,
          { intent: "reply", body: "x", answer_articles: retiredVersion },
          { userId: steward.id },
        ),
        params: { requestId },
        context,
      }),
    );
    expect(payload(refused).status).toBe(400);
  });

  it("records no article link when the reply itself is refused (another centre's steward)", async () => {
    const requestId = db.select({ id: requestAnswerArticles.requestId }).from(requestAnswerArticles).get()!.id;
    const versionId = db.select({ id: requestAnswerArticles.versionId }).from(requestAnswerArticles).get()!.id;
    const before = db.select().from(requestAnswerArticles).all().length;
    const other = await makeUser("steward");
    const refused = await run(async () =>
      staffAction({
        request: await post(
          `/requests/${requestId}`,
          { intent: "reply", body: "x", answer_articles: versionId },
          { userId: other.id },
        ),
        params: { requestId },
        context,
      }),
    );
    expect(statusOf(refused)).toBe(403);
    expect(db.select().from(requestAnswerArticles).all()).toHaveLength(before);
  });

  it("shows an open checklist item no retired or expired article", async () => {
    // The centre's work-permit item (made by an earlier test), open again.
    const permitItem = db
      .update(checklistItems)
      .set({ status: "in_progress" })
      .where(and(eq(checklistItems.centreId, centreId), eq(checklistItems.templateId, permitTemplateId)))
      .returning({ id: checklistItems.id })
      .get()!.id;
    const linked = async () =>
      payload<Awaited<ReturnType<typeof portalHomeLoader>>>(
        await run(async () => portalHomeLoader({ request: await get("/portal", enterprise.id), params: {}, context })),
      ).data.checklistAnswers[permitItem]?.map((a) => a.id) ?? [];
    const retired = await create({ title_en: "Checklist retired", templates: permitTemplateId });
    const expired = await create({ title_en: "Checklist expired", templates: permitTemplateId });
    await setStatus(retired, "publish");
    await setStatus(expired, "publish");
    expect(await linked()).toEqual(expect.arrayContaining([retired, expired]));
    await setStatus(retired, "retire");
    db.update(answerArticles).set({ reviewBy: "2001-01-01" }).where(eq(answerArticles.id, expired)).run();
    const after = await linked();
    expect(after).not.toContain(retired);
    expect(after).not.toContain(expired);
  });

  it("shows a missing language as missing to staff, and the written one to an enterprise user of the other language", async () => {
    const id = await create({ title_en: "", body_en: "", title_zh: "仅有中文的问答", body_zh: "只有中文正文。" });
    await setStatus(id, "publish");
    const staff = payload<Awaited<ReturnType<typeof articleLoader>>>(
      await run(async () =>
        articleLoader({ request: await get(`/answers/${id}`, steward.id), params: { articleId: id }, context }),
      ),
    ).data;
    expect([staff.article.languages, staff.article.htmlEn]).toEqual([["zh-CN"], ""]);
    // The enterprise user reads English: the page shows the Chinese text, says so, and offers no other language.
    const portal = payload<Awaited<ReturnType<typeof portalArticleLoader>>>(await portalGet(id, "?show=en")).data;
    expect([portal.title, portal.shown, portal.locale, portal.other]).toEqual(["仅有中文的问答", "zh-CN", "en", null]);
    const listed = payload<Awaited<ReturnType<typeof portalListLoader>>>(
      await run(async () =>
        portalListLoader({
          request: await get(`/portal/answers?q=${encodeURIComponent("仅有中文")}`, enterprise.id),
          params: {},
          context,
        }),
      ),
    ).data.articles;
    expect(listed.map((a) => [a.id, a.title, a.language])).toEqual([[id, "仅有中文的问答", "zh-CN"]]);
  });

  it("lets an enterprise user browse the published articles by category", async () => {
    const portalList = async (query: string) =>
      payload<Awaited<ReturnType<typeof portalListLoader>>>(
        await run(async () =>
          portalListLoader({ request: await get(`/portal/answers${query}`, enterprise.id), params: {}, context }),
        ),
      ).data;
    await setStatus(await create({ title_en: "A tax answer", category: "tax" }), "publish");
    const all = await portalList("");
    const tax = all.browse.find((c) => c.code === "tax")!;
    expect(tax.count).toBe(all.articles.filter((a) => a.categoryCode === "tax").length);
    expect(tax.count).toBeGreaterThan(0);
    expect(all.browse.reduce((n, c) => n + c.count, 0)).toBe(all.articles.length);
    const onlyTax = await portalList("?category=tax");
    expect([onlyTax.category, onlyTax.articles.length]).toEqual(["tax", tax.count]);
    expect(onlyTax.articles.every((a) => a.categoryCode === "tax")).toBe(true);
    // A category with no published article (or none at all) shows everything, not an empty page.
    expect((await portalList("?category=no-such-category")).articles.length).toBe(all.articles.length);
  });

  it("tells an enterprise user from when a published article not yet in force applies", async () => {
    const id = await create({ title_en: "Applies later", valid_from: "2099-01-01" });
    await setStatus(id, "publish");
    const page = payload<Awaited<ReturnType<typeof portalArticleLoader>>>(await portalGet(id)).data;
    expect([page.current, page.notYetValidFrom]).toEqual([false, "2099-01-01"]);
  });
});
