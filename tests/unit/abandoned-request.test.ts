import { describe, expect, it } from "vitest";
import { ignoreAbandonedRequests, isAbandonedRequest } from "~/utils/abandoned-request";

describe("abandoned requests", () => {
  it("are aborts, nothing else", () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbandonedRequest(controller.signal.reason)).toBe(true);
    expect(isAbandonedRequest(new DOMException("x", "AbortError"))).toBe(true);
    expect(isAbandonedRequest(new DOMException("x", "TimeoutError"))).toBe(false);
    expect(isAbandonedRequest(new Error("AbortError"))).toBe(false);
    expect(isAbandonedRequest(new TypeError("Failed to fetch"))).toBe(false);
    expect(isAbandonedRequest(undefined)).toBe(false);
  });

  it("have their unhandled rejection marked handled; other rejections stay errors", () => {
    let listener: ((event: { reason: unknown; preventDefault: () => void }) => void) | undefined;
    ignoreAbandonedRequests({
      addEventListener: ((type: string, l: typeof listener) => {
        expect(type).toBe("unhandledrejection");
        listener = l;
      }) as unknown as Window["addEventListener"],
    });
    const dispatch = (reason: unknown) => {
      let prevented = false;
      listener!({ reason, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(dispatch(new DOMException("signal is aborted without reason", "AbortError"))).toBe(true);
    expect(dispatch(new Error("boom"))).toBe(false);
  });
});
