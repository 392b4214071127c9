import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { todayInBeijing } from "../../app/utils/format";
import type { Locator } from "playwright-core";
import { e2eDatabase, expectAccessible, hydrated, launch, signInWithSession, type Browser } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

const PHONE = { width: 375, height: 800 };

/** Opens a <details> disclosure unless it is open already. */
async function openDetails(details: Locator) {
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
}
const TEMPLATE_EN = "E2E lab safety induction";
const FOLLOW_UP = "Send the customs guide for samples";

describe("a steward's day on a phone", () => {
  it("an admin adds a checklist template (due in 2 working days)", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/admin/checklists?lng=en");
    await hydrated(page);
    await page.fill("#new-title_zh", "实验室安全培训（E2E）");
    await page.fill("#new-title_en", TEMPLATE_EN);
    await page.selectOption("#new-department", "district_government");
    await page.fill("#new-due_period", "2");
    await page.click('button[type="submit"]:has-text("Add template")');
    await page
      .getByRole("status")
      .filter({ hasText: `Template “${TEMPLATE_EN}” added.` })
      .waitFor();
    expect(await page.locator('[data-testid="template"]', { hasText: TEMPLATE_EN }).count()).toBe(1);
    await expectAccessible(page);
  });

  it("logs a visit with a follow-up, applies the checklist and ticks an item done; /work and the centre's activity show both", async () => {
    browser = await launch({ viewport: PHONE });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/work?lng=en");
    await hydrated(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("My work");
    await expectAccessible(page);

    // The first centre due for contact: one click to the logging form.
    const due = page.locator('[data-testid="due-for-contact"] li').first();
    const centreName = (await due.locator("a").first().textContent())!.trim();
    const logLink = due.getByRole("link", { name: /Log interaction/ });
    const centreId = (await logLink.getAttribute("href"))!.split("/")[2]!;
    await logLink.click();
    await page.waitForURL(new RegExp(`/centres/${centreId}/interactions/new`));
    await page.locator("h1", { hasText: "Log an interaction" }).waitFor();
    // Nothing overflows the 375 px viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page);

    // The client check answers before any round trip.
    await page.click('button[type="submit"]:has-text("Save interaction")');
    await expect.poll(() => page.locator('textarea[name="summary"]').getAttribute("aria-invalid")).toBe("true");

    const started = Date.now();
    await page.locator("label", { hasText: "Visit" }).click();
    await page.locator('input[name="contacts"]').first().check();
    await page.fill('textarea[name="summary"]', "Toured the new lab; samples import is the next hurdle.");
    await page.fill('input[name="followUps.0.description"]', FOLLOW_UP);
    await page.fill('input[name="followUps.0.due_on"]', todayInBeijing());
    await page.check('input[name="followUps.0.visible"]');
    await page.click('button[type="submit"]:has-text("Save interaction")');
    await page.waitForURL(/\/work(\?|$)/);
    expect(Date.now() - started).toBeLessThan(30_000);
    await page.getByRole("status").filter({ hasText: "Interaction saved with follow-ups: 1." }).waitFor();

    // /work: the follow-up is due today; the centre is no longer due for contact and was contacted today.
    expect(await page.getByTestId("work-follow-ups").textContent()).toContain(FOLLOW_UP);
    expect(await page.getByTestId("due-for-contact").textContent()).not.toContain(centreName);
    // The demo steward has more than 20 centres: the table shows the first 20 and "Show all".
    await page.getByTestId("show-all-centres").click();
    await page.waitForURL(/centres=all/);
    const row = page.locator('[data-testid="my-centre"]', { hasText: centreName });
    expect(await row.textContent()).toContain(
      new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "Asia/Shanghai" }).format(
        new Date(),
      ),
    );

    // The centre's checklist: apply the templates, then tick the 2-day item done.
    await page.goto(`/centres/${centreId}/checklist?lng=en`);
    await hydrated(page);
    await page.click('button[type="submit"]:has-text("Apply templates")');
    await page
      .getByRole("status")
      .filter({ hasText: /Checklist items added: \d+\./ })
      .waitFor();
    const items = page.getByTestId("checklist-item");
    const total = await items.count();
    expect(total).toBeGreaterThan(0);
    const induction = items.filter({ hasText: TEMPLATE_EN });
    expect(await induction.getAttribute("data-status")).toBe("not_started");
    expect(await page.getByTestId("checklist-progress").textContent()).toBe(`0 of ${total} done (0%)`);
    // Due in 2 working days: it is on /work until it is done (after the overdue ones: "Show all").
    await page.goto("/work?lng=en");
    await hydrated(page);
    // The demo steward has more than 25 items due: the list shows the first ones and a link to all.
    await page.getByTestId("show-all-checklist").click();
    await page.waitForURL(/checklist=all/);
    await expect.poll(() => page.getByTestId("work-checklist").textContent()).toContain(TEMPLATE_EN);
    await page.goto(`/centres/${centreId}/checklist?lng=en`);
    await hydrated(page);
    await induction.getByRole("button", { name: /Mark done/ }).click();
    await page.getByRole("status").filter({ hasText: "Checklist item saved." }).waitFor();
    await expect.poll(() => items.filter({ hasText: TEMPLATE_EN }).getAttribute("data-status")).toBe("done");
    expect(await page.getByTestId("checklist-progress").textContent()).toBe(`1 of ${total} done (${Math.round(100 / total)}%)`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page);

    // The centre's activity (its timeline data): the visit, the follow-up and the checklist changes.
    const activity = page.getByTestId("activity");
    expect(await activity.locator('li[data-kind="interaction"]').first().textContent()).toContain("Toured the new lab");
    expect(await activity.locator('li[data-kind="follow_up"]').first().textContent()).toContain(FOLLOW_UP);
    expect(await activity.locator('li[data-kind="checklist"]').first().textContent()).toContain(
      `Checklist item updated: ${TEMPLATE_EN}`,
    );

    // /work: the done item has left the list, the progress shows it; one click closes the follow-up.
    await page.goto("/work?lng=en&checklist=all&centres=all");
    await hydrated(page);
    expect(await page.locator('[data-testid="work-checklist"] li', { hasText: TEMPLATE_EN }).count()).toBe(0);
    expect(await row.textContent()).toContain(`1/${total}`);
    await page
      .getByTestId("work-follow-ups")
      .getByRole("button", { name: new RegExp(`Done.*${FOLLOW_UP}`) })
      .click();
    await page.getByRole("status").filter({ hasText: "Follow-up marked done." }).waitFor();
    expect(await page.locator("main").innerText()).not.toContain(FOLLOW_UP);
  });

  it("adds an item of the steward's own to a centre's checklist, checked in the browser first, then with JavaScript off", async () => {
    browser = await launch({ viewport: PHONE });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/work?lng=en");
    const centreLink = page.locator('[data-testid="my-centre"] a').last();
    const centreId = (await centreLink.getAttribute("href"))!.split("/")[2]!;
    await page.goto(`/centres/${centreId}/checklist?lng=en`);
    await hydrated(page);
    const form = page.getByTestId("new-item");
    await form.locator("summary").click();
    await form.getByRole("button", { name: "Add item" }).click();
    // Answered in the browser: a title in one language and a department are needed.
    await expect.poll(() => form.locator('input[name="title_zh"]').getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator('select[name="department"]').getAttribute("aria-invalid")).toBe("true");
    expect(await form.innerText()).toContain("Give the item a title in Chinese or English.");
    await form.locator('input[name="title_en"]').fill("Arrange the fire-safety walk-through");
    await form.locator('select[name="department"]').selectOption("district_government");
    await form.getByRole("button", { name: "Add item" }).click();
    await page.getByRole("status").filter({ hasText: "Item added to the checklist." }).waitFor();
    const added = page.getByTestId("checklist-item").filter({ hasText: "Arrange the fire-safety walk-through" });
    expect(await added.textContent()).toContain("Own item");
    // The add form is empty again, and the item can be edited twice in a row (each save starts from the saved version).
    expect(await form.locator('input[name="title_en"]').inputValue()).toBe("");
    for (const note of ["Fire brigade contacted", "Walk-through booked for Monday"]) {
      await openDetails(added.locator("details"));
      await added.locator('textarea[name="notes"]').fill(note);
      await added.getByRole("button", { name: "Save" }).click();
      await expect.poll(() => added.textContent()).toContain(note);
    }
    // Another owner, found by typing part of the name: the picker suggests the matching stewards.
    await openDetails(added.locator("details"));
    await added.locator('input[name="owner_text"]').fill("");
    await added.locator('input[name="owner_text"]').pressSequentially("li ming");
    await added.getByRole("option", { name: /李明 Li Ming/ }).click();
    await added.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => added.locator("dl").textContent()).toContain("李明 Li Ming");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page);
    await browser.close();

    // Without JavaScript the server refuses, keeps what was typed, then saves.
    browser = await launch({ javaScriptEnabled: false, viewport: PHONE });
    const noJs = browser.page;
    await signInWithSession(noJs, "steward@demo.local");
    await noJs.goto(`/centres/${centreId}/checklist?lng=en`);
    const plain = noJs.getByTestId("new-item");
    await plain.locator("summary").click();
    await plain.locator('textarea[name="notes"]').fill("Ask the park office for a date");
    await plain.getByRole("button", { name: "Add item" }).click();
    await noJs.waitForLoadState();
    const again = noJs.getByTestId("new-item");
    expect(await again.locator('input[name="title_zh"]').getAttribute("aria-invalid")).toBe("true");
    expect(await again.locator('textarea[name="notes"]').inputValue()).toBe("Ask the park office for a date");
    await again.locator('input[name="title_zh"]').fill("联系园区安排消防检查");
    await again.locator('select[name="department"]').selectOption("district_government");
    // The owner typed as an email, which the server finds.
    await again.locator('input[name="owner_text"]').fill("steward2@demo.local");
    await again.getByRole("button", { name: "Add item" }).click();
    await noJs.waitForURL(new RegExp(`/centres/${centreId}/checklist`));
    expect(await noJs.getByRole("status").textContent()).toBe("Item added to the checklist.");
    const typedOwner = noJs.getByTestId("checklist-item").filter({ hasText: "联系园区安排消防检查" });
    expect(await typedOwner.count()).toBe(1);
    expect(await typedOwner.locator("dl").textContent()).toContain("李明 Li Ming");
  });

  it("edits a follow-up's promise and date, closes it and opens it again", async () => {
    browser = await launch({ viewport: PHONE });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/work?lng=en");
    const centreId = (await page.locator('[data-testid="my-centre"] a').nth(1).getAttribute("href"))!.split("/")[2]!;
    await page.goto(`/centres/${centreId}/follow-ups?lng=en`);
    await hydrated(page);
    await page.locator('input[name="description"]').first().fill("Send the lab permit checklist");
    await page.getByRole("button", { name: "Add follow-up" }).click();
    await page.getByRole("status").filter({ hasText: "Follow-up added." }).waitFor();

    const card = page.getByTestId("follow-up").filter({ hasText: "Send the lab permit checklist" });
    await card.getByTestId("edit-follow-up").locator("summary").click();
    const editor = card.getByTestId("edit-follow-up");
    await editor.locator('input[name="description"]').fill("");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => editor.locator('input[name="description"]').getAttribute("aria-invalid")).toBe("true");
    await editor.locator('input[name="description"]').fill("Send the lab permit checklist in English");
    await editor.locator('input[name="due_on"]').fill("2026-12-18");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Follow-up saved." }).waitFor();
    const edited = page.getByTestId("follow-up").filter({ hasText: "Send the lab permit checklist in English" });
    expect(await edited.textContent()).toContain("due Dec 18, 2026");
    await expectAccessible(page);
    // A second edit right away: the form starts from the saved follow-up (its new version), so it is not refused as stale.
    const editorAgain = edited.getByTestId("edit-follow-up");
    await openDetails(editorAgain);
    await editorAgain.locator('input[name="due_on"]').fill("2026-12-21");
    await editorAgain.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "Follow-up saved." }).waitFor();
    await expect.poll(() => edited.textContent()).toContain("due Dec 21, 2026");

    await edited.getByRole("button", { name: /Done/ }).click();
    await page.getByRole("status").filter({ hasText: "Follow-up marked done." }).waitFor();
    await expect.poll(() => edited.getAttribute("data-status")).toBe("done");
    await edited.getByRole("button", { name: /Reopen/ }).click();
    await page.getByRole("status").filter({ hasText: "Follow-up open again." }).waitFor();
    await expect.poll(() => edited.getAttribute("data-status")).toBe("open");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("logs a call with JavaScript off", async () => {
    browser = await launch({ javaScriptEnabled: false, viewport: PHONE });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/work?lng=en");
    const logLink = page
      .locator('[data-testid="due-for-contact"] li')
      .first()
      .getByRole("link", { name: /Log interaction/ });
    await logLink.click();
    await page.waitForURL(/\/interactions\/new/);
    const centreId = new URL(page.url()).pathname.split("/")[2]!;
    await page.locator("label", { hasText: "Call" }).click();
    // A follow-up for a colleague, named by email (the owner picker without JavaScript).
    const promise = `Send the parking form ${Date.now()}`;
    await page.fill('input[name="followUps.0.description"]', promise);
    await page.fill('input[name="followUps.0.owner_text"]', "steward2@demo.local");
    await page.click('button[type="submit"]:has-text("Save interaction")');
    // Refused by the server with the input kept.
    expect(await page.locator('textarea[name="summary"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator('input[name="kind"][value="call"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="followUps.0.owner_text"]').inputValue()).toBe("steward2@demo.local");
    await page.fill('textarea[name="summary"]', "Quick call about parking permits.");
    await page.click('button[type="submit"]:has-text("Save interaction")');
    await page.waitForURL(/\/work(\?|$)/);
    expect(await page.getByRole("status").textContent()).toBe("Interaction saved with follow-ups: 1.");
    await page.goto(`/centres/${centreId}/follow-ups?lng=en`);
    expect(await page.getByTestId("follow-up").filter({ hasText: promise }).textContent()).toContain("李明 Li Ming");
  });
});

