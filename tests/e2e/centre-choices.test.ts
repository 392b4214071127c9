import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, queryE2eDatabase, signInWithSession } from "./browser";

const open = browsersClosedAfterEachTest();

describe("choosing a centre when a steward looks after more than a select lists", () => {
  it("lists the first 100 of steward2's centres, says so, and finds one past them by name (English, then Chinese on a phone)", async () => {
    // steward2 looks after 196 demo centres; take one past the first 100 by English name.
    const { total } = queryE2eDatabase<{ total: number }>(
      `select count(*) total from centres c join users u on u.id in (c.lead_steward_id, c.district_steward_id)
       where u.email = 'steward2@demo.local'`,
    )!;
    expect(total).toBeGreaterThan(100);
    const far = queryE2eDatabase<{ id: string; name_en: string; name_zh: string }>(
      `select c.id, c.name_en, c.name_zh from centres c join users u on u.id in (c.lead_steward_id, c.district_steward_id)
       where u.email = 'steward2@demo.local' order by c.name_en, c.id limit 1 offset 150`,
    )!;

    const page = await open();
    await signInWithSession(page, "steward2@demo.local");
    await page.goto("/requests/new?lng=en");
    await hydrated(page);
    const select = page.locator('select[name="centre_id"]');
    expect(await select.locator("option:not([value=''])").count()).toBe(100);
    expect(await page.getByTestId("centre-choice-note").textContent()).toBe(
      `Showing the first 100 of ${total} centres, by English name. Type part of a name to narrow them.`,
    );
    expect(await select.locator(`option[value="${far.id}"]`).count()).toBe(0);
    await expectAccessible(page);

    await page.getByLabel("Find a centre by name").fill(far.name_en);
    await Promise.all([page.waitForURL(/centreQ=/), page.getByRole("button", { name: "Find" }).click()]);
    await expect.poll(() => select.locator(`option[value="${far.id}"]`).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("lng")).toBe("en");
    await select.selectOption(far.id);
    expect(await select.inputValue()).toBe(far.id);
    // "Show all" goes back to the first 100.
    await page.getByRole("link", { name: "Show all" }).click();
    await expect.poll(() => select.locator(`option[value="${far.id}"]`).count()).toBe(0);

    const phone = await open({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    await signInWithSession(phone, "steward2@demo.local");
    await phone.goto("/requests/new?lng=zh-CN");
    await phone.getByLabel("按名称查找中心").fill(far.name_zh);
    await Promise.all([phone.waitForURL(/centreQ=/), phone.getByRole("button", { name: "查找" }).click()]);
    expect(await phone.locator(`select[name="centre_id"] option[value="${far.id}"]`).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

describe("the admin's user list", () => {
  it("filters by role and by name or email, any case (English)", async () => {
    const page = await open();
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/admin/users?lng=en");
    await hydrated(page);
    const filter = page.getByTestId("user-filter");
    await filter.getByLabel("Role").selectOption("enterprise");
    await Promise.all([page.waitForURL(/role=enterprise/), filter.getByRole("button", { name: "Filter" }).click()]);
    await expect.poll(() => page.getByTestId("user-steward@demo.local").count()).toBe(0);
    expect(await page.getByTestId("user-enterprise@demo.local").count()).toBe(1);
    await filter.getByLabel("Name or email").fill("STEWARD2@");
    await filter.getByLabel("Role").selectOption("");
    await Promise.all([page.waitForURL(/q=STEWARD2/), filter.getByRole("button", { name: "Filter" }).click()]);
    // The URL changes before React commits the new list: wait for its row, then count the rows.
    await expect.poll(() => page.getByTestId("user-steward2@demo.local").count()).toBe(1);
    expect(await page.locator('[data-testid^="user-"]:not([data-testid="user-filter"])').count()).toBe(1);
    await expectAccessible(page);
  });
});
