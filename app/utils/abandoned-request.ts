/**
 * A request the page abandoned: a navigation or a fetcher superseded by the next one (the
 * language switched twice in a row, a link clicked while a page still loads) is aborted, and
 * Remix's single fetch can leave the abort's rejection unhandled (remix-run/react-router#14203).
 * That AbortError is the expected end of the request, not a failure of the page.
 */
export function isAbandonedRequest(reason: unknown): boolean {
  return reason instanceof DOMException && reason.name === "AbortError";
}

/** Keeps abandoned requests' rejections out of the page's errors (entry.client.tsx). */
export function ignoreAbandonedRequests(target: Pick<Window, "addEventListener">) {
  target.addEventListener("unhandledrejection", (event) => {
    if (isAbandonedRequest(event.reason)) event.preventDefault();
  });
}
