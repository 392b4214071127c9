import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, queryE2eDatabase, signInWithSession } from "./browser";
import { measureInPage } from "./pages";

const open = browsersClosedAfterEachTest();

const PERMIT_EN = "How do foreign staff get a work permit?";
const PERMIT_ZH = "外籍员工如何办理工作许可？";

/** Submits a new request from the portal (the form is filled already) and answers its receipt number and page. */
async function submitRequest(page: Awaited<ReturnType<typeof open>>) {
  await page.click('main button[type="submit"]');
  await page.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
  return { receiptNo: (await page.getByTestId("receipt-no").textContent())!, url: page.url() };
}

describe("policy answers", () => {
  it(
    "in English with JavaScript: a suggestion appears while typing and its opening is logged; the steward answers by inserting an article; the enterprise reads the reply and finds the article",
    { timeout: 120_000 },
    async () => {
      const enterprise = await open();
      await signInWithSession(enterprise, "enterprise@demo.local");
      await enterprise.goto("/portal/requests/new?lng=en");
      await hydrated(enterprise);
      await enterprise.selectOption('select[name="category"]', "talent_entry_exit");
      await enterprise.fill('input[name="title"]', "Work permit for our new chief scientist");
      const suggestion = enterprise.getByTestId("answer-suggestions").getByRole("link", { name: PERMIT_EN });
      await suggestion.waitFor();
      await expectAccessible(enterprise);
      const key = await enterprise.inputValue('input[name="idempotency_key"]');
      const [tab] = await Promise.all([enterprise.context().waitForEvent("page"), suggestion.click()]);
      await tab!.waitForLoadState();
      expect(await tab!.locator("h1").textContent()).toBe(PERMIT_EN);
      await tab!.close();
      expect(
        queryE2eDatabase<{ n: number }>("select count(*) as n from answer_suggestion_views where form_key = ?", key)!.n,
      ).toBe(1);
      await enterprise.fill('textarea[name="description"]', "He starts in January. What do we need to prepare?");
      const { receiptNo, url: portalUrl } = await submitRequest(enterprise);

      const steward = await open();
      await signInWithSession(steward, "steward@demo.local");
      await steward.goto("/requests?lng=en");
      await steward.click(`tr:has-text("${receiptNo}") a`);
      await steward.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
      await hydrated(steward);
      // Not yet accepted: the reply form only replies.
      expect(await steward.getByRole("button", { name: "Send as the answer" }).count()).toBe(0);
      await steward.getByRole("button", { name: "Accept", exact: true }).click();
      await steward.getByRole("button", { name: "Send as the answer" }).waitFor();
      await steward.getByText("Answer from the policy library").click();
      await steward.fill("#answer-picker-q", "work permit");
      await steward.press("#answer-picker-q", "Enter");
      const result = steward.getByTestId("answer-picker-results").locator("li", { hasText: PERMIT_EN });
      await result.waitFor();
      // The request was written in English: inserting English is the first offer.
      await result.getByRole("link", { name: "Insert English" }).click();
      const box = steward.locator("#reply-body");
      await expect.poll(() => box.inputValue()).toContain("Work permits for foreign staff are handled by the S&T Commission");
      await box.fill(`${await box.inputValue()}\n\nWe will book the appointment for you.`);
      await expectAccessible(steward);
      // Sent as the answer itself: the request is answered, and records the article's version.
      const revalidated = steward.waitForResponse((r) => r.request().method() === "GET" && r.url().includes(".data"));
      await steward.getByRole("button", { name: "Send as the answer" }).click();
      await revalidated;
      await steward.getByTestId("articles-used").getByText(PERMIT_EN).waitFor();
      const link = queryE2eDatabase<{ title: string; number: number; status: string }>(
        `select v.title_en as title, v.number as number, r.status as status from request_answer_articles l
         join answer_article_versions v on v.id = l.version_id
         join support_requests r on r.id = l.request_id where r.receipt_no = ?`,
        receiptNo,
      );
      expect(link).toEqual({ title: PERMIT_EN, number: 1, status: "answered" });

      await enterprise.goto(portalUrl);
      const thread = (await enterprise.locator("main").textContent())!;
      expect(thread).toContain("Work permits for foreign staff are handled by the S&T Commission");
      expect(thread).toContain("We will book the appointment for you.");
      await enterprise.goto("/portal/answers?lng=en");
      await enterprise.fill("#answers-q", "work permit");
      await enterprise.press("#answers-q", "Enter");
      await enterprise.getByTestId("portal-articles").getByRole("link", { name: PERMIT_EN }).click();
      await enterprise.waitForURL(/\/portal\/answers\/[0-9a-f-]{36}/);
      await expect.poll(() => enterprise.locator("article").textContent()).toContain("Demo text");
      await hydrated(enterprise);
      await expectAccessible(enterprise);
    },
  );

  it(
    "in Chinese without JavaScript: the library reads and searches, the steward inserts an article by its link and sends it, the enterprise finds it",
    { timeout: 120_000 },
    async () => {
      const enterprise = await open({ javaScriptEnabled: false });
      await signInWithSession(enterprise, "enterprise@demo.local");
      await enterprise.goto("/portal/requests/new?lng=zh-CN");
      await enterprise.selectOption('select[name="category"]', "talent_entry_exit");
      await enterprise.fill('input[name="title"]', "外籍研究员的工作许可");
      await enterprise.fill('textarea[name="description"]', "请问需要准备哪些材料？");
      const { receiptNo, url: portalUrl } = await submitRequest(enterprise);

      const steward = await open({ javaScriptEnabled: false });
      await signInWithSession(steward, "steward@demo.local");
      await steward.goto("/answers?lng=zh-CN");
      await steward.fill('input[name="q"]', "工作许可");
      await steward.click('main form[method="get"] button[type="submit"]');
      await steward.getByRole("link", { name: PERMIT_ZH }).click();
      const languages = steward.getByTestId("article-languages");
      expect(await languages.textContent()).toContain("外籍人员工作许可由市科委");
      expect(await languages.textContent()).toContain("Work permits for foreign staff are handled");
      expect(await steward.getByTestId("article-versions").textContent()).toContain("第 1 版");

      const requestId = queryE2eDatabase<{ id: string }>("select id from support_requests where receipt_no = ?", receiptNo)!.id;
      await steward.goto(`/requests/${requestId}?aq=${encodeURIComponent("工作许可")}`);
      const result = steward.getByTestId("answer-picker-results").locator("li", { hasText: PERMIT_ZH });
      await result.getByRole("link", { name: "插入 中文" }).click();
      await steward.waitForURL(/ins=/);
      const box = steward.locator("#reply-body");
      expect(await box.inputValue()).toContain("外籍人员工作许可由市科委（外国专家管理）办理。");
      await box.fill(`${await box.inputValue()}\n\n如有疑问请随时联系。`);
      await steward.locator('button[name="intent"][value="reply"]').click();
      await steward.waitForURL((u) => !u.search.includes("ins="));
      expect(await steward.getByTestId("articles-used").textContent()).toContain(PERMIT_ZH);
      // Once accepted, the same form sends the article as the answer itself (still without JavaScript).
      await Promise.all([
        steward.waitForURL(/\/requests\/[0-9a-f-]{36}$/),
        steward.getByRole("button", { name: "签收", exact: true }).click(),
      ]);
      const articleId = queryE2eDatabase<{ id: string }>("select id from answer_articles where title_en = ?", PERMIT_EN)!.id;
      await steward.goto(`/requests/${requestId}?ins=${articleId}:both`);
      expect(await box.inputValue()).toContain("Work permits for foreign staff are handled");
      await Promise.all([
        steward.waitForURL((u) => !u.search.includes("ins=")),
        steward.getByRole("button", { name: "作为正式答复发送" }).click(),
      ]);
      expect(
        queryE2eDatabase<{ status: string; links: number }>(
          "select r.status as status, (select count(*) from request_answer_articles l where l.request_id = r.id) as links from support_requests r where r.id = ?",
          requestId,
        ),
      ).toEqual({ status: "answered", links: 2 });

      await enterprise.goto(`${portalUrl}?lng=zh-CN`);
      expect(await enterprise.locator("main").textContent()).toContain("如有疑问请随时联系。");
      await enterprise.goto(`/portal/answers?q=${encodeURIComponent("工作许可")}`);
      await enterprise.getByRole("link", { name: PERMIT_ZH }).click();
      expect(await enterprise.locator("h1").textContent()).toBe(PERMIT_ZH);
      // Leave the demo account in English, as seeded.
      await enterprise.goto("/portal?lng=en");
    },
  );

  it(
    "in Chinese without JavaScript: a steward writes an article with a source, publishes and edits it; the enterprise reads it, markup shown as text",
    { timeout: 90_000 },
    async () => {
      const steward = await open({ javaScriptEnabled: false });
      await signInWithSession(steward, "steward@demo.local");
      await steward.goto("/answers/new?lng=zh-CN");
      await steward.fill("#title_zh", "无脚本撰写的问答");
      await steward.fill("#body_zh", "**要点**：请联系服务管家。\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1))");
      await steward.selectOption('select[name="category"]', "other");
      await steward.fill('input[name="review_by"]', "2099-12-31");
      await steward.fill('input[name="sources.0.name"]', "演示文件");
      await steward.fill('input[name="sources.0.url"]', "https://example.org/doc");
      await Promise.all([steward.waitForURL(/\/answers\/[0-9a-f-]{36}$/), steward.click('main button[type="submit"]')]);
      const articleUrl = steward.url();
      expect(await steward.getByTestId("article-languages").textContent()).toContain("暂无 English 版本。");
      await Promise.all([steward.waitForURL(articleUrl), steward.getByRole("button", { name: "发布" }).click()]);
      await steward.goto(`${articleUrl}/edit`);
      await steward.fill(
        "#body_zh",
        "**要点**：请提前联系服务管家。\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1))",
      );
      await Promise.all([steward.waitForURL(articleUrl), steward.click('main button[type="submit"]')]);
      const newest = steward.getByTestId("article-versions").locator("li").first();
      expect(await newest.locator("ins").allTextContents()).toEqual(["新增： 提前"]);
      expect(await steward.getByTestId("article-status-history").textContent()).toContain("已发布");

      const enterprise = await open({ javaScriptEnabled: false });
      await signInWithSession(enterprise, "enterprise@demo.local");
      await enterprise.goto(`/portal/answers?lng=zh-CN&q=${encodeURIComponent("无脚本撰写")}`);
      await enterprise.getByTestId("portal-articles").getByRole("link", { name: "无脚本撰写的问答" }).click();
      const article = enterprise.locator("article");
      expect(await article.locator("strong").textContent()).toBe("要点");
      expect(await article.textContent()).toContain("<script>alert(1)</script>");
      expect(await article.locator("script").count()).toBe(0);
      expect(await article.locator("a", { hasText: "链接" }).getAttribute("href")).toBe("");
      expect(await enterprise.getByRole("link", { name: "演示文件" }).getAttribute("href")).toBe("https://example.org/doc");
      await enterprise.goto("/portal?lng=en");
    },
  );

  it("suggests in Chinese while typing, and fits a 375 px phone", { timeout: 60_000 }, async () => {
    const page = await open({ viewport: { width: 375, height: 800 } });
    await signInWithSession(page, "enterprise@demo.local");
    await page.goto("/portal/requests/new?lng=zh-CN");
    await hydrated(page);
    await page.fill('textarea[name="description"]', "我们的外籍员工需要办理工作许可");
    await page.getByTestId("answer-suggestions").getByRole("link", { name: PERMIT_ZH }).waitFor();
    const m = await page.evaluate(measureInPage);
    expect(m.width).toBeLessThanOrEqual(m.viewport);
    // On a phone the suggestions sit above the form: on screen while the user types, not below the submit button.
    const box = (await page.getByTestId("answer-suggestions").boundingBox())!;
    expect(box.y).toBeLessThan((await page.locator('textarea[name="description"]').boundingBox())!.y);
    await expectAccessible(page);
    await page.goto("/portal/answers?lng=zh-CN");
    expect((await page.evaluate(measureInPage)).width).toBeLessThanOrEqual(375);
    // Browsing by category: a link per category, the chosen one marked; all in Chinese.
    await page.getByTestId("portal-categories").getByRole("link", { name: /^税收/ }).click();
    await page.waitForURL(/category=tax/);
    // The URL changes before the new list is rendered: wait for the list to show the chosen category.
    await expect.poll(() => page.getByTestId("portal-articles").locator("li a").allTextContents()).not.toContain(PERMIT_ZH);
    const titles = await page.getByTestId("portal-articles").locator("li a").allTextContents();
    expect(titles).toContain("研发费用加计扣除如何申报？");
    expect(await page.getByTestId("portal-categories").locator('[aria-current="true"]').textContent()).toMatch(/^税收/);
    expect((await page.evaluate(measureInPage)).width).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    await page.getByTestId("portal-articles").getByRole("link", { name: "研发费用加计扣除如何申报？" }).click();
    await page.waitForURL(/\/portal\/answers\/[0-9a-f-]{36}/);
    await expect.poll(() => page.locator("article").textContent()).toContain("演示文本");
    expect((await page.evaluate(measureInPage)).width).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    await page.goto("/portal?lng=en");
  });
});

