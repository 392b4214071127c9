import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import i18next, { type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { i18nConfig, LOCALES, rememberLanguageHierarchy, rememberTranslations, resources, type Locale } from "./i18n";
import { getUser } from "./utils/auth.server";
import { getLocale } from "./utils/i18n.server";
import { CoalescingStream } from "./utils/coalescing-stream.server";
import { renderDeadline } from "./utils/render-deadline";

// server.js starts the notification worker through the build (build.entry.module).
export { startOutboxWorker } from "./models/outbox-worker.server";
export { bodyLimitFor } from "./utils/body-limits";
export { sweepIncomingAttachments } from "./models/attachment.server";
export { startFiguresWorker } from "./models/dashboard/figures-worker.server";
export { startImportWorker } from "./models/centre-import-worker.server";

/**
 * One initialised i18next instance per language, made once at start and shared by every render:
 * creating and initialising one per request cost several ms of CPU each (issue 14). Sharing is
 * safe because nothing on the server changes an instance's language or resources (the language
 * switch in root.tsx runs in the browser only).
 */
const instances = new Map<Locale, i18n>(
  LOCALES.map((locale) => {
    const instance = i18next.createInstance();
    // Synchronous: the resources are bundled and initImmediate is off.
    void instance.use(initReactI18next).init({ ...i18nConfig, resources, lng: locale, initImmediate: false });
    rememberLanguageHierarchy(instance);
    rememberTranslations(instance);
    return [locale, instance];
  }),
);

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const locale = await getLocale(request, await getUser(request));
  const instance = instances.get(locale)!;
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const nonce = loadContext?.cspNonce;

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cancelled once everything is rendered: until then the timer holds the whole render (the
    // loaders' data, the React tree), and left to run it kept 5 s of requests in memory, about a
    // thousand pages under load (issue 14, goal 5).
    const abortLater = renderDeadline(() => abort(), ABORT_DELAY + 1000);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ""}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true;
          const body = new CoalescingStream();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
          if (callbackName === "onAllReady") abortLater.cancel();
        },
        ...(callbackName === "onShellReady" ? { onAllReady: () => abortLater.cancel() } : {}),
        onShellError(error: unknown) {
          abortLater.cancel();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}
