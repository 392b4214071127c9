import { afterEach, describe, expect, it } from "vitest";
import { makeUscc } from "../../db/factories";
import { expectAccessible, hydrated, launch, signInWithSession, type Browser } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

async function fillCentre(page: Browser["page"], uscc: string) {
  await page.fill('input[name="name_zh"]', "浏览器测试（北京）研发中心");
  await page.fill('input[name="name_en"]', "Browser Test Beijing R&D Centre");
  await page.fill('input[name="uscc"]', uscc);
  await page.fill('input[name="parent_company"]', "Browser Test GmbH");
  await page.selectOption('select[name="country"]', "DE");
  await page.selectOption('select[name="district"]', "haidian");
  await page.check('input[name="industries"][value="ai"]');
  await page.fill('input[name="contacts.0.name"]', "Jonas Weber");
  await page.fill('input[name="contacts.0.email"]', "jonas@browser.example");
}

describe("a steward registers and maintains a centre", () => {
  it("creates a centre with JavaScript off: field errors first, nothing lost, then saved", async () => {
    browser = await launch({ javaScriptEnabled: false });
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres/new?lng=en");
    await fillCentre(page, "91110000MA01ABCD1X");
    await page.fill('input[name="rd_headcount"]', "lots");
    await page.click('button[type="submit"]:has-text("Save")');
    const uscc = page.locator('input[name="uscc"]');
    expect(await uscc.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(`[id="${await uscc.getAttribute("aria-describedby")}"]`).textContent()).toContain(
      "not a valid unified social credit code",
    );
    expect(await page.locator('input[name="rd_headcount"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.inputValue('input[name="name_en"]')).toBe("Browser Test Beijing R&D Centre");
    expect(await page.inputValue('input[name="contacts.0.name"]')).toBe("Jonas Weber");

    await page.fill('input[name="uscc"]', makeUscc(7_000_001));
    await page.fill('input[name="rd_headcount"]', "85");
    await page.click('button[type="submit"]:has-text("Save")');
    await page.waitForURL(/\/centres\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Browser Test Beijing R&D Centre");
    expect(await page.getByRole("status").textContent()).toBe("Browser Test Beijing R&D Centre created.");
    expect(await page.locator("body").textContent()).toContain("Jonas Weber");
  });

  it("creates, records a recognition and edits with JavaScript on; the list finds it by filter", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres/new?lng=en");
    await hydrated(page);
    // The client check answers before any round trip.
    await page.click('button[type="submit"]:has-text("Save")');
    await expect.poll(() => page.locator('input[name="name_zh"]').getAttribute("aria-invalid")).toBe("true");
    await fillCentre(page, makeUscc(7_000_002));
    await page.click('button[type="submit"]:has-text("Save")');
    await page.waitForURL(/\/centres\/[0-9a-f-]{36}$/);
    const centreUrl = page.url();

    await page.click("summary:has-text('Record recognition')");
    await page.fill("#recognised-batch", "9");
    await page.fill("#recognised-document_ref", "京商研认〔2026〕9号");
    await page.fill("#recognised-effective_on", "2026-06-30");
    await page.click("form:has(#recognised-batch) button[type=submit]");
    await expect.poll(() => page.locator('[data-testid="recognition-event"]').count()).toBe(1);
    expect(await page.locator('[data-testid="recognition-event"]').textContent()).toContain("Batch 9");
    // The message says what was recorded, on which centre.
    expect(await page.getByRole("status").textContent()).toMatch(/: recognition in batch 9 recorded\.$/);
    expect(await page.locator("text=Recognised").first().isVisible()).toBe(true);
    await expectAccessible(page);

    await page.click("text=Edit centre");
    await page.waitForURL(/\/edit$/);
    await hydrated(page);
    await page.fill('input[name="rd_spend_cny"]', "12000000");
    // The creating steward leads it; a district steward is chosen by typing part of the name.
    expect(await page.locator("#lead-steward").inputValue()).toBe("王芳 Wang Fang");
    await page.locator("#district-steward").pressSequentially("zhang");
    await page.getByRole("option", { name: /张伟 Zhang Wei/ }).click();
    await page.click('button[type="submit"]:has-text("Save")');
    await expect.poll(() => page.url()).toBe(centreUrl);
    await page
      .getByRole("status")
      .filter({ hasText: / saved\.$/ })
      .waitFor();
    expect(await page.locator("body").textContent()).toContain("CN¥12,000,000");
    expect(await page.locator("body").textContent()).toContain("张伟 Zhang Wei");
    expect(await page.locator("body").textContent()).toContain("Record edited");

    await page.goto("/centres?lng=en&q=Browser%20Test&batch=9&recognised=yes");
    expect(await page.getByTestId("match-count").textContent()).toBe("1 matching centres");
    expect(await page.locator("table").textContent()).toContain("Browser Test Beijing R&D Centre");
    // The filters' selects (their options written as one HTML string) show what the URL chose.
    expect(await page.locator('select[name="batch"]').inputValue()).toBe("9");
    expect(await page.locator('select[name="recognised"]').inputValue()).toBe("yes");
    expect(await page.locator("#steward-filter").inputValue()).toBe("");
    await expectAccessible(page);

    // Changed in the app (no page load), they show the new choice.
    await hydrated(page);
    await page.selectOption('select[name="recognised"]', "no");
    await page.click('form[role="search"] button[type="submit"]');
    await expect.poll(() => page.url()).toContain("recognised=no");
    await expect.poll(() => page.getByTestId("match-count").textContent()).toBe("0 matching centres");
    expect(await page.locator('select[name="recognised"]').inputValue()).toBe("no");
    expect(await page.locator('select[name="batch"]').inputValue()).toBe("9");
  });

  it("renders markup typed into a name as text, never as HTML", async () => {
    browser = await launch();
    const { page } = browser;
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres/new?lng=en");
    await hydrated(page);
    const evil = `<img src=x onerror="alert('xss')"><script>alert(1)</script>`;
    await fillCentre(page, makeUscc(7_000_003));
    await page.fill('input[name="name_en"]', evil);
    await page.click('button[type="submit"]:has-text("Save")');
    await page.waitForURL(/\/centres\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe(evil);
    expect(await page.locator("h1 img").count()).toBe(0);
    await page.goto(`/centres?lng=en&q=${encodeURIComponent("onerror")}`);
    expect(await page.locator("table").textContent()).toContain(evil);
    expect(dialogs).toBe(0);
  });

  it("shows an official the registry read-only", async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    await page.goto("/centres?lng=en");
    expect(await page.getByRole("link", { name: "New centre" }).count()).toBe(0);
    await page.locator("table a").first().click();
    await page.waitForURL(/\/centres\/[0-9a-f-]{36}/);
    expect(await page.getByRole("link", { name: "Edit centre" }).count()).toBe(0);
    expect(await page.locator("main summary").count()).toBe(0);
    const res = await page.goto(`${page.url()}/edit`);
    expect(res?.status()).toBe(403);
  });
});
