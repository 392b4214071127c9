import { afterEach, describe, expect, it } from "vitest";
import { expectAccessible, hydrated, launch, signInWithSession, type Browser } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

describe("one search box", () => {
  it("a steward presses /, searches two Chinese characters and opens a centre (Chinese)", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres?lng=zh-CN");
    await hydrated(page);
    await page.keyboard.press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("site-search");
    await page.keyboard.type("生物");
    await Promise.all([page.waitForURL(/\/search\?q=/), page.keyboard.press("Enter")]);
    const centres = page.getByTestId("results-centre");
    expect(await centres.locator("h2").textContent()).toContain("中心");
    expect(await centres.locator("mark").first().textContent()).toBe("生物");
    expect(await page.getByTestId("results-request").locator("mark").first().textContent()).toBe("生物");
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/\/centres\/[0-9a-f-]{36}$/), centres.locator("a").first().click()]);
    await expect.poll(() => page.locator("h1").textContent()).toContain("生物");
  });

  it("finds full-width and upper-case English, links to more, and works without JavaScript (English)", async () => {
    browser = await launch({ javaScriptEnabled: false });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/work?lng=en");
    await page.fill('[data-testid="site-search"]', "ＨＥＬＩＸ biotech");
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('[data-testid="site-search"]', "Enter")]);
    const centres = page.getByTestId("results-centre");
    expect(await centres.locator("h2").textContent()).toContain("Centres");
    expect(await centres.locator("li").count()).toBeGreaterThan(0);
    expect((await centres.locator("mark").allTextContents()).map((m) => m.toLowerCase())).toContain("helix");
    expect(await page.getByTestId("no-results").count()).toBe(0);
    await page.goto(`/search?q=${encodeURIComponent("研发中心")}&lng=en`);
    expect(await page.getByTestId("results-centre").locator("li").count()).toBe(20);
    await Promise.all([page.waitForURL(/kind=centre/), page.getByTestId("more-centre").click()]);
    expect(await page.getByTestId("results-centre").locator("li").count()).toBe(100);
    expect(await page.getByTestId("results-request").count()).toBe(0);
    expect(await page.locator("body").textContent()).toContain("The first 100 are shown");
    await page.goto("/search?q=zzzz-nothing-like-this&lng=en");
    expect(await page.getByTestId("no-results").textContent()).toContain("Nothing found");
  });

  it("gives an official centres only", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    await page.goto("/search?q=%E7%94%9F%E7%89%A9&lng=en");
    expect(await page.getByTestId("results-centre").count()).toBe(1);
    expect(await page.getByTestId("results-request").count()).toBe(0);
  });

  it("sends an enterprise user's search to its own centre", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "enterprise@demo.local");
    await page.goto("/portal?lng=en");
    await page.fill('[data-testid="site-search"]', "RQ-");
    await Promise.all([page.waitForURL(/\/portal\/search\?q=/), page.press('[data-testid="site-search"]', "Enter")]);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Search my centre");
    await expectAccessible(page);
    // Checklist items and follow-ups: a highlighted title stays one line of text beside its status.
    await page.goto("/portal/search?q=permit&lng=en");
    const item = page.getByTestId("results-checklist").locator("li", { hasText: "Work permits for foreign staff" });
    expect(await item.locator("> span").first().textContent()).toBe("Work permits for foreign staff");
    expect(await item.locator("> span").first().locator("mark").textContent()).toBe("permit");
    await expect.poll(() => page.getByRole("heading", { name: "Follow-ups agreed with you" }).count()).toBe(1);
  });
});

