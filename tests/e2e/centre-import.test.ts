import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeUscc } from "../../db/factories";
import { CENTRE_CSV_COLUMNS, parseCsvTable, toCsv, type CentreCsvColumn } from "../../app/domain/centre-csv";
import { expectAccessible, launch, signInWithSession, type Browser, type Page } from "./browser";

// The browser journeys go through the built server, whose import runs on its worker thread
// (server.js enables it; the worker loads build/index.js): the upload is read there, the rows
// checked and written there, so each journey below also shows that worker working in production.
let browser: Browser;
afterEach(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser.close();
});

type Row = Partial<Record<CentreCsvColumn, string>>;
let serial = 0;
const run = Date.now() % 100_000;

function row(tag: string, extra: Row = {}): Row {
  serial += 1;
  return {
    name_zh: `导入演示${tag}${serial}研发中心`,
    name_en: `Import Demo ${tag} ${serial} R&D Centre`,
    uscc: makeUscc(50_000_000 + run * 100 + serial),
    parent_company: `${tag} Pharma AG`,
    country: "德国",
    district: "海淀区",
    park: "中关村海淀园",
    industries: "医药健康;人工智能",
    type: "研发创新中心",
    level: "区域级",
    rd_headcount: "85",
    ...extra,
  };
}

const csvOf = (rows: Row[]) => toCsv([[...CENTRE_CSV_COLUMNS], ...rows.map((r) => CENTRE_CSV_COLUMNS.map((c) => r[c] ?? ""))]);

/** GB18030 bytes for ASCII and two-byte characters, built from the platform's decoder. */
function encodeGb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

async function uploadFile(page: Page, name: string, buffer: Buffer) {
  await page.setInputFiles('input[name="file"]', { name, mimeType: "text/csv", buffer });
  await page.getByRole("button", { name: "Upload and check" }).click();
}

const stat = (page: Page, label: string) =>
  page
    .locator("p", { hasText: new RegExp(`^${label}$`) })
    .locator("xpath=following-sibling::p[1]")
    .textContent();

