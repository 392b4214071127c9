import { createElement } from "react";
import { renderToString } from "react-dom/server";
import i18next from "i18next";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { Stat } from "~/components/ui/page-header";

/** A figure on a page (the work page's counts, the admin's, an import's) as each language writes it. */
async function rendered(lng: string, value: React.ReactNode) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({ lng, resources: {}, initImmediate: false });
  return renderToString(createElement(I18nextProvider, { i18n: instance }, createElement(Stat, { label: "Centres", value })));
}

describe("a figure (Stat)", () => {
  it("writes a number with the separators of the page's language", async () => {
    expect(await rendered("en", 30198)).toContain(">30,198</p>");
    expect(await rendered("zh-CN", 30198)).toContain(">30,198</p>");
    expect(await rendered("en", 0)).toContain(">0</p>");
  });

  it("shows anything else as it is given", async () => {
    expect(await rendered("en", "87%")).toContain(">87%</p>");
    expect(await rendered("en", createElement("span", { className: "text-red-700" }, "520"))).toContain(
      '<span class="text-red-700">520</span>',
    );
  });
});
