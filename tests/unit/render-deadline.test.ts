import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderDeadline } from "~/utils/render-deadline";

describe("a streamed render's deadline", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("aborts a render still unfinished when it passes", () => {
    const abort = vi.fn();
    renderDeadline(abort, 6000);
    vi.advanceTimersByTime(5999);
    expect(abort).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it("once cancelled (everything rendered), leaves no timer holding the render and never aborts", () => {
    const abort = vi.fn();
    const deadline = renderDeadline(abort, 6000);
    expect(vi.getTimerCount()).toBe(1);
    deadline.cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(abort).not.toHaveBeenCalled();
  });
});
