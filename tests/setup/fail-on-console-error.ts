import { afterEach, vi } from "vitest";

// A test that logs an error fails, even if its assertions pass. Wrapped once per worker: a
// project that does not isolate its files runs this file again before each of them.
const shared = globalThis as { rdcConsoleErrors?: unknown[][] };
if (!shared.rdcConsoleErrors) {
  const logged: unknown[][] = (shared.rdcConsoleErrors = []);
  const original = console.error;
  console.error = (...args: unknown[]) => {
    logged.push(args);
    original(...args);
  };
}
const errors = shared.rdcConsoleErrors;

afterEach(() => {
  if (errors.length > 0) {
    const logged = errors
      .splice(0)
      .map((a) => a.map(String).join(" "))
      .join("\n");
    throw new Error(`console.error was called during the test:\n${logged}`);
  }
  vi.restoreAllMocks();
});
