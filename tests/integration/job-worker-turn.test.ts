import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverTurn } from "~/utils/job-worker.server";
import { turnWorker } from "../helpers/turn-worker";

/**
 * Between two chunks the import worker waits for the request thread's event loop to turn
 * (serverTurn), so a server write waiting for the write lock gets in first. The request thread
 * answers as soon as it is free: a job waiting with a limit far beyond the test's timeout ends,
 * so it was answered, not timed out.
 */
const workerEntry = () => {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  const source = pathToFileURL(path.resolve("tests/helpers/turn-worker.ts")).href;
  const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(source)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
};

beforeAll(() => turnWorker.start(workerEntry()));
afterAll(() => turnWorker.stop());

describe("a job worker waiting for the request thread's turn", () => {
  it("is answered by the request thread once its event loop turns", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => turnWorker.run({ maxMs: 10 * 60_000 })));
    expect(answers).toEqual(["turned", "turned", "turned"]);
  });

  it("on the request thread itself is one turn of its own event loop", async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    await serverTurn(10 * 60_000);
    expect(turned).toBe(true);
  });
});
