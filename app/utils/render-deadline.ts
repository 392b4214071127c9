/**
 * Calls `abort` after `ms` unless cancelled first: the deadline of a streamed render. A render
 * cancels it once everything is rendered, so the timer, and with it everything `abort` reaches
 * (the whole render), is let go then instead of when the deadline passes.
 */
export function renderDeadline(abort: () => void, ms: number): { cancel: () => void } {
  const timer = setTimeout(abort, ms);
  return { cancel: () => clearTimeout(timer) };
}
