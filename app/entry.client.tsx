import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, i18nConfig, isLocale, resources } from "./i18n";
import { ignoreAbandonedRequests } from "./utils/abandoned-request";

ignoreAbandonedRequests(window);

const lang = document.documentElement.lang;
void i18next.use(initReactI18next).init({
  ...i18nConfig,
  resources,
  lng: isLocale(lang) ? lang : DEFAULT_LOCALE,
  initImmediate: false,
});

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18next}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  );
});
