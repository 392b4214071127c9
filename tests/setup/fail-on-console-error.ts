import { afterEach, vi } from "vitest";

// A test that logs an error fails, even if its assertions pass.
const errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

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
