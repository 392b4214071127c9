import { describe, expect, it } from "vitest";
import { pagesByRole, measureInPage, type Role } from "./pages";
import { phoneSession, withLanguage } from "./phone-session";

const APP_NAME = { en: "RDC Steward", "zh-CN": "外资研发中心服务管家" } as const;

/**
 * Every page of every role on a phone (375 px) in one language: the document is no wider than the
 * viewport, every table row has as many cells as its header, and every page has its own title.
 * One file per language (phone-crawl.en and .zh-CN), so the two run side by side.
 */
export function describeEveryPageOnAPhone(lng: "en" | "zh-CN") {
  const { open, ids } = phoneSession();
  describe(`every page on a phone, ${lng}`, () => {
    it(
      "at 375 px: no page is wider than the screen, every row fits its header, every page has its own title",
      { timeout: 300_000 },
      async () => {
        const byRole = pagesByRole(ids());
        const problems: string[] = [];
        let visited = 0;
        for (const role of Object.keys(byRole) as Role[]) {
          const page = await open(role);
          const titles = new Map<string, string>();
          for (const url of byRole[role]) {
            const response = await page.goto(withLanguage(url, lng));
            const where = `${role} ${lng} ${url.replace(ids().centreId, ":centre").replace(ids().requestId, ":request").replace(ids().articleId, ":article")}`;
            if (response?.status() !== (url === "/invite/not-a-real-token" || url.startsWith("/reset-password/") ? 404 : 200))
              problems.push(`${where}: answered ${response?.status()}`);
            const m = await page.evaluate(measureInPage);
            visited++;
            if (m.width > m.viewport) problems.push(`${where}: ${m.width} px wide at ${m.viewport} (${m.culprits.join(" | ")})`);
            for (const bad of m.badRows) problems.push(`${where}: ${bad}`);
            const title = await page.title();
            if (!title.endsWith(` · ${APP_NAME[lng]}`)) problems.push(`${where}: title "${title}"`);
            const same = titles.get(title);
            if (same && same !== url) problems.push(`${where}: same title as ${same}: "${title}"`);
            titles.set(title, url);
          }
          // Leave the demo account in Chinese, as seeded (?lng= also sets the user's language).
          await page.goto(withLanguage(byRole[role][0]!, "zh-CN"));
        }
        expect(problems).toEqual([]);
        // Both languages together visited over 100 pages when they were one test.
        expect(visited).toBeGreaterThan(50);
      },
    );
  });
}
