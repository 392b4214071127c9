import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, queryE2eDatabase, signIn, signInWithSession } from "./browser";

const open = browsersClosedAfterEachTest();

const query = queryE2eDatabase;

// An account no other browser test signs in with: its password changes here.
const EMAIL = "steward2@demo.local";
const NEW_PASSWORD = "a-new-steward-password";

describe("forgot password", () => {
  it("asks for a link from the sign-in page, gets the same answer for an unknown address, sets a new password with the emailed link once, and signs out the other sessions", async () => {
    const elsewhere = await open();
    await signInWithSession(elsewhere, EMAIL);
    await elsewhere.goto("/work");
    expect(new URL(elsewhere.url()).pathname).toBe("/work");

    const page = await open({ locale: "en-US" });
    await page.goto("/login?lng=en");
    await hydrated(page);
    await page.click("text=Forgot your password?");
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    expect(await page.locator("h1").textContent()).toBe("Reset your password");
    await expectAccessible(page);

    // An address without an account: the same answer, and no email.
    await page.fill('input[name="email"]', "nobody@demo.local");
    await page.click('main button[type="submit"]');
    const unknownAnswer = (await page.getByTestId("reset-sent").textContent())!;
    expect(unknownAnswer).toContain("If an account exists for nobody@demo.local");
    expect(query("select id from outbox where recipient = 'nobody@demo.local'")).toBeUndefined();

    await page.goto("/forgot-password?lng=en");
    await hydrated(page);
    await page.fill('input[name="email"]', EMAIL);
    await page.click('main button[type="submit"]');
    const knownAnswer = (await page.getByTestId("reset-sent").textContent())!;
    expect(knownAnswer.replace(EMAIL, "X")).toBe(unknownAnswer.replace("nobody@demo.local", "X"));
    await expectAccessible(page);

    // Only the token's hash is stored: the link comes from the queued email.
    const mail = query<{ body: string; locale: string }>(
      "select body, locale from outbox where recipient = ? order by created_at desc limit 1",
      EMAIL,
    )!;
    expect(mail.locale).toBe("en");
    const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}\?lng=en/.exec(mail.body)?.[0];
    expect(link, mail.body).toBeDefined();
    const path = new URL(link!).pathname + new URL(link!).search;

    await page.goto(path);
    await hydrated(page);
    expect(await page.locator("h1").textContent()).toBe("Set a new password");
    expect(await page.locator("main").textContent()).toContain(EMAIL);
    await expectAccessible(page);
    await page.fill('input[name="password"]', NEW_PASSWORD);
    await page.fill('input[name="confirm"]', `${NEW_PASSWORD}x`);
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.locator('input[name="confirm"]').getAttribute("aria-invalid")).toBe("true");
    await page.fill('input[name="confirm"]', NEW_PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === "/work"), page.click('main button[type="submit"]')]);
    await page.getByRole("status").filter({ hasText: "Your password was changed" }).waitFor();

    // The other browser's session has ended.
    await elsewhere.goto("/work");
    expect(new URL(elsewhere.url()).pathname).toBe("/login");

    // The link works once.
    const again = await open({ locale: "en-US" });
    const res = await again.goto(path);
    expect(res?.status()).toBe(410);
    expect(await again.locator("h1").textContent()).toBe("This reset link has already been used");
    // The new password signs in; the old one does not.
    await signIn(again, EMAIL, NEW_PASSWORD);
    expect(new URL(again.url()).pathname).toBe("/work");
  });

  it("shows the forms in Chinese and works without JavaScript", async () => {
    const page = await open({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    await page.goto("/login?lng=zh-CN");
    await page.click("text=忘记密码？");
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    expect(await page.locator("h1").textContent()).toBe("重置密码");
    await page.fill('input[name="email"]', "nobody-else@demo.local");
    await page.click('main button[type="submit"]');
    expect(await page.getByTestId("reset-sent").textContent()).toContain("如果 nobody-else@demo.local 有对应的账户");
    const res = await page.goto(`/reset-password/${"A".repeat(43)}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("重置链接无效");
  });
});