describe("the staff library pages", () => {
  it(
    "are accessible: the list, an article with its versions, the form, the import and the dashboard's figures; an edit shows what changed",
    { timeout: 90_000 },
    async () => {
      const page = await open();
      await signInWithSession(page, "steward@demo.local");
      const articleId = queryE2eDatabase<{ id: string }>("select id from answer_articles where title_en = ?", PERMIT_EN)!.id;
      for (const url of [
        "/answers?lng=en",
        `/answers/${articleId}`,
        `/answers/${articleId}/edit`,
        "/answers/import",
        "/work",
        "/dashboard",
      ]) {
        await page.goto(url);
        await hydrated(page);
        await expectAccessible(page);
      }
      expect(await page.getByTestId("answer-figures").textContent()).toContain("Answered with a library article");
      // The library's figures are part of the report: exported as the page shows them, and printed.
      const download = page.waitForEvent("download");
      await page.getByTestId("csv-answers_by_category").click();
      expect((await download).suggestedFilename()).toMatch(/^dashboard-answers_by_category-\d{4}-\d{2}-\d{2}\.csv$/);
      await page.goto("/dashboard/print?lng=zh-CN");
      expect(await page.getByTestId("print-report").getByTestId("answer-figures").textContent()).toContain("引用问答答复的占比");
      // An edit is a new version; the article page shows what changed, in both languages and on a phone.
      await page.goto(`/answers/${articleId}/edit?lng=en`);
      await hydrated(page);
      const body = page.locator('textarea[name="body_en"]');
      await body.fill((await body.inputValue()).replace("as early as you can", "at least two months ahead"));
      await page.fill('input[name="note"]', "Lead time made concrete");
      await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/edit")), page.click('main button[type="submit"]')]);
      const versions = page.getByTestId("article-versions");
      const newest = versions.locator("li").first();
      await newest.getByText("Version 2").waitFor();
      expect(await newest.locator("del").allTextContents(), (await versions.textContent()) ?? "").toEqual([
        "removed: as early as you can",
      ]);
      expect(await newest.locator("ins").allTextContents()).toEqual(["added: at least two months ahead"]);
      await page.goto(`/answers/${articleId}?lng=zh-CN`);
      expect(await versions.textContent()).toContain("相对第 1 版的修改");
      await expectAccessible(page);
      await page.setViewportSize({ width: 375, height: 800 });
      expect((await page.evaluate(measureInPage)).width).toBeLessThanOrEqual(375);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto("/work?lng=zh-CN");
    },
  );
});
