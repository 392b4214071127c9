import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CENTRE_CSV_COLUMNS, toCsv } from "../../app/domain/centre-csv";
import { makeUscc } from "../../db/factories";
import { expectAccessible } from "./browser";
import { measureInPage, PAGES, pagesByRole, type Role } from "./pages";
import { LANGUAGES, PHONE, phoneSession, withLanguage } from "./phone-session";

/**
 * Pages on a phone: every route has an entry in the page list (each page's width, rows and title
 * in both languages: phone-crawl.*.test.ts), the menu offers every destination of the role, the
 * main pages are axe-clean, and the wide cases fit. One browser; a context per role and size.
 */
/** The sections a menu leads to; a role's menu must offer each it has pages under. */
const SECTIONS = ["/work", "/centres", "/pipeline", "/requests", "/dashboard", "/portal", "/admin"];

const session = phoneSession();
const { open } = session;

describe("every page on a phone", () => {
  it("lists every route file (a new page gets an entry)", () => {
    // A route's private `__*` modules are not routes (remix.config.js ignoredRouteFiles).
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.startsWith("__"));
    expect(files.filter((f) => !PAGES[f])).toEqual([]);
    expect(Object.keys(PAGES).filter((f) => !files.includes(f))).toEqual([]);
  });

  it("the menu offers every destination of the role on a phone, with and without JavaScript", { timeout: 120_000 }, async () => {
    const byRole = pagesByRole(session.ids());
    for (const role of ["admin", "steward", "official", "enterprise"] as const) {
      const expected = SECTIONS.filter((s) => byRole[role].includes(s));
      for (const javaScriptEnabled of [true, false]) {
        const page = await open(role, { javaScriptEnabled });
        await page.goto(withLanguage(byRole[role][0]!, "zh-CN"));
        const menu = page.getByTestId("phone-menu");
        await menu.locator("summary").click();
        const links = menu.getByRole("link");
        // The menu also holds the account's own links (security); its destinations are the sections.
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        expect(
          hrefs.filter((h) => SECTIONS.includes(h ?? "")),
          `${role} js=${javaScriptEnabled}`,
        ).toEqual(expected);
        for (const link of await links.all()) {
          const box = (await link.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${role}: ${await link.textContent()}`).toBeLessThanOrEqual(PHONE.width);
        }
        // One tap on a destination goes there.
        await Promise.all([
          page.waitForURL((url) => url.pathname === expected.at(-1)),
          menu.locator(`a[href="${expected.at(-1)}"]`).click(),
        ]);
      }
    }
  });

  it("the main pages are axe-clean at 375 px, with the menu open", { timeout: 180_000 }, async () => {
    const pages: [Role, string][] = [
      ["steward", `/centres/${session.ids().centreId}`],
      ["steward", "/requests"],
      ["steward", "/work"],
      ["official", "/dashboard"],
      ["enterprise", "/portal"],
    ];
    for (const [role, url] of pages) {
      const page = await open(role);
      await page.goto(withLanguage(url, "zh-CN"));
      await page.waitForSelector("html[data-hydrated]", { state: "attached" });
      await page.getByTestId("phone-menu").locator("summary").click();
      await expectAccessible(page);
    }
  });

  it("the import preview shows why a row is skipped, on screen", { timeout: 60_000 }, async () => {
    const page = await open("steward");
    await page.goto("/centres/import?lng=en");
    const base = {
      name_zh: "手机预览中心",
      name_en: "Phone Preview Centre",
      parent_company: "P AG",
      country: "德国",
      district: "海淀区",
      industries: "医药健康",
      type: "研发创新中心",
      level: "区域级",
    };
    const csv = toCsv([
      [...CENTRE_CSV_COLUMNS],
      ...[
        { ...base, uscc: makeUscc(61_000_001) },
        { ...base, uscc: makeUscc(61_000_002), country: "Atlantis" },
      ].map((r) => CENTRE_CSV_COLUMNS.map((c) => (r as Record<string, string>)[c] ?? "")),
    ]);
    await page.setInputFiles('input[name="file"]', { name: "phone.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Upload and check" }).click();
    await page.waitForURL(/\/centres\/import\?upload=/);
    const reason = page.getByTestId("import-row-3").getByText("Not a known value of this list.");
    await reason.scrollIntoViewIfNeeded();
    const box = (await reason.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    const m = await page.evaluate(measureInPage);
    expect(m.width).toBeLessThanOrEqual(m.viewport);
  });

  it("the interaction form's sticky save bar never covers the field being filled in", { timeout: 60_000 }, async () => {
    const page = await open("steward");
    await page.goto(`/centres/${session.ids().centreId}/interactions/new?lng=en`);
    await page.waitForSelector("html[data-hydrated]", { state: "attached" });
    const covered = await page.evaluate(() => {
      const bar = document.querySelector("[data-sticky-save]")!;
      const out: string[] = [];
      for (const details of Array.from(document.querySelectorAll("main details"))) (details as HTMLDetailsElement).open = true;
      for (const field of Array.from(
        document.querySelectorAll<HTMLElement>("main input:not([type=hidden]), main textarea, main select"),
      )) {
        // The field just inside the bottom of the screen, as when scrolling down a form: focusing it must bring it above the bar.
        window.scrollTo(0, 0);
        window.scrollBy(0, field.getBoundingClientRect().bottom - (window.innerHeight - 8));
        field.focus();
        const f = field.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        if (f.bottom > b.top && f.top < b.bottom) out.push(field.getAttribute("name") ?? field.id);
      }
      return out;
    });
    expect(covered).toEqual([]);
  });

  it("at 1280 and 1440 px no dashboard table is cut off, in either language", { timeout: 120_000 }, async () => {
    const clipped: string[] = [];
    for (const width of [1280, 1440]) {
      const page = await open("official", { viewport: { width, height: 900 } });
      for (const lng of LANGUAGES) {
        for (const url of ["/dashboard", "/dashboard/print", "/dashboard/requests?from=2025-01-01&to=2026-06-30"]) {
          await page.goto(withLanguage(url, lng));
          const found = await page.evaluate(() =>
            Array.from(document.querySelectorAll("table")).flatMap((table) => {
              for (let el = table.parentElement; el; el = el.parentElement) {
                if (getComputedStyle(el).overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) {
                  return [`${table.caption?.textContent ?? "table"}: ${el.scrollWidth - el.clientWidth} px hidden`];
                }
              }
              return [];
            }),
          );
          clipped.push(...found.map((f) => `${width} ${lng} ${url} ${f}`));
        }
      }
    }
    expect(clipped).toEqual([]);
  });
});
