import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import i18next, { type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { i18nConfig, rememberLanguageHierarchy, resources, SUPPORTED_LOCALES, type Locale } from "./i18n";
import { getUser } from "./utils/auth.server";
import { getLocale } from "./utils/i18n.server";

// server.js starts the notification worker through the build (build.entry.module).
export { startOutboxWorker } from "./utils/outbox-worker.server";
export { bodyLimitFor } from "./utils/body-limits";
export { sweepIncomingAttachments } from "./models/attachment.server";
export { startFiguresWorker } from "./models/dashboard/figures-worker.server";

/**
 * One initialised i18next instance per language, made once at start and shared by every render:
 * creating and initialising one per request cost several ms of CPU each (issue 14). Sharing is
 * safe because nothing on the server changes an instance's language or resources (the language
 * switch in root.tsx runs in the browser only).
 */
const instances = new Map<Locale, i18n>(
  SUPPORTED_LOCALES.map((locale) => {
    const instance = i18next.createInstance();
    // Synchronous: the resources are bundled and initImmediate is off.
    void instance.use(initReactI18next).init({ ...i18nConfig, resources, lng: locale, initImmediate: false });
    rememberLanguageHierarchy(instance);
    return [locale, instance];
  }),
);

/**
 * Joins React's small writes (about 2 KB each, hundreds per list page) into chunks of up to 32 KB
 * before they reach the response: every chunk costs a trip through the web stream, Express and
 * the compressor, and compressing 2 KB pieces cost 3–8 times the CPU of compressing 16 KB ones
 * (issue 14). What React writes in one go leaves together on the next turn of the event loop, so
 * a streamed part is never held back waiting for more.
 */
class CoalescingStream extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private scheduled: NodeJS.Immediate | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= COALESCE_BYTES) this.release();
    else this.scheduled ??= setImmediate(() => this.release());
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.release();
    callback();
  }

  private release() {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.size === 0) return;
    const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.push(joined);
  }
}
const COALESCE_BYTES = 32 * 1024;

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
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
