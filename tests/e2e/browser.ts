import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export const baseURL = () => inject("baseURL");
const withoutJavaScript = new WeakSet<Page>();
export const DEMO_PASSWORD = "demo-pass-2026";

/** Debian's Chromium, headless, in a fresh profile (never a downloaded browser). */
export async function launch(
  options: {
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
    locale?: string;
    /** Another address than the e2e server's (e.g. a proxy in front of it). */
    baseURL?: string;
    /** Accept a self-signed certificate (the nginx test's). */
    ignoreHTTPSErrors?: boolean;
  } = {},
) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    baseURL: options.baseURL ?? baseURL(),
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? "zh-CN",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  if (options.javaScriptEnabled === false) withoutJavaScript.add(page);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);
}

/** Waits until React has hydrated the page (root sets html[data-hydrated]). */
export async function hydrated(page: Page) {
  await page.waitForSelector("html[data-hydrated]", { state: "attached" });
}

/** Scans the page with axe-core: no serious or critical violations. */
export async function expectAccessible(page: Page) {
  // axe runs as a script in the page, which hangs when JavaScript is off: scan such pages in a JS-enabled browser.
  if (withoutJavaScript.has(page)) throw new Error("expectAccessible needs a browser with JavaScript enabled");
  const results = await new AxeBuilder({ page } as never).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export type Browser = Awaited<ReturnType<typeof launch>>;
export type { BrowserContext, Page };
