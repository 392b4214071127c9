import { afterEach, describe, expect, it } from "vitest";
import { expectAccessible, hydrated, launch, signInWithSession, type Browser, type Page } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

const column = (page: Page, stage: string) => page.locator(`section[data-stage="${stage}"]`);
const card = (page: Page, stage: string, centreId: string) => column(page, stage).locator(`[data-testid="card-${centreId}"]`);

/** A card's link to its move form (the form itself is rendered once asked for). */
const moveLink = (page: Page, centreId: string) => page.locator(`[data-testid="card-${centreId}"] a[data-move]`);

/** Opens a card's move form, keeps the suggested next stage and today's date, adds a note and submits. */
async function moveToNextStage(page: Page, centreId: string, note: string) {
  const form = page.locator(`[data-testid="move-form-${centreId}"]`);
  await moveLink(page, centreId).click();
  await form.locator('input[name="note"]').fill(note);
  await form.locator('button[type="submit"]').click();
}

describe("a steward moves a centre through the pipeline", () => {
  it("with JavaScript off, then on: the card lands in the next column with 0 days in stage", async () => {
    browser = await launch({ javaScriptEnabled: false });
    let { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/pipeline?lng=en");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Onboarding pipeline");
    // Stewards see their own centres by default.
    expect(await page.getByRole("link", { name: "My centres" }).getAttribute("aria-current")).toBe("page");
    const first = column(page, "lead").locator('li[data-testid^="card-"]').first();
    const centreId = (await first.getAttribute("data-testid"))!.replace("card-", "");
    const name = (await first.locator("a").first().textContent())!;
    const leadCount = Number(await column(page, "lead").getByTestId("stage-count").innerText());

    await moveToNextStage(page, centreId, "Met the R&D director (no JS)");
    await expect.poll(() => card(page, "in_contact", centreId).count()).toBe(1);
    expect(new URL(page.url()).search).toBe("?lng=en");
    expect(await page.getByRole("status").textContent()).toContain(`${name} moved to In contact`);
    expect(await card(page, "in_contact", centreId).getByTestId("days-in-stage").textContent()).toBe("0 days in stage");
    expect(await card(page, "lead", centreId).count()).toBe(0);
    expect(Number(await column(page, "lead").getByTestId("stage-count").innerText())).toBe(leadCount - 1);
    await browser.close(); // (axe-core needs JavaScript: the accessibility checks run below, with it on)

    browser = await launch();
    page = browser.page;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/pipeline?lng=en");
    await hydrated(page);
    // The form opens in place (no page load) with its first field focused.
    const before = page.url();
    await moveLink(page, centreId).click();
    const form = page.locator(`[data-testid="move-form-${centreId}"]`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("stage");
    expect(page.url()).toBe(before);
    // The browser checks the date before any round trip: no move into the future.
    await form.locator('input[name="effective_on"]').fill("2099-01-01");
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('input[name="effective_on"]').getAttribute("aria-invalid")).toBe("true");
    expect(await card(page, "in_contact", centreId).count()).toBe(1);
    await expectAccessible(page);

    const today = await form.locator('input[name="effective_on"]').getAttribute("max");
    await form.locator('input[name="effective_on"]').fill(today!);
    await form.locator('input[name="note"]').fill("Registration started (JS)");
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => card(page, "registering", centreId).count()).toBe(1);
    expect(await card(page, "in_contact", centreId).count()).toBe(0);
    expect(await card(page, "registering", centreId).getByTestId("days-in-stage").textContent()).toBe("0 days in stage");
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`${name} moved to Registering`);
  });

  it("offers no move form on centres the steward does not steward, nor to officials", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/pipeline?lng=en&mine=0");
    const others = page.locator('li[data-testid^="card-"]', { hasText: "Lead steward: 李明 Li Ming" });
    expect(await others.count()).toBeGreaterThan(0);
    expect(await others.first().locator("form").count()).toBe(0);
    expect(await others.first().locator("a[data-move]").count()).toBe(0);
    const mine = page.locator('li[data-testid^="card-"]', { hasText: "Lead steward: 王芳 Wang Fang" });
    // The steward's own cards offer the move: a link to the form, which is rendered once asked for.
    expect(await mine.first().locator("a[data-move]").count()).toBe(1);
    expect(await mine.first().locator("form").count()).toBe(0);
    await mine.first().locator("a[data-move]").click();
    await expect.poll(() => mine.first().locator("form").count()).toBe(1);
    await browser.close();

    browser = await launch();
    await signInWithSession(browser.page, "official@demo.local");
    await browser.page.goto("/pipeline?lng=en");
    expect(await browser.page.locator('li[data-testid^="card-"]').count()).toBeGreaterThan(0);
    expect(await browser.page.locator('[data-testid^="move-form-"]').count()).toBe(0);
    expect(await browser.page.locator("a[data-move]").count()).toBe(0);
    // A big column shows its first cards and links to the full list.
    const recognised = column(browser.page, "recognised");
    expect(await recognised.locator('li[data-testid^="card-"]').count()).toBe(50);
    expect(await recognised.getByRole("link", { name: /Show all in the list/ }).getAttribute("href")).toBe(
      "/centres?stage=recognised",
    );
  });
});

describe("an admin renames a stage", () => {
  it("in /admin/reference and sees the new label on /pipeline", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/admin/reference?lng=en");
    await hydrated(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Reference data");
    expect(await page.getByRole("link", { name: /Onboarding stages/ }).getAttribute("aria-current")).toBe("page");
    await expectAccessible(page);

    const row = page.getByTestId("ref-row-upgrading");
    const rename = async (label: string) => {
      await row.getByLabel("English label of upgrading").fill(label);
      await row.getByRole("button", { name: "Save upgrading" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toBe("upgrading saved.");
    };
    await rename("Level upgrade under way");

    await page.goto("/pipeline?lng=en");
    expect(await column(page, "upgrading").locator("h2").textContent()).toBe("Level upgrade under way");
    await expectAccessible(page);

    // Put the demo's label back for the other journeys.
    await page.goto("/admin/reference?lng=en");
    await hydrated(page);
    await rename("Upgrading");
    expect(await row.getByLabel("English label of upgrading").inputValue()).toBe("Upgrading");
  });
});
