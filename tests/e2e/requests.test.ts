import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { browsersClosedAfterEachTest, expectAccessible, hydrated, signInWithSession } from "./browser";

const open = browsersClosedAfterEachTest();

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

describe("support requests from the portal to the steward and back", () => {
  it("an enterprise user submits in English with JavaScript on; the steward accepts, refers, replies and closes; the enterprise rates", async () => {
    const enterprise = await open();
    await signInWithSession(enterprise, "enterprise@demo.local");
    await enterprise.goto("/portal/requests/new?lng=en");
    await hydrated(enterprise);
    await enterprise.click('main button[type="submit"]');
    await expect.poll(() => enterprise.locator('input[name="title"]').getAttribute("aria-invalid")).toBe("true");
    await enterprise.selectOption('select[name="category"]', "customs_samples");
    await enterprise.fill('input[name="title"]', "Import of cell-line samples");
    await enterprise.fill(
      'textarea[name="description"]',
      "We need customs clearance for biological samples arriving next month.",
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rdc-")), "permit.pdf");
    fs.writeFileSync(file, PDF);
    await enterprise.setInputFiles('input[name="attachments"]', file);
    await enterprise.click('main button[type="submit"]');
    await enterprise.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
    const receiptNo = (await enterprise.getByTestId("receipt-no").textContent())!;
    expect(receiptNo).toMatch(/^RQ-\d{4}-\d{6}$/);
    expect(await enterprise.getByRole("status").textContent()).toContain(receiptNo);
    expect(await enterprise.locator("a:has-text('permit.pdf')").count()).toBe(1);
    await expectAccessible(enterprise);
    const portalUrl = enterprise.url();

    const steward = await open();
    await signInWithSession(steward, "steward@demo.local");
    await steward.goto("/requests?lng=en");
    await steward.click(`tr:has-text("${receiptNo}") a`);
    await steward.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    await hydrated(steward);
    await expectAccessible(steward);
    const act = async (intent: string, fill: Record<string, string> = {}) => {
      // The reply form names its intent on its buttons (reply, or send as the answer); the others in a hidden field.
      const form = steward.locator(
        intent === "reply"
          ? 'form:has(button[name="intent"][value="reply"])'
          : `form:has(input[name="intent"][value="${intent}"])`,
      );
      for (const [name, value] of Object.entries(fill)) {
        const field = form.locator(`[name="${name}"]`);
        if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
        else await field.fill(value);
      }
      // After the POST, Remix revalidates the page's data with a GET; wait for that.
      const revalidated = steward.waitForResponse((r) => r.request().method() === "GET" && r.url().includes(".data"));
      await form.locator('button[type="submit"]').first().click();
      await revalidated;
    };
    await act("accept");
    await act("refer", { department: "customs", note: "Asked Beijing Customs about quarantine" });
    await expect.poll(() => steward.locator("main").textContent(), { timeout: 10_000 }).toContain("Referred to a department");
    await act("record_department_answer", { note: "Customs will pre-clear the samples" });
    await act("internal_note", { body: "Customs contact: Mr. Li" });
    await act("reply", { body: "Beijing Customs will pre-clear your samples." });
    await act("answer", { body: "Pre-clearance confirmed; bring the permit." });
    await act("close");

    await enterprise.goto(portalUrl);
    const body = (await enterprise.locator("body").textContent())!;
    expect(body).toContain("Beijing Customs will pre-clear your samples.");
    expect(body).not.toContain("Customs contact: Mr. Li");
    expect(body).not.toContain("Asked Beijing Customs about quarantine");
    await hydrated(enterprise);
    await enterprise.check('input[name="rating"][value="basically_satisfied"]');
    await enterprise.fill('form:has(input[name="intent"][value="rate"]) textarea[name="comment"]', "Quick and clear.");
    await enterprise.click('form:has(input[name="intent"][value="rate"]) button[type="submit"]');
    await enterprise.getByText("Rating: Basically satisfied").waitFor();
  });

  it("an enterprise user submits in Chinese with JavaScript off, and a double submit makes one request", async () => {
    const page = await open({ javaScriptEnabled: false });
    await signInWithSession(page, "enterprise@demo.local");
    await page.goto("/portal/requests/new?lng=zh-CN");
    await page.selectOption('select[name="category"]', "tax");
    await page.fill('input[name="title"]', "研发费用加计扣除咨询");
    await page.click('main button[type="submit"]');
    expect(await page.locator('textarea[name="description"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#description-error").textContent()).toBe("此项为必填项。");
    expect(await page.inputValue('input[name="title"]')).toBe("研发费用加计扣除咨询");
    await page.fill('textarea[name="description"]', "请问 2026 年度研发费用加计扣除的申报时间。");
    const key = await page.inputValue('input[name="idempotency_key"]');
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
    const first = page.url();
    await expect.poll(() => page.locator("h1").textContent()).toBe("研发费用加计扣除咨询");
    expect(await page.locator("body").textContent()).toContain("已登记");

    // The same form posted again (the user pressed submit twice) lands on the same request.
    await page.goBack();
    expect(await page.inputValue('input[name="idempotency_key"]')).toBe(key);
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
    expect(page.url()).toBe(first);
  });

  it("a page past the end of the queue says so and leads back to the first page", async () => {
    const steward = await open();
    await signInWithSession(steward, "steward@demo.local");
    await steward.goto("/requests?lng=en&all=1&page=9999");
    await hydrated(steward);
    const pager = steward.getByTestId("pager-page");
    expect(await pager.textContent()).toContain("Page 10000 is past the end of this list.");
    expect(await steward.locator("main table").count()).toBe(0);
    await pager.getByRole("link", { name: "Go to the first page" }).click();
    await steward.waitForURL((url) => url.pathname === "/requests" && !url.searchParams.has("page"));
    await steward.locator("main table tbody tr").first().waitFor();
    expect(new URL(steward.url()).searchParams.get("all")).toBe("1");
    await expectAccessible(steward);
  });
});
