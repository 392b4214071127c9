import { DEFAULT_LOCALE, LOCALES, type Locale } from "./domain/locales";
import { catalogues } from "./locales";

export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./domain/locales";

export const resources = {
  "zh-CN": { translation: catalogues["zh-CN"] },
  en: { translation: catalogues.en },
} as const;

export const i18nConfig = {
  supportedLngs: [...LOCALES],
  // Only the exact locale and the fallback: there are no "zh" or script-only catalogues, and each
  // extra code costs i18next an Intl.getCanonicalLocales call on every t() while a page renders.
  load: "currentOnly" as const,
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

/** Picks the best supported locale from an Accept-Language header (q-values respected). */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return null;
}
