import { afterEach, describe, expect, it } from "vitest";
import { enterTwoFactorCode, expectAccessible, hydrated, launch, signIn, unusedTotpCode, type Browser } from "./browser";

const browsers: Browser[] = [];
afterEach(async () => {
  for (const b of browsers.splice(0)) {
    expect(b.pageErrors).toEqual([]);
    await b.close();
  }
});

// An account no other journey uses, so its two-factor sign-in cannot surprise them.
const EMAIL = "district.steward@demo.local";

describe("two-factor sign-in", () => {
  it("a steward enrols at /account/security by typing the key, then signs in with a code (also without JavaScript) and turns it off", async () => {
    const browser = await launch({ locale: "en" });
    browsers.push(browser);
    const { page } = browser;
    await signIn(page, EMAIL);
    await page.getByRole("link", { name: "Security" }).click();
    await page.waitForURL("**/account/security");
    await hydrated(page);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await page.waitForSelector('[data-testid="totp-secret"]');
    expect(await page.getByRole("img", { name: "QR code that adds this account to an authenticator app" }).isVisible()).toBe(
      true,
    );
    await expectAccessible(page);
    const secret = (await page.locator('[data-testid="totp-secret"]').textContent())!.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong code is refused in place; the right one turns it on and shows ten recovery codes once.
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => page.getByText("That code is not right").isVisible()).toBe(true);
    await page.getByLabel("Code from the app").fill(await unusedTotpCode(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.waitForSelector('[data-testid="recovery-codes"]');
    const codes = await page.locator('[data-testid="recovery-codes"] li').allTextContents();
    expect(codes).toHaveLength(10);
    await expect.poll(() => page.getByText("Two-factor sign-in is on.", { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    // The key is never shown again.
    await page.reload();
    expect(await page.locator('[data-testid="totp-secret"]').count()).toBe(0);

    // Sign in again in a browser without JavaScript: password, then the code step.
    const plain = await launch({ locale: "en", javaScriptEnabled: false });
    browsers.push(plain);
    await plain.page.goto("/login");
    await plain.page.fill('input[name="email"]', EMAIL);
    await plain.page.fill('input[name="password"]', "demo-pass-2026");
    await Promise.all([plain.page.waitForURL("**/login/two-factor"), plain.page.click('main button[type="submit"]')]);
    expect(await plain.page.locator("h1").textContent()).toBe("Two-factor sign-in");
    await enterTwoFactorCode(plain.page, secret);
    expect(new URL(plain.page.url()).pathname).toBe("/work");

    // The step page is accessible (checked with JavaScript on, as axe needs it).
    const check = await launch({ locale: "en" });
    browsers.push(check);
    await check.page.goto("/login");
    await check.page.fill('input[name="email"]', EMAIL);
    await check.page.fill('input[name="password"]', "demo-pass-2026");
    await Promise.all([check.page.waitForURL("**/login/two-factor"), check.page.click('main button[type="submit"]')]);
    await expectAccessible(check.page);
    // A recovery code works as the second factor too.
    await check.page.fill('input[name="code"]', codes[0]!);
    await Promise.all([
      check.page.waitForURL("**/account/security?recoveryLeft=9"),
      check.page.click('main button[type="submit"]'),
    ]);
    expect(await check.page.getByTestId("recovery-left").textContent()).toContain("9");

    // Turn it off again with a current code, so the account is as it was.
    await page.goto("/account/security");
    await hydrated(page);
    await page.locator("#code-disable").fill(await unusedTotpCode(secret));
    await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Set up two-factor sign-in" }).isVisible()).toBe(true);
  });

  it("the demo admin signs in with a code and reaches /admin", async () => {
    const browser = await launch({ locale: "en" });
    browsers.push(browser);
    await signIn(browser.page, "admin@demo.local");
    expect(new URL(browser.page.url()).pathname).toBe("/admin");
  });
});
