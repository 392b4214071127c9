import { beforeAll } from "vitest";
import { waitForOwnE2eServer } from "./e2e-own-server";

// The e2e servers start in the background (tests/setup/e2e-server.ts): each file waits for its own.
beforeAll(() => waitForOwnE2eServer());