describe("saved views and bulk work", () => {
  it("saves the request queue's filters as a view listed above them", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/requests?all=1&status=closed&lng=en");
    await hydrated(page);
    await page.fill('input[name="name"]', "Closed ones");
    await Promise.all([page.waitForURL(/status=closed/), page.click('button:has-text("Save view")')]);
    const views = page.getByTestId("saved-views");
    await expect.poll(() => views.locator("a", { hasText: "Closed ones" }).count()).toBe(1);
    await page.goto("/requests?lng=en");
    await Promise.all([page.waitForURL(/all=1&status=closed/), views.locator("a", { hasText: "Closed ones" }).click()]);
    await expectAccessible(page);
  });

  it("keeps the request queue's steward filter and an admin's steward picker on the one chosen", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/requests?lng=en");
    await hydrated(page);
    // "Mine" beside the steward picker: the steward's own requests, named in the picker.
    await Promise.all([page.waitForURL(/steward=/), page.getByRole("link", { name: "Mine", exact: true }).click()]);
    const steward = page.locator("#steward-filter");
    await expect.poll(() => steward.inputValue()).toBe("王芳 Wang Fang");
    await page.reload();
    expect(await steward.inputValue()).toBe("王芳 Wang Fang");
    // Another steward, typed in part and chosen among the suggestions.
    await steward.fill("");
    await steward.pressSequentially("li m");
    await page.getByRole("option", { name: /李明 Li Ming/ }).click();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("steward_text") === "李明 Li Ming"),
      page.click('button[type="submit"]:has-text("Filter")'),
    ]);
    await expect.poll(() => steward.inputValue()).toBe("李明 Li Ming");

    await signInWithSession(page, "admin@demo.local");
    await page.goto("/work?lng=en");
    await hydrated(page);
    const picker = page.locator("#steward");
    await picker.fill("");
    await picker.pressSequentially("li m");
    await page.getByRole("option", { name: /李明 Li Ming/ }).click();
    await Promise.all([page.waitForURL(/steward=/), page.click('button:has-text("Show")')]);
    await expect.poll(() => page.locator("h1").textContent()).toContain("李明 Li Ming");
    expect(await picker.inputValue()).toBe("李明 Li Ming");
  });

  it("an admin makes a district steward of two ticked centres and sees the result", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/centres?q=Helix&lng=en");
    await hydrated(page);
    await expectAccessible(page);
    const boxes = page.locator('table input[name="ids"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    // The steward picker suggests as the admin types; a suggestion is chosen with the keyboard.
    await page.locator("#bulk-steward").pressSequentially("li m");
    const suggestion = page.getByRole("option", { name: /李明 Li Ming/ });
    await suggestion.waitFor();
    await expectAccessible(page);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    expect(await page.locator("#bulk-steward").inputValue()).toBe("李明 Li Ming");
    await Promise.all([
      page.waitForURL(/\/centres\/bulk\/[0-9a-f-]{36}$/),
      page.click('button:has-text("Make district steward")'),
    ]);
    expect(await page.getByTestId("bulk-summary").textContent()).toBe("Done on 2, already so on 0, refused on 0.");
    expect(await page.getByTestId("bulk-done").locator("a").count()).toBe(2);
    await expectAccessible(page);
  });

  it("a steward without JavaScript assigns all matching centres: those not theirs are refused, saying why (Chinese)", async () => {
    browser = await launch({ javaScriptEnabled: false });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres?q=Helix&lng=zh-CN");
    await page.check('input[name="scope"][value="all"]');
    // Without JavaScript the steward is typed (here by email); the server finds them.
    await page.fill("#bulk-steward", "steward@demo.local");
    await Promise.all([page.waitForURL(/\/centres\/bulk\/[0-9a-f-]{36}$/), page.click('button:has-text("设为区级管家")')]);
    const summary = (await page.getByTestId("bulk-summary").textContent()) ?? "";
    const [done, unchanged, refused] = (summary.match(/\d+/g) ?? []).map(Number);
    expect(done! + unchanged! + refused!).toBe(15);
    expect(refused).toBeGreaterThan(0);
    expect(await page.getByTestId("bulk-refused").textContent()).toContain("您不是该中心的牵头或区级管家");
  });

  it("an official filters the centre list by a steward typed in part, then chooses among several without JavaScript", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    await page.goto("/centres?lng=en");
    await hydrated(page);
    const count = async (p = page) => Number((await p.getByTestId("match-count").textContent())!.match(/\d+/)![0]);
    const all = await count();
    const picker = page.locator("#steward-filter");
    await picker.pressSequentially("zhang");
    await page.getByRole("option", { name: /张伟 Zhang Wei/ }).click();
    await Promise.all([page.waitForURL(/steward=[0-9a-f-]{36}/), page.click('form[role="search"] button[type="submit"]')]);
    // The URL changes a moment before the new list is drawn.
    await expect.poll(() => count()).toBeLessThan(all);
    const matching = await count();
    expect(matching).toBeGreaterThan(0);
    expect(await picker.inputValue()).toBe("张伟 Zhang Wei");
    await expectAccessible(page);
    await browser.close();

    browser = await launch({ javaScriptEnabled: false });
    await signInWithSession(browser.page, "official@demo.local");
    const plain = browser.page;
    await plain.goto("/centres?lng=zh-CN");
    // "demo.local" is in every demo steward's email: the list shows none and offers the stewards.
    await plain.fill("#steward-filter", "demo.local");
    await Promise.all([plain.waitForURL(/steward_text=demo.local/), plain.click('form[role="search"] button[type="submit"]')]);
    expect(await plain.getByTestId("match-count").textContent()).toContain("0");
    const problem = plain.getByTestId("steward-filter-problem");
    expect(await problem.textContent()).toContain("有多位服务管家与“demo.local”相符");
    await Promise.all([plain.waitForURL(/steward=[0-9a-f-]{36}/), problem.getByRole("link", { name: "张伟 Zhang Wei" }).click()]);
    expect(await plain.locator("#steward-filter").inputValue()).toBe("张伟 Zhang Wei");
    // Zhang Wei's centres again (other journeys may move a centre between stewards meanwhile).
    expect(await count(plain)).toBeGreaterThan(0);
    expect(await count(plain)).toBeLessThan(all);
  });
});
