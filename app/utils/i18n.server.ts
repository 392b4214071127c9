import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import { DEFAULT_LOCALE, i18nConfig, isLocale, localeFromAcceptLanguage, resources, type Locale } from "~/i18n";
import { isProduction } from "./env.server";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: isProduction,
  maxAge: 60 * 60 * 24 * 365,
});

/** The `?lng=` switch in the header, when present and valid. */
export function localeFromSwitch(request: Request): Locale | null {
  const value = new URL(request.url).searchParams.get("lng");
  return isLocale(value) ? value : null;
}

/** Language: the header switch, else the user's setting, else the cookie, else Accept-Language. */
export async function getLocale(request: Request, user?: { locale: Locale | null } | null): Promise<Locale> {
  const fromSwitch = localeFromSwitch(request);
  if (fromSwitch) return fromSwitch;
  if (user?.locale) return user.locale;
  const fromCookie = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, initImmediate: false });

export function getFixedT(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}
