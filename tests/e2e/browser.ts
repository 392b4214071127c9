import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { createCookie } from "@remix-run/node";
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext, type Page } from "playwright-core";
import Database from "better-sqlite3";
import { afterEach, expect } from "vitest";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET } from "../../db/demo-accounts";
import { CHROMIUM_PATH } from "../setup/chromium";
import { ownE2eServer } from "../setup/e2e-own-server";
import { E2E_SESSION_SECRET } from "../setup/e2e-server";
import { unusedTotpCodeFor } from "./totp";

/** The address of this worker's e2e server (each worker has its own, on its own copy of the demo data). */
export const baseURL = () => ownE2eServer().baseURL;
/** The database file of this worker's e2e server. */
export const e2eDatabase = () => ownE2eServer().database;
const withoutJavaScript = new WeakSet<Page>();
export const DEMO_PASSWORD = "demo-pass-2026";

/**
 * Playwright's own --disable-features (playwright-core 1.65, chromiumSwitches.ts: compare when
 * upgrading). Chromium keeps only the last --disable-features it is given, so ours repeats them.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
];
/**
 * Each new window (every context's first page) otherwise starts two renderer processes for the
 * address bar's popups (chrome://omnibox-popup.top-chrome), which no headless test sees: about
 * 0.7 s of CPU per context, a sixth of the Chromium CPU of a file such as sign-in.test.ts.
 */
const OMNIBOX_POPUPS = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUPS].join(",")}`,
];

let shared: Promise<PlaywrightBrowser> | null = null;

/**
 * The worker's one Chromium (Debian's, headless; never a downloaded browser), started on first
 * use and kept for the worker's next test files, as the e2e project does not isolate its files
 * (tests/setup/e2e-browser.ts closes the contexts a file left open); it ends with the worker.
 * Each `launch` is a fresh context in it.
 */
export function sharedBrowser(): Promise<PlaywrightBrowser> {
  shared ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return shared;
}

/** Closes every context still open in the worker's Chromium, so the next file starts with none. */
export async function closeContextsLeftOpen() {
  const browser = await shared?.catch(() => null);
  if (!browser) return;
  // A Chromium that crashed is started afresh for the next file.
  if (!browser.isConnected()) shared = null;
  else await Promise.all(browser.contexts().map((context) => context.close()));
}

/**
 * A fresh browser context (its own cookies, storage and cache, as a new profile has) in the
 * worker's Chromium, with one page. `close()` ends the context; the browser stays for the next test.
 */
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
  const context = await (
    await sharedBrowser()
  ).newContext({
    baseURL: options.baseURL ?? baseURL(),
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? "zh-CN",
  });
  const page = await context.newPage();
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
    },
  };
}

/**
 * Signs in through the form. The demo admin uses two-factor sign-in (as every admin must): the
 * code step is answered with a code computed from the demo key, as an authenticator app would.
 */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  totpSecret = email === DEMO_ACCOUNTS.admin ? DEMO_ADMIN_TOTP_SECRET : null,
) {
  await page.goto("/login");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.click('main button[type="submit"]')]);
  if (new URL(page.url()).pathname === "/login/two-factor") {
    if (!totpSecret) throw new Error(`${email} uses two-factor sign-in: pass its TOTP key to signIn`);
    await enterTwoFactorCode(page, totpSecret);
  }
}

/** The app's session cookie (app/utils/session.server.ts): a signed, random session id. */
const sessionCookie = createCookie("__session", { secrets: [E2E_SESSION_SECRET] });

/**
 * Signs the account in without the form, for journeys about something else: a session row in
 * this worker's server database (as the sign-in action writes it) and its signed cookie in the
 * page's context, then the account's home page, where the form would have landed. No password
 * check and no two-factor code, so no wait for a fresh 30-second step. The form itself is a
 * journey of its own for every role (sign-in.test.ts, two-factor.test.ts).
 */
export async function signInWithSession(page: Page, email: string) {
  const db = new Database(e2eDatabase(), { fileMustExist: true });
  const id = randomBytes(32).toString("base64url");
  try {
    db.pragma("busy_timeout = 5000");
    const user = db.prepare("select id from users where email = ?").get(email) as { id: string } | undefined;
    if (!user) throw new Error(`signInWithSession: no user ${email}`);
    const now = Date.now();
    db.prepare("insert into sessions (id, user_id, data, created_at, expires_at) values (?, ?, ?, ?, ?)").run(
      id,
      user.id,
      JSON.stringify({ userId: user.id }),
      now,
      now + 3_600_000,
    );
  } finally {
    db.close();
  }
  const value = (await sessionCookie.serialize(id)).split(";")[0]!.slice("__session=".length);
  await page.context().addCookies([{ name: "__session", value, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);
  await page.goto("/");
}

/** Answers the two-factor step with a fresh code for the key, and waits to leave /login. */
export async function enterTwoFactorCode(page: Page, totpSecret: string) {
  // A code made right at the end of its 30-second step can reach a loaded server in the next one
  // and be refused as out of the window: then one more, fresh code (the refusal is tested elsewhere).
  for (let attempt = 1; ; attempt++) {
    await page.fill('input[name="code"]', await unusedTotpCode(totpSecret));
    const left = page
      .waitForURL((url) => !url.pathname.startsWith("/login"))
      .then(
        () => true,
        (error: unknown) => (attempt === 2 ? Promise.reject(error) : false),
      );
    await page.click('main button[type="submit"]');
    if (await left) return;
  }
}

/** A code the server has not accepted before (see totp.ts). */
export function unusedTotpCode(totpSecret: string) {
  return unusedTotpCodeFor(baseURL(), totpSecret);
}

/** Waits until React has hydrated the page (root sets html[data-hydrated]). */
export async function hydrated(page: Page) {
  await page.waitForSelector("html[data-hydrated]", { state: "attached" });
}

/** Scans the page with axe-core: no serious or critical violations. */
export async function expectAccessible(page: Page) {
  // axe runs as a script in the page, which hangs when JavaScript is off: scan such pages in a JS-enabled browser.
  if (withoutJavaScript.has(page)) throw new Error("expectAccessible needs a browser with JavaScript enabled");
  const results = await new AxeBuilder({ page } as never)
    // axe.run in the page itself, not partial runs finished in a blank page (none of our pages has
    // a cross-origin frame), with only the violations in full (nothing reads the passes): the same
    // violations for about a third of the CPU (on /dashboard, 1.8 s instead of 5 s a scan).
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export type Browser = Awaited<ReturnType<typeof launch>>;
export type { BrowserContext, Page };

/**
 * `open` for a test file: each call opens a fresh context (see `launch`) that is closed after the
 * test, which fails if the page threw an error.
 */
export function browsersClosedAfterEachTest() {
  let browsers: Browser[] = [];
  afterEach(async () => {
    for (const b of browsers) {
      expect(b.pageErrors).toEqual([]);
      await b.close();
    }
    browsers = [];
  });
  return async function open(options: Parameters<typeof launch>[0] = {}) {
    const b = await launch(options);
    browsers.push(b);
    return b.page;
  };
}

/** One row from the e2e server's database, read-only. */
export function queryE2eDatabase<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(e2eDatabase(), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}