describe("a steward with more centres than a page shows", () => {
  it("shows the first 200 after Show all, says so, and opens the rest in the paged centre list", async () => {
    // steward2 leads 196 demo centres; as district steward of five more, 201 (one over SHOW_ALL_LIMIT).
    const db = new Database(e2eDatabase(), { fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    const steward2 = (db.prepare("select id from users where email = 'steward2@demo.local'").get() as { id: string }).id;
    const lent = (
      db
        .prepare(
          `select c.id from centres c join users u on u.id = c.lead_steward_id
           where u.email = 'steward@demo.local' and c.district_steward_id is null order by c.id limit 5`,
        )
        .all() as { id: string }[]
    ).map((c) => c.id);
    expect(lent).toHaveLength(5);
    const setDistrictSteward = db.prepare("update centres set district_steward_id = ? where id = ?");
    for (const id of lent) setDistrictSteward.run(steward2, id);
    try {
      browser = await launch();
      const { page } = browser;
      await signInWithSession(page, "steward2@demo.local");
      await page.goto("/work?lng=en");
      await hydrated(page);
      await page.getByTestId("show-all-centres").click();
      await page.getByTestId("capped-centres").waitFor();
      expect(await page.getByTestId("my-centre").count()).toBe(200);
      const capped = page.getByTestId("capped-centres");
      expect(await capped.textContent()).toBe("Showing the first 200 of 201. All 201 in the centre list");
      await expectAccessible(page);
      await capped.getByRole("link").click();
      await page.waitForURL((url) => url.pathname === "/centres");
      const params = new URL(page.url()).searchParams;
      expect(Object.fromEntries(params)).toEqual({ steward: steward2, sort: "-days_in_stage" });
      await expect.poll(() => page.getByTestId("match-count").textContent()).toContain("201");
    } finally {
      const clear = db.prepare("update centres set district_steward_id = null where id = ?");
      for (const id of lent) clear.run(id);
      db.close();
    }
  });
});

describe("a centre with years of follow-ups", () => {
  it("lists every open one and the newest 20 closed, says how many more, and shows them all on request", async () => {
    // 25 done follow-ups on a centre of steward@ (written through the app's own connection: the search triggers need its functions).
    const { openDatabase } = await import("../../db/client.server");
    const { centres, followUps } = await import("../../db/schema");
    const { and, eq, like } = await import("drizzle-orm");
    const db = openDatabase(e2eDatabase());
    const centre = db
      .select({ id: centres.id })
      .from(centres)
      .where(eq(centres.nameEn, "Helix Biotech Beijing R&D Centre"))
      .get()!;
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + 7 * i));
    db.insert(followUps)
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          centreId: centre.id,
          description: `E2E quarterly check-in ${String(i + 1).padStart(2, "0")}`,
          status: "done" as const,
          completedAt: day(i),
          createdAt: day(i),
        })),
      )
      .run();
    try {
      browser = await launch();
      const { page } = browser;
      await signInWithSession(page, "steward@demo.local");
      await page.goto(`/centres/${centre.id}/follow-ups?lng=en`);
      await hydrated(page);
      const closed = page.locator('section[aria-labelledby="closed-follow-ups"] > ul > li');
      expect(await closed.count()).toBe(20);
      expect(await closed.first().textContent()).toContain("E2E quarterly check-in 25");
      const more = page.getByTestId("closed-follow-ups-more");
      expect(await more.textContent()).toMatch(/^The newest 20 of \d+ done or cancelled\. Show all$/);
      await expectAccessible(page);
      await more.getByRole("link", { name: "Show all" }).click();
      await page.waitForURL(/closed=all/);
      await expect.poll(() => page.getByTestId("closed-follow-ups-more").count()).toBe(0);
      expect(await closed.count()).toBeGreaterThanOrEqual(25);
    } finally {
      db.delete(followUps)
        .where(and(eq(followUps.centreId, centre.id), like(followUps.description, "E2E quarterly check-in %")))
        .run();
      db.$client.close();
    }
  });
});
