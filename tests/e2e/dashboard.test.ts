import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { expectAccessible, hydrated, launch, queryE2eDatabase, signInWithSession, type Browser, type Page } from "./browser";

let browser: Browser | undefined;
afterEach(async () => {
  if (browser) {
    expect(browser.pageErrors).toEqual([]);
    await browser.close();
    browser = undefined;
  }
});

async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

describe("an official reads the dashboard", () => {
  // Two axe scans of a large page: allow more than the default minute on a busy machine.
  it("sets an earlier as-of date, drills down from a number, exports CSV and XLSX", { timeout: 150_000 }, async () => {
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    // Today's figure: the stats API, counting the same events, agrees. Other browser journeys running
    // beside this one may recognise centres meanwhile, so the page's figure lies between the API's
    // answers just before and just after it.
    const apiTotal = async () =>
      ((await (await page.request.get("/api/v1/stats/centres?by=level")).json()) as { total: number }).total;
    const totalBefore = await apiTotal();
    await page.goto("/dashboard?lng=en");
    await hydrated(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Foreign R&D centres: dashboard");
    const shown = Number(await page.getByTestId("recognised-total").textContent());
    const totalAfter = await apiTotal();
    expect(shown).toBeGreaterThanOrEqual(totalBefore);
    expect(shown).toBeLessThanOrEqual(totalAfter);
    expect(totalBefore).toBeGreaterThanOrEqual(247); // the demo: 221 by Jun 2025, two withdrawals, batch 8 (28) in Jan 2026
    expect(await page.getByTestId("counting-rules").textContent()).toContain(
      "latest recognition effective on or before that date",
    );
    // Server-rendered charts, each with its table: over time, one grouping, upgrades, pipeline, requests.
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(page);

    // An earlier date: the figures as they were after batch 4.
    await page.getByTestId("as-of-input").fill("2024-01-18");
    await Promise.all([page.waitForURL(/asOf=2024-01-18/), page.getByRole("button", { name: "Apply" }).click()]);
    await expect.poll(() => page.getByTestId("recognised-total").textContent()).toBe("107");
    expect(await page.getByTestId("as-of").textContent()).toBe("As of Jan 18, 2024");
    // One grouping at a time: by level first; the batch tab keeps the date and shows that grouping.
    expect(await page.getByTestId("breakdown-level").getAttribute("aria-current")).toBe("true");
    expect(await page.getByTestId("panel-batch").count()).toBe(0);
    await Promise.all([page.waitForURL(/breakdown=batch/), page.getByTestId("breakdown-batch").click()]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ asOf: "2024-01-18", breakdown: "batch" });
    // The URL changes before the page shows the new grouping: wait for the tab to be marked.
    await expect.poll(() => page.getByTestId("breakdown-batch").getAttribute("aria-current")).toBe("true");
    expect(await page.getByTestId("panel-level").count()).toBe(0);
    const batch3 = page.getByTestId("row-batch-3").getByRole("link");
    expect(await batch3.textContent()).toBe("24");

    // Drill down: the list behind the number, as of that date, in the app (no full page load).
    await page.evaluate(() => Object.assign(window, { beforeDrillDown: true }));
    await Promise.all([page.waitForURL(/\/dashboard\/centres\?/), batch3.click()]);
    expect(await page.evaluate(() => "beforeDrillDown" in window)).toBe(true);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ asOf: "2024-01-18", by: "batch", key: "3" });
    await expect.poll(() => page.getByTestId("drill-count").textContent()).toBe("Centres: 24");
    expect(await page.getByTestId("drill-row").count()).toBe(24);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Batch: Batch 3 · as of Jan 18, 2024");
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/dashboard\?asOf=2024-01-18/),
      page.getByRole("link", { name: /Back to the dashboard/ }).click(),
    ]);
    await hydrated(page);

    // Exports with the same filters: CSV with a byte-order mark, XLSX a workbook (a ZIP).
    const csv = await download(page, "csv-level");
    expect(csv.name).toBe("dashboard-level-2024-01-18.csv");
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe("Code,Group,Centres,Share (%)");
    expect(lines.at(-1)).toBe("_total,Total recognised,107,100");
    const xlsx = await download(page, "xlsx-level");
    expect(xlsx.name).toBe("dashboard-level-2024-01-18.xlsx");
    expect([...xlsx.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it("shows the charts and the figures with JavaScript off, and in Chinese", async () => {
    browser = await launch({ javaScriptEnabled: false });
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    // Jan 2024 (batch 4): 107, a date no other journey's data reaches.
    await page.goto("/dashboard?asOf=2024-01-18&lng=zh-CN");
    await expect.poll(() => page.locator("h1").textContent()).toBe("外资研发中心数据看板");
    expect(await page.getByTestId("recognised-total").textContent()).toBe("107");
    expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThanOrEqual(8);
    // Another grouping is a page load: the same date, that grouping's chart and table.
    await page.getByTestId("breakdown-industry").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("breakdown")).toBe("industry");
    expect(new URL(page.url()).searchParams.get("asOf")).toBe("2024-01-18");
    expect(await page.getByTestId("overlap-industry").textContent()).toContain("各组合计大于已认定中心总数 107 家");
    // The filters keep the grouping shown.
    await page.getByRole("button", { name: "应用" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("breakdown")).toBe("industry");
    // The printable report, same figures, with its print rules.
    await page.goto("/dashboard/print?asOf=2024-01-18&lng=en");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Foreign R&D centres in Beijing: report");
    expect(await page.getByTestId("recognised-total").textContent()).toBe("107");
    // Print has every grouping.
    for (const d of ["level", "type", "batch", "year", "district", "park", "industry", "country"])
      expect(await page.getByTestId(`panel-${d}`).count(), d).toBe(1);
    expect(await page.content()).toContain("@page { size: A4");
  });
});

describe("the requests behind a service number", () => {
  it("pages them 50 at a time, newest first, and the pages add up to the count", async () => {
    // Up to the seed's last request (24 November 2026), never today: other journeys running beside
    // this one submit requests today, and one landing between the count and the page read 76 for 75.
    const from = "2025-01-01";
    const to = "2026-11-24";
    const { total } = queryE2eDatabase<{ total: number }>(
      "select count(*) total from support_requests where submitted_on >= ? and submitted_on <= ?",
      from,
      to,
    )!;
    expect(total).toBeGreaterThan(50);
    browser = await launch();
    const { page } = browser;
    await signInWithSession(page, "official@demo.local");
    await page.goto(`/dashboard/requests?from=${from}&to=${to}&lng=en`);
    await hydrated(page);
    expect(await page.getByTestId("drill-count").textContent()).toBe(`Requests: ${total}`);
    expect(await page.getByTestId("drill-row").count()).toBe(50);
    const firstPage = await page.getByTestId("drill-row").locator("td:first-child").allTextContents();
    await Promise.all([page.waitForURL(/page=1/), page.getByTestId("pager-page").getByRole("link", { name: /Next/ }).click()]);
    await expect.poll(() => page.getByTestId("drill-row").count()).toBe(total - 50);
    const secondPage = await page.getByTestId("drill-row").locator("td:first-child").allTextContents();
    expect(new Set([...firstPage, ...secondPage]).size).toBe(total);
    expect(await page.getByTestId("pager-page").getByRole("link", { name: /Next/ }).count()).toBe(0);
    await expectAccessible(page);
  });
});
