import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import {
  DEFAULT_LOCALE,
  i18nConfig,
  isLocale,
  localeFromAcceptLanguage,
  rememberLanguageHierarchy,
  rememberTranslations,
  resources,
  type Locale,
} from "~/i18n";
import { env, isProduction } from "./env.server";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: isProduction && !env.INSECURE_COOKIES,
  maxAge: 60 * 60 * 24 * 365,
});

/** The `?lng=` switch in the header, when present and valid. */
export function localeFromSwitch(request: Request): Locale | null {
  const value = new URL(request.url).searchParams.get("lng");
  return isLocale(value) ? value : null;
}

/**
 * Language of a page: a `?lng=` in the URL, else this browser's choice (the cookie, set by the
 * header switch or an earlier `?lng=`), else the account's saved language, else Accept-Language.
 */
export async function getLocale(request: Request, user?: { locale: Locale | null } | null): Promise<Locale> {
  const fromSwitch = localeFromSwitch(request);
  if (fromSwitch) return fromSwitch;
  const fromCookie = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  if (user?.locale) return user.locale;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, initImmediate: false });
rememberLanguageHierarchy(instance);
rememberTranslations(instance);

export function getFixedT(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
