import { catalogues } from "./locales";

export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const resources = {
  "zh-CN": { translation: catalogues["zh-CN"] },
  en: { translation: catalogues.en },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  // Only the exact locale and the fallback: there are no "zh" or script-only catalogues, and each
  // extra code costs i18next an Intl.getCanonicalLocales call on every t() while a page renders.
  load: "currentOnly" as const,
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

/**
 * Remembers i18next's language hierarchy per language code. i18next recomputes it on every t()
 * (two Intl.getCanonicalLocales calls for "zh-CN" and its fallback); with two fixed locales the
 * answer never changes, and on a board of 350 cards those calls were a tenth of the render (issue
 * 14). Call once per initialised instance.
 */
export function rememberLanguageHierarchy(instance: {
  services: { languageUtils: { toResolveHierarchy: (code: string, fallbackCode?: string) => string[] } };
}) {
  const languageUtils = instance.services.languageUtils;
  const resolve = languageUtils.toResolveHierarchy.bind(languageUtils);
  const known = new Map<string, readonly string[]>();
  languageUtils.toResolveHierarchy = (code: string, fallbackCode?: string) => {
    if (fallbackCode !== undefined || typeof code !== "string") return resolve(code, fallbackCode);
    let codes = known.get(code);
    if (!codes) known.set(code, (codes = Object.freeze(resolve(code))));
    // A copy: callers may not change the remembered list.
    return [...codes];
  };
}

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
