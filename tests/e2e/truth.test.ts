import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { makeUscc } from "../../db/factories";
import { e2eDatabase, expectAccessible, hydrated, launch, signInWithSession, type Browser } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

async function newCentre(page: Browser["page"], uscc: string, nameEn: string) {
  await page.goto("/centres/new?lng=en");
  await page.fill('input[name="name_zh"]', `${nameEn}（北京）`);
  await page.fill('input[name="name_en"]', nameEn);
  await page.fill('input[name="uscc"]', uscc);
  await page.fill('input[name="parent_company"]', "Order Test AG");
  await page.selectOption('select[name="country"]', "CH");
  await page.selectOption('select[name="district"]', "haidian");
  await page.check('input[name="industries"][value="ai"]');
  await page.click('button[type="submit"]:has-text("Save")');
  await page.waitForURL(/\/centres\/[0-9a-f-]{36}$/);
}

async function record(page: Browser["page"], intent: "recognised" | "level", fields: Record<string, string>) {
  await page.click(`summary:has-text('${intent === "recognised" ? "Record recognition" : "Record level change"}')`);
  for (const [id, value] of Object.entries(fields)) {
    if (id.endsWith("-level")) await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
  await Promise.all([
    page.waitForURL(/\/centres\/[0-9a-f-]{36}$/),
    page.click(`form:has(#${intent}-effective_on) button[type=submit]`),
  ]);
  // The message names the centre and what was recorded ("…: recognition in batch 9 recorded.", "…: level changed to Global.").
  expect(await page.getByRole("status").textContent()).toMatch(
    intent === "recognised" ? /: recognition in batch \d+ recorded\.$/ : /: level changed to [\w-]+\.$/,
  );
}

describe("the truth of dates, whatever order they are typed in", () => {
  it.each([
    ["level change first", ["level", "recognised"] as const, 7_100_001],
    ["recognition first", ["recognised", "level"] as const, 7_100_002],
  ])(
    "a same-day recognition (regional) and upgrade to global, %s, reads global in the header and the timeline",
    async (label, order, n) => {
      // JavaScript off: the plain forms a steward on a slow connection uses.
      browser = await launch({ javaScriptEnabled: false });
      const { page } = browser;
      await signInWithSession(page, "steward@demo.local");
      await newCentre(page, makeUscc(n), `Same Day ${label}`);
      for (const step of order) {
        if (step === "recognised")
          await record(page, "recognised", {
            "recognised-batch": "5",
            "recognised-level": "regional",
            "recognised-document_ref": "京商研认〔2024〕5号",
            "recognised-effective_on": "2024-07-25",
          });
        else
          await record(page, "level", {
            "level-level": "global",
            "level-document_ref": "提级批复 2024",
            "level-effective_on": "2024-07-25",
          });
      }
      const header = (await page.locator("main").first().textContent())!;
      expect(header).toContain("Recognised");
      // The level badge (the centre's cache) and the timeline's level line agree: Regional → Global.
      expect(await page.locator("li[data-kind='level_changed']").textContent()).toContain("Regional → Global");
      expect(await page.locator("span.rounded-full:text-is('Global')").count()).toBe(1);
      expect(await page.locator("span.rounded-full:text-is('Regional')").count()).toBe(0);
    },
  );

  it("an open request's due date moves when an admin enters a holiday for next year, and the rest of that year stays flagged", async () => {
    const db = new Database(e2eDatabase(), { fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    const limits = db.prepare("select value from settings where key = 'requestTimeLimits'").get() as
      { value: string } | undefined;
    // A category with a 25-working-day answer limit, so a request made today is due in January 2027 (beyond the package's 2026).
    const longLimits = {
      default: { accept: 1, firstContact: 2, answer: 5, satisfactionFollowUp: 3 },
      finance_forex: { accept: 1, firstContact: 2, answer: 25, satisfactionFollowUp: 3 },
    };
    db.prepare(
      "insert into settings (key, value) values ('requestTimeLimits', ?) on conflict(key) do update set value = excluded.value",
    ).run(JSON.stringify(longLimits));
    try {
      browser = await launch();
      const { page, context } = browser;
      await signInWithSession(page, "enterprise@demo.local");
      await page.goto("/portal/requests/new?lng=en");
      await hydrated(page);
      await page.selectOption('select[name="category"]', "finance_forex");
      await page.fill('input[name="title"]', "Capital account for the new lab");
      await page.fill('textarea[name="description"]', "We need to open a capital account before the equipment arrives.");
      await page.click('main button[type="submit"]');
      await page.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
      const id = page.url().split("/").pop()!;
      const dueOf = () => (db.prepare("select answer_due_on as d from support_requests where id = ?").get(id) as { d: string }).d;
      const before = dueOf();
      expect(before.startsWith("2027-")).toBe(true);
      expect(await page.getByTestId("commitment").textContent()).toMatch(/^We will answer by .*2027/);
      await context.clearCookies();

      await signInWithSession(page, "admin@demo.local");
      await page.goto(`/requests/${id}?lng=en`);
      await hydrated(page);
      const answerText = () => page.locator("[data-milestone='answer']").textContent();
      const shownBefore = await answerText();
      expect(await page.locator("text=Beyond the published holiday calendar").count()).toBe(1);

      // 1 January 2027 falls inside the request's time: the admin enters it as a holiday.
      await page.goto("/admin/settings?year=2027&lng=en");
      await hydrated(page);
      await page.fill("#f-override-date", "2027-01-01");
      await page.selectOption("#f-override-kind", "holiday");
      await page.fill("#f-override-note", "New Year's Day 2027");
      await page.click("form:has(#f-override-date) button[type=submit]");
      await expect.poll(async () => page.getByRole("status").textContent()).toMatch(/Due dates moved: [1-9]\d* open requests/);
      expect(await page.getByTestId("year-2027").textContent()).toContain("not known until marked complete");
      await expectAccessible(page);

      const after = dueOf();
      expect(after > before).toBe(true);
      await page.goto(`/requests/${id}?lng=en`);
      await hydrated(page);
      expect(await answerText()).not.toBe(shownBefore);
      // The rest of 2027 is still unknown: the date is still flagged.
      expect(await page.locator("text=Beyond the published holiday calendar").count()).toBe(1);

      // Clean up through the same page: the date moves back.
      await page.goto("/admin/settings?year=2027&lng=en");
      await hydrated(page);
      await page.click("[data-testid='override-2027-01-01'] button[type=submit]");
      await expect.poll(async () => page.getByRole("status").textContent()).toContain("deleted");
      expect(dueOf()).toBe(before);
    } finally {
      if (limits) db.prepare("update settings set value = ? where key = 'requestTimeLimits'").run(limits.value);
      else db.prepare("delete from settings where key = 'requestTimeLimits'").run();
      db.prepare("delete from calendar_overrides where date = '2027-01-01'").run();
      db.close();
    }
  });
});
