import { afterAll } from "vitest";
import { closeContextsLeftOpen } from "../e2e/browser";

// The browser files share their worker's Chromium (tests/e2e/browser.ts): each leaves it with no
// context open, so the next file starts as in a fresh browser.
afterAll(closeContextsLeftOpen);
