import fs from "node:fs";
import path from "node:path";
import i18next from "i18next";
import { describe, expect, it, vi } from "vitest";
import { i18nConfig, localeFromAcceptLanguage, rememberTranslations, resources } from "~/i18n";
import { catalogues } from "~/locales";

function keysOf(obj: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === "object" ? keysOf(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("message catalogues", () => {
  it("have the same files in both languages, each with identical keys", () => {
    const dir = path.resolve("app/locales");
    const en = fs.readdirSync(path.join(dir, "en")).sort();
    expect(fs.readdirSync(path.join(dir, "zh-CN")).sort()).toEqual(en);
    for (const file of en) {
      const a = keysOf(JSON.parse(fs.readFileSync(path.join(dir, "en", file), "utf8"))).sort();
      const b = keysOf(JSON.parse(fs.readFileSync(path.join(dir, "zh-CN", file), "utf8"))).sort();
      expect(b, file).toEqual(a);
    }
  });

  it("are all merged, with no file's keys overwritten by another's", () => {
    const dir = path.resolve("app/locales/en");
    const perFile = fs.readdirSync(dir).flatMap((f) => keysOf(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
    expect(new Set(perFile).size).toBe(perFile.length);
    expect(keysOf(catalogues.en).sort()).toEqual([...perFile].sort());
    expect(keysOf(catalogues["zh-CN"]).sort()).toEqual([...perFile].sort());
  });

  it("have no empty messages", () => {
    for (const lng of ["en", "zh-CN"] as const) {
      const flat = keysOf(catalogues[lng]);
      for (const key of flat) {
        const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalogues[lng]);
        expect(String(value).trim(), `${lng}:${key}`).not.toBe("");
      }
    }
  });
});

describe("Accept-Language", () => {
  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,en;q=0.5,zh;q=0.7", "zh-CN"],
    ["zh-TW", "zh-CN"],
    ["de-DE", null],
    ["en;q=0, zh;q=0.1", "zh-CN"],
    ["", null],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});

describe("remembered translations (rememberTranslations)", () => {
  const fresh = (locale: "en" | "zh-CN") => {
    const instance = i18next.createInstance();
    void instance.init({ ...i18nConfig, resources, lng: locale, initImmediate: false });
    return instance;
  };
  const calls = [
    ["centres.title"],
    ["centres.daysInStage", { count: 1 }],
    ["centres.daysInStage", { count: 7 }],
    ["centres.batchN", { batch: 3 }],
    ["levels.global"],
    ["no.such.key"],
    ["centres.matches", { count: 2, formattedCount: "2" }],
  ] as const;

  it("answers every call as i18next does, in both languages, also when asked again", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const plain = fresh(locale);
      const remembered = fresh(locale);
      rememberTranslations(remembered);
      const t = remembered.getFixedT(locale);
      const expected = plain.getFixedT(locale);
      for (const [key, options] of calls) {
        expect(t(key, options as never), key).toBe(expected(key, options as never));
        expect(t(key, options as never), key).toBe(expected(key, options as never));
      }
    }
  });

  it("resolves a key and its options once, and leaves options it cannot key (objects) to i18next", () => {
    const instance = fresh("en");
    const translate = vi.spyOn((instance as unknown as { translator: { translate: () => unknown } }).translator, "translate");
    rememberTranslations(instance);
    const t = instance.getFixedT("en");
    t("centres.batchN", { batch: 4 });
    t("centres.batchN", { batch: 4 });
    expect(translate).toHaveBeenCalledTimes(1);
    t("centres.batchN", { batch: 5 });
    expect(translate).toHaveBeenCalledTimes(2);
    const answer = t("centres.batchN", { batch: 4, extra: { nested: true } } as never);
    t("centres.batchN", { batch: 4, extra: { nested: true } } as never);
    expect(translate).toHaveBeenCalledTimes(4);
    expect(answer).toBe(fresh("en").t("centres.batchN", { batch: 4 }));
  });
});
