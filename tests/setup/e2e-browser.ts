import { afterAll } from "vitest";
import { closeSharedBrowser } from "../e2e/browser";

// Each browser test file shares one Chromium (a fresh context per test): close it after the file.
afterAll(closeSharedBrowser);
