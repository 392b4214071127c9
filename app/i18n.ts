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

/** Entries a remembered-translations cache holds before it starts afresh (options carry names, so keys are unbounded). */
const REMEMBERED_TRANSLATIONS = 20_000;

/**
 * Remembers what `t()` answered for a key and its options. i18next resolves every call anew
 * (key lookup, plural rules, interpolation, nesting): a list of 50 rows with five messages each
 * spent more CPU in `t()` than in its SQL (issue 14). The answer depends only on the language,
 * the key, the options and the catalogues, which never change while the server runs, so it is
 * kept per instance, for string keys whose options hold only plain values (strings, finite
 * numbers, booleans, null, lists of strings), and only when the answer is a string. Call once per
 * initialised instance whose catalogues are bundled (the server's).
 */
export function rememberTranslations(instance: { language: string; t: (...args: never[]) => unknown }) {
  const translate = instance.t.bind(instance) as (key: unknown, options?: unknown) => unknown;
  const known = new Map<string, string>();
  const cacheKey = (key: unknown, options: unknown): string | null => {
    if (typeof key !== "string") return null;
    if (options === undefined) return `${instance.language}\u0000${key}`;
    if (options === null || typeof options !== "object" || Array.isArray(options)) return null;
    for (const value of Object.values(options)) {
      if (value === undefined || value === null || typeof value === "string" || typeof value === "boolean") continue;
      if (typeof value === "number" && Number.isFinite(value)) continue;
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) continue;
      return null;
    }
    return `${instance.language}\u0000${key}\u0000${JSON.stringify(options)}`;
  };
  (instance as { t: unknown }).t = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    const k = rest.length === 0 ? cacheKey(key, options) : null;
    if (k === null) return (translate as (...a: unknown[]) => unknown)(key, options, ...rest);
    const hit = known.get(k);
    if (hit !== undefined) return hit;
    const answer = translate(key, options);
    if (typeof answer === "string") {
      if (known.size >= REMEMBERED_TRANSLATIONS) known.clear();
      known.set(k, answer);
    }
    return answer;
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
