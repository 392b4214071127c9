import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, queryE2eDatabase, signInWithSession } from "./browser";

const open = browsersClosedAfterEachTest();

const query = queryE2eDatabase;

const badge = async (page: Awaited<ReturnType<typeof open>>) => {
  const count = page.getByTestId("notification-count");
  return (await count.count()) === 0 ? 0 : Number(await count.textContent());
};

describe("notifications", () => {
  it("the enterprise chooses the daily digest; a new request shows in the steward's list with an unread count, and opening it marks it read", async () => {
    const enterprise = await open({ viewport: { width: 375, height: 800 } });
    await signInWithSession(enterprise, "enterprise@demo.local");
    // The bell leads an enterprise user to the email settings.
    await enterprise.goto("/portal?lng=en");
    await hydrated(enterprise);
    await enterprise.getByTestId("notification-bell").click();
    await enterprise.waitForURL((url) => url.pathname === "/settings/notifications");
    await expect.poll(() => enterprise.locator("h1").textContent()).toBe("Notification settings");
    expect(await enterprise.getByTestId("mode-immediate").isChecked()).toBe(true);
    await expectAccessible(enterprise);
    await enterprise.getByTestId("mode-daily_digest").check();
    await enterprise.click('main button[type="submit"]');
    await enterprise.getByRole("status").filter({ hasText: "Notification settings saved: one daily digest." }).waitFor();
    expect(await enterprise.getByTestId("mode-daily_digest").isChecked()).toBe(true);
    expect(query<{ m: string }>("select notification_mode m from users where email = 'enterprise@demo.local'")!.m).toBe(
      "daily_digest",
    );

    const steward = await open();
    await signInWithSession(steward, "steward@demo.local");
    await steward.goto("/notifications?lng=en");
    await hydrated(steward);

    await enterprise.goto("/portal/requests/new?lng=en");
    await hydrated(enterprise);
    await enterprise.selectOption('select[name="category"]', "tax");
    await enterprise.fill('input[name="title"]', "VAT refund on lab equipment");
    await enterprise.fill('textarea[name="description"]', "Which form do we file for the refund?");
    await enterprise.click('main button[type="submit"]');
    await enterprise.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
    const receiptNo = (await enterprise.getByTestId("receipt-no").textContent())!;

    await steward.reload();
    await hydrated(steward);
    // Other journeys running beside this one notify the same steward and open (read) their own
    // items meanwhile, so the count is not compared with the one before: it counts this request's
    // unread item (below) at least.
    const unread = await badge(steward);
    expect(unread).toBeGreaterThanOrEqual(1);
    expect(await steward.getByTestId("notification-bell").getAttribute("aria-label")).toBe(`Notifications, ${unread} unread`);
    const item = steward.getByTestId("inbox-item").filter({ hasText: receiptNo });
    expect(await item.getAttribute("data-read")).toBe("false");
    expect(await item.textContent()).toContain(`New request ${receiptNo} from Helix Biotech Beijing R&D Centre`);
    expect(await item.textContent()).toContain("VAT refund on lab equipment");
    await expectAccessible(steward);

    await Promise.all([steward.waitForURL(/\/requests\/[0-9a-f-]{36}$/), item.locator("button").click()]);
    await hydrated(steward);
    await expect.poll(() => steward.locator("h1").textContent()).toBe("VAT refund on lab equipment");
    // Opening it marked this item read, and the badge counts what is still unread.
    const readAt = (receipt: string) =>
      query<{ r: number | null }>(
        `select i.read_at r from inbox_items i join support_requests s on s.id = i.request_id
         join users u on u.id = i.user_id where u.email = 'steward@demo.local' and s.receipt_no = '${receipt}'`,
      )!.r;
    expect(readAt(receiptNo)).not.toBeNull();
    const stillUnread = () =>
      query<{ n: number }>(
        "select count(*) n from inbox_items i join users u on u.id = i.user_id where u.email = 'steward@demo.local' and i.read_at is null",
      )!.n;
    // Other journeys running beside this one may add to this steward's inbox meanwhile: a count
    // that moved between the page and the query is read again with the page.
    await expect
      .poll(async () => {
        const difference = (await badge(steward)) - stillUnread();
        if (difference !== 0) await steward.reload();
        return difference;
      })
      .toBe(0);

    // The steward accepts: the enterprise chose the digest, so the email waits for the morning.
    const accept = steward.locator('form:has(input[name="intent"][value="accept"])');
    const revalidated = steward.waitForResponse((r) => r.request().method() === "GET" && r.url().includes(".data"));
    await accept.locator('button[type="submit"]').click();
    await revalidated;
    await expect
      .poll(
        () =>
          query<{ status: string }>(
            "select status from outbox where recipient = 'enterprise@demo.local' and subject like ? order by created_at desc limit 1",
            `%${receiptNo}%`,
          )?.status,
      )
      .toBe("held");

    // This request's item stays read (other journeys may have added newer items above it).
    await steward.goto("/notifications?lng=en");
    const ownItems = steward.getByTestId("inbox-item").filter({ hasText: receiptNo });
    expect(await ownItems.count()).toBeGreaterThan(0);
    for (const read of await ownItems.evaluateAll((items) => items.map((i) => i.getAttribute("data-read"))))
      expect(read).toBe("true");
  });

  it("shows the list in Chinese on a phone, without JavaScript: opening and marking all read work as plain forms", async () => {
    const steward = await open({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    await signInWithSession(steward, "steward@demo.local");
    await steward.goto("/notifications?lng=zh-CN");
    expect(await steward.locator("h1").textContent()).toBe("通知");
    const width = await steward.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    const items = steward.getByTestId("inbox-item");
    expect(await items.count()).toBeGreaterThan(0);
    if ((await steward.getByTestId("notification-count").count()) > 0) {
      await steward.click('button:has-text("全部标为已读")');
      await steward.waitForURL((url) => url.pathname === "/notifications");
      expect(await steward.getByTestId("notification-count").count()).toBe(0);
    }
    expect(await steward.locator('[data-testid="inbox-item"][data-read="false"]').count()).toBe(0);
    expect(await steward.getByTestId("unread-count").textContent()).toBe("0 条未读");
  });
});
