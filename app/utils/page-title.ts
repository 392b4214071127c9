import type { MetaDescriptor } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import {
  DEFAULT_LOCALE,
  i18nConfig,
  isLocale,
  rememberLanguageHierarchy,
  rememberTranslations,
  resources,
  type Locale,
} from "~/i18n";

/**
 * Each page's <title>, in the page's language, most specific part first and the app's name last:
 * "Helix Biotech Beijing R&D Centre · Centres · RDC Steward". Route modules call it from `meta`,
 * which runs on the server and in the browser, so it has its own i18next instance over the
 * bundled catalogues and reads the language from the root loader's data.
 */
const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, initImmediate: false });
rememberLanguageHierarchy(instance);
rememberTranslations(instance);

type Match = { id: string; data: unknown } | undefined;
type Part = string | null | undefined | false;

export function pageLocale(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

export function pageTitle(matches: readonly Match[], parts: (t: TFunction, locale: Locale) => Part[]): MetaDescriptor[] {
  const locale = pageLocale(matches);
  const t = instance.getFixedT(locale);
  return [{ title: [...parts(t, locale), t("app.name")].filter((p): p is string => Boolean(p)).join(" · ") }];
}

/** A centre's name in the page's language. */
export function centreName(centre: { nameZh: string; nameEn: string } | null | undefined, locale: Locale) {
  return centre ? (locale === "en" ? centre.nameEn : centre.nameZh) : null;
}
