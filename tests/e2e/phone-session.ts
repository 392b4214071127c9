import Database from "better-sqlite3";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { baseURL, e2eDatabase, sharedBrowser, signInWithSession } from "./browser";
import { DEMO_ACCOUNTS, type Ids, type Role } from "./pages";

/**
 * The phone-layout files' session: the worker's one Chromium (browser.ts), a context per role and size, each role
 * signed in once, the demo ids the page list needs, and no page error anywhere in the file.
 * `phoneSession()` registers the file's hooks; `open` gives a page of a fresh context.
 */
export const LANGUAGES = ["en", "zh-CN"] as const;
export const PHONE = { width: 375, height: 800 };
export const withLanguage = (url: string, lng: string) => `${url}${url.includes("?") ? "&" : "?"}lng=${lng}`;

export function phoneSession() {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ids: Ids;
  const errors: string[] = [];

  /** Each role signs in once; its later contexts start with that session's cookies. */
  const signedIn = new Map<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>();

  async function open(role: Role, options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({
      baseURL: baseURL(),
      viewport: options.viewport ?? PHONE,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      storageState: signedIn.get(role),
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (e) => errors.push(String(e)));
    if (role !== "anon" && !signedIn.has(role)) {
      await signInWithSession(page, DEMO_ACCOUNTS[role]);
      signedIn.set(role, await context.storageState());
    }
    return page;
  }

  beforeAll(async () => {
    const db = new Database(e2eDatabase(), { readonly: true, fileMustExist: true });
    try {
      const centreId = (
        db.prepare("select centre_id from users where email = ?").get(DEMO_ACCOUNTS.enterprise) as { centre_id: string }
      ).centre_id;
      // The request with the longest conversation: the widest request page.
      const requestId = (
        db
          .prepare(
            "select r.id from support_requests r left join request_messages m on m.request_id = r.id where r.centre_id = ? group by r.id order by count(m.id) desc limit 1",
          )
          .get(centreId) as { id: string }
      ).id;
      // A published demo article of the policy library, with both languages.
      const articleId = (
        db.prepare("select id from answer_articles where status = 'published' order by title_en limit 1").get() as { id: string }
      ).id;
      ids = { centreId, requestId, articleId };
    } finally {
      db.close();
    }
    browser = await sharedBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    expect(errors).toEqual([]);
  });

  return { open, ids: () => ids };
}
