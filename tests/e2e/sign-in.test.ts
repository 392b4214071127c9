import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectAccessible, launch, signIn, signInWithSession, type Browser } from "./browser";

let browser: Browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser.close();
});

const ROLES = [
  { email: "steward@demo.local", home: "/work", heading: { zh: "我的工作", en: "My work" } },
  {
    email: "official@demo.local",
    home: "/dashboard",
    heading: { zh: "外资研发中心数据看板", en: "Foreign R&D centres: dashboard" },
  },
  {
    email: "enterprise@demo.local",
    home: "/portal",
    heading: { zh: "海力克斯生物（北京）研发中心", en: "Helix Biotech Beijing R&D Centre" },
  },
  { email: "admin@demo.local", home: "/admin", heading: { zh: "系统管理", en: "Administration" } },
];

describe("each role signs in, lands on its home, switches language and signs out", () => {
  for (const role of ROLES) {
    it(role.email, async () => {
      const { page } = browser;
      await signIn(page, role.email);
      expect(new URL(page.url()).pathname).toBe(role.home);
      await expectAccessible(page);

      await page.getByRole("button", { name: "中文" }).click();
      await expect.poll(() => page.getAttribute("html", "lang")).toBe("zh-CN");
      expect(new URL(page.url()).pathname).toBe(role.home);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(role.heading.zh);

      await page.getByRole("button", { name: "English" }).click();
      await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(role.heading.en);
      await expectAccessible(page);

      // The choice is remembered for the user on the next page without the switch.
      await page.goto(role.home);
      expect(await page.getAttribute("html", "lang")).toBe("en");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/login/);
      await page.goto(role.home);
      expect(new URL(page.url()).pathname).toBe("/login");
    });
  }
});

describe("sign-in errors and access", () => {
  it("shows a clear error for a wrong password", async () => {
    const { page } = browser;
    await page.goto("/login?lng=en");
    await page.fill('input[name="email"]', "steward@demo.local");
    await page.fill('input[name="password"]', "wrong-password");
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Email or password is incorrect.");
    expect(new URL(page.url()).pathname).toBe("/login");
    await expectAccessible(page);
  });

  it("marks invalid fields with aria-invalid and describes them", async () => {
    const { page } = browser;
    await page.goto("/login?lng=en");
    await page.click('main button[type="submit"]');
    const email = page.locator('input[name="email"]');
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = await email.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe("This field is required.");
  });

  it("answers 403 in the user's language when an enterprise user opens /centres", async () => {
    const { page } = browser;
    await signInWithSession(page, "enterprise@demo.local");
    const response = await page.goto("/centres");
    expect(response?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Not allowed");
    await expectAccessible(page);
  });
});