describe("CSV import and export", () => {
  beforeEach(async () => {
    browser = await launch();
  });

  it("a steward uploads a GB18030 file with a bad row, sees the row's error, imports; a re-import updates instead of duplicating; the export has a BOM and the filtered rows", async () => {
    const { page } = browser;
    await signInWithSession(page, "steward@demo.local");
    await page.goto("/centres/import?lng=en");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Import centres from CSV");
    await expectAccessible(page);

    const tag = `Gb${run}`;
    const good = [
      row(tag),
      row(tag, { industries: "Health and pharma", level: "Global", recognised_batch: "5", recognised_on: "2024-07-01" }),
    ];
    const bad = row(tag, { uscc: "91110000MA0123456X" });
    await uploadFile(page, "centres-gbk.csv", encodeGb18030(csvOf([good[0]!, bad, good[1]!])));

    await page.waitForURL(/\/centres\/import\?upload=/);
    // The rows are checked in the background; the page follows the check and turns into the preview.
    await page.getByRole("heading", { name: "Check the import" }).waitFor();
    expect(await page.getByText("centres-gbk.csv · GB18030 · 3 rows").count()).toBe(1);
    expect(await stat(page, "New centres")).toBe("2");
    expect(await stat(page, "Rows with errors")).toBe("1");
    const badRow = page.getByTestId("import-row-3");
    expect(await badRow.textContent()).toContain("This is not a valid unified social credit code");
    expect(await badRow.textContent()).toContain("Skipped");
    expect(await page.getByTestId("import-row-2").textContent()).toContain(good[0]!.name_zh!);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor();
    expect(await stat(page, "Created")).toBe("2");
    expect(await stat(page, "Updated")).toBe("0");
    expect(await stat(page, "Skipped")).toBe("1");
    await expectAccessible(page);

    // Re-import (UTF-8 with BOM this time) with one change: an update, not a duplicate.
    await page.goto("/centres/import");
    await uploadFile(
      page,
      "centres-utf8.csv",
      Buffer.from("\uFEFF" + csvOf([{ ...good[0]!, rd_headcount: "120" }, good[1]!]), "utf8"),
    );
    await page.waitForURL(/\/centres\/import\?upload=/);
    await page.getByRole("heading", { name: "Check the import" }).waitFor();
    expect(await stat(page, "Centres to update")).toBe("1");
    expect(await stat(page, "Unchanged")).toBe("1");
    expect(await stat(page, "New centres")).toBe("0");
    expect(await page.getByTestId("import-row-2").textContent()).toContain("Changes: rd_headcount");
    await page.getByRole("button", { name: "Import 1 row" }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor();
    expect(await stat(page, "Updated")).toBe("1");
    expect(await stat(page, "Created")).toBe("0");

    // The export of the filtered list: BOM, the import's header, exactly the two centres.
    const res = await page.request.get(`/centres/export.csv?q=${tag}`);
    expect(res.status()).toBe(200);
    const bytes = await res.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsvTable(bytes.toString("utf8"));
    if (!parsed.ok) throw new Error("export is not CSV");
    expect(parsed.table.header).toEqual([...CENTRE_CSV_COLUMNS]);
    const exported = parsed.table.rows.map((r) => Object.fromEntries(CENTRE_CSV_COLUMNS.map((c, i) => [c, r.cells[i]])));
    expect(exported.map((r) => r.uscc).sort()).toEqual(good.map((r) => r.uscc).sort());
    expect(exported.find((r) => r.uscc === good[0]!.uscc)).toMatchObject({
      rd_headcount: "120",
      lead_steward_email: "steward@demo.local",
      district: "Haidian",
    });
    expect(exported.find((r) => r.uscc === good[1]!.uscc)).toMatchObject({
      level: "Global",
      recognised_batch: "5",
      recognised_on: "2024-07-01",
    });

    const xlsx = await page.request.get(`/centres/export.xlsx?q=${tag}`);
    expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect([...(await xlsx.body()).subarray(0, 2)]).toEqual([0x50, 0x4b]); // a ZIP, as every .xlsx
  });

  it("says what is wrong with a file it cannot take, without leaving the page", async () => {
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/centres/import?lng=en");
    await uploadFile(page, "wrong.csv", Buffer.from("name,code\nA,1\n"));
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Required columns are missing from the first row: name_zh, name_en, uscc");
    expect(new URL(page.url()).searchParams.has("upload")).toBe(false);
    await expectAccessible(page);
  });

  it("shows upload progress for a large file, then checks it", async () => {
    const { page, context } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/centres/import?lng=en");
    const rows = Array.from({ length: 2500 }, () =>
      row(`Big${run}`, { name_en: `Big Import Demo Centre with a rather long English name ${serial}` }),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 250_000,
    });
    // Every text the progress label shows is recorded in the page: on a quiet machine the check of
    // 2,500 rows can end before a poll would see its "Checking the rows…".
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressTexts: string[] }).progressTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('label[for="import-progress"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await uploadFile(page, "big.csv", Buffer.from(csvOf(rows), "utf8"));
    // Part-way through the upload the bar and its label show the share sent so far.
    const partWay = async () => {
      const [label] = await page.locator('label[for="import-progress"]').allTextContents();
      const value = await page
        .locator("progress#import-progress")
        .evaluateAll((els) => (els[0] as HTMLProgressElement | undefined)?.getAttribute("value"));
      const m = /^Uploading… (\d+)%$/.exec(label ?? "");
      return Boolean(m && Number(m[1]) > 0 && Number(m[1]) < 100 && value === m[1]);
    };
    await expect.poll(partWay, { timeout: 20_000, interval: 20 }).toBe(true);
    await page.getByRole("heading", { name: "Check the import" }).waitFor({ timeout: 45_000 });
    // After the upload the label said the rows were being checked, until the check page came.
    const texts = await page.evaluate(() => (window as unknown as { progressTexts: string[] }).progressTexts);
    expect(texts.at(-1)).toBe("Checking the rows…");
    expect(texts.slice(0, -1).every((text) => /^Uploading… \d+%$/.test(text))).toBe(true);
    expect(await stat(page, "New centres")).toBe("2,500");
    expect(await page.getByText("2,300 more rows without problems are not shown.").count()).toBe(1);
  });
});

describe("without JavaScript", () => {
  beforeEach(async () => {
    browser = await launch({ javaScriptEnabled: false });
  });

  it("the plain form uploads, previews and imports", async () => {
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/centres/import?lng=en");
    const tag = `NoJs${run}`;
    await uploadFile(page, "plain.csv", Buffer.from(csvOf([row(tag), row(tag, { country: "Atlantis" })]), "utf8"));
    await page.waitForURL(/\/centres\/import\?upload=/);
    await page.getByRole("heading", { name: "Check the import" }).waitFor();
    expect(await page.getByTestId("import-row-3").textContent()).toContain("Not a known value of this list. (given: Atlantis)");
    await page.getByRole("button", { name: "Import 1 row" }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor();
    expect(await stat(page, "Created")).toBe("1");
    expect(await stat(page, "Skipped")).toBe("1");
  });

  it("follows a large file's check on a page that refreshes itself, then previews it", async () => {
    const { page } = browser;
    await signInWithSession(page, "admin@demo.local");
    await page.goto("/centres/import?lng=en");
    const rows = Array.from({ length: 2500 }, () => row(`NoJsBig${run}`));
    await uploadFile(page, "big-plain.csv", Buffer.from(csvOf(rows), "utf8"));
    await page.waitForURL(/\/centres\/import\?upload=/);
    // Straight after the upload the rows are being checked: a progress bar, and a refresh every 2 s.
    await page.getByRole("heading", { name: "Checking the rows" }).waitFor();
    expect(await page.getByRole("progressbar").count()).toBe(1);
    expect(await page.locator('label[for="import-job-progress"]').textContent()).toMatch(
      /^[\d,]+ of 2,500 rows checked \(\d+%\)$/,
    );
    await page.getByRole("heading", { name: "Check the import" }).waitFor({ timeout: 60_000 });
    expect(await stat(page, "New centres")).toBe("2,500");
  });
});
