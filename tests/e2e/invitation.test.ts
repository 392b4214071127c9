import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, queryE2eDatabase, signInWithSession } from "./browser";

const open = browsersClosedAfterEachTest();

const query = queryE2eDatabase;

const CENTRE = "Helix Biotech Beijing R&D Centre";

describe("inviting an enterprise user", () => {
  it("a steward invites a contact of a centre they lead; the contact opens the emailed link, sets a password and English, and lands in the portal", async () => {
    const centre = query<{ id: string }>("select id from centres where name_en = ?", CENTRE)!;
    const contact = query<{ name: string; email: string }>(
      "select name, email from contacts where centre_id = ? and email != '' order by name limit 1",
      centre.id,
    )!;

    const steward = await open();
    await signInWithSession(steward, "steward@demo.local");
    await steward.goto(`/centres/${centre.id}/invite?lng=en`);
    await hydrated(steward);
    expect(await steward.locator("h1").textContent()).toBe("Invite enterprise users");
    // The client check answers before any round trip: no contact and no address.
    await steward.click('button[type="submit"]:has-text("Send invitation")');
    await expect.poll(() => steward.locator('input[name="email"]').getAttribute("aria-invalid")).toBe("true");
    await steward.selectOption('select[name="contactId"]', { label: `${contact.name} · ${contact.email}` });
    await steward.selectOption('select[name="locale"]', "en");
    await steward.click('button[type="submit"]:has-text("Send invitation")');
    await steward
      .getByRole("status")
      .filter({ hasText: `Invitation sent to ${contact.email}.` })
      .waitFor();
    const row = steward.getByTestId("invitation").first();
    expect(await row.getAttribute("data-status")).toBe("pending");
    expect(await row.textContent()).toContain(contact.email);
    await expectAccessible(steward);

    // Only the hash of the token is stored: the link comes from the queued email.
    const mail = query<{ body: string; locale: string }>(
      "select body, locale from outbox where recipient = ? order by created_at desc limit 1",
      contact.email,
    )!;
    expect(mail.locale).toBe("en");
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}\?lng=en/.exec(mail.body)?.[0];
    expect(link, mail.body).toBeDefined();
    const path = new URL(link!).pathname + new URL(link!).search;

    const invitee = await open({ locale: "en-US" });
    await invitee.goto(path);
    await hydrated(invitee);
    expect(await invitee.locator("h1").textContent()).toBe(`Join ${CENTRE}`);
    expect(await invitee.locator("main").textContent()).toContain(contact.email);
    await expectAccessible(invitee);
    await invitee.fill('input[name="password"]', "helix-portal-2026");
    await invitee.fill('input[name="confirm"]', "helix-portal-2026x");
    await invitee.click('main button[type="submit"]');
    await expect.poll(() => invitee.locator('input[name="confirm"]').getAttribute("aria-invalid")).toBe("true");
    await invitee.fill('input[name="confirm"]', "helix-portal-2026");
    await invitee.selectOption('select[name="locale"]', "en");
    await Promise.all([invitee.waitForURL((url) => url.pathname === "/portal"), invitee.click('main button[type="submit"]')]);
    await hydrated(invitee);
    // The URL changes before React commits the new page: wait for its heading.
    await expect.poll(() => invitee.locator("h1").textContent()).toBe(CENTRE);
    expect(await invitee.locator("html").getAttribute("lang")).toBe("en");
    await expectAccessible(invitee);

    // The link works once.
    const again = await open({ locale: "en-US" });
    const res = await again.goto(path);
    expect(res?.status()).toBe(410);
    expect(await again.locator("h1").textContent()).toBe("This invitation has already been used");
    const user = query<{ role: string; locale: string; centre_id: string }>(
      "select role, locale, centre_id from users where email = ?",
      contact.email,
    )!;
    expect(user).toEqual({ role: "enterprise", locale: "en", centre_id: centre.id });

    await steward.reload();
    expect(await steward.getByTestId("invitation").first().getAttribute("data-status")).toBe("used");
  });

  it("shows an unknown link as a clear page in the visitor's language", async () => {
    const page = await open({ locale: "zh-CN" });
    const res = await page.goto(`/invite/${"A".repeat(43)}`);
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.locator("h1").textContent()).toBe("邀请链接无效");
    await hydrated(page);
    await expectAccessible(page);
  });
});
