import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import { echoWorker } from "../helpers/echo-job-worker";

/**
 * A job worker is spawned with its first job and ends when it has had nothing to do for its idle
 * time, so an idle server keeps no second copy of the app in memory (issue 14, goal 5); the next
 * job starts another. The worker runs the TypeScript source through tsx, as the server's workers
 * load the build.
 */
const entry = () => {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  const source = pathToFileURL(path.resolve("tests/helpers/echo-job-worker.ts")).href;
  const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(source)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
};

type Echo = { doubled: number; threadId: number };

afterAll(() => echoWorker.stop());

describe("a job worker", () => {
  it("runs jobs in place (null) until it is started", () => {
    expect(echoWorker.started()).toBe(false);
    expect(echoWorker.run({ n: 1 })).toBeNull();
  });

  it("is spawned with the first job, not when started", async () => {
    echoWorker.start(entry());
    expect(echoWorker.started()).toBe(true);
    expect(echoWorker.running()).toBe(false);
    const answer = (await echoWorker.run({ n: 21 })) as Echo;
    expect(answer.doubled).toBe(42);
    expect(answer.threadId).not.toBe(threadId);
  });

  it("answers jobs posted together, each its own", { timeout: 30_000 }, async () => {
    const answers = (await Promise.all([1, 2, 3].map((n) => echoWorker.run({ n })))) as Echo[];
    expect(answers.map((a) => a.doubled)).toEqual([2, 4, 6]);
    expect(new Set(answers.map((a) => a.threadId)).size).toBe(1);
  });

  it("ends when idle, and the next job starts another worker that answers", { timeout: 30_000 }, async () => {
    const first = (await echoWorker.run({ n: 5 })) as Echo;
    expect(echoWorker.running()).toBe(true);
    await vi.waitFor(() => expect(echoWorker.running()).toBe(false), { timeout: 20_000, interval: 20 });
    const second = (await echoWorker.run({ n: 6 })) as Echo;
    expect(second.doubled).toBe(12);
    // Thread ids are never reused within a process: another thread answered.
    expect(second.threadId).not.toBe(first.threadId);
    expect(second.threadId).not.toBe(threadId);
  });

  it("runs jobs in place again once stopped", async () => {
    await echoWorker.stop();
    expect(echoWorker.running()).toBe(false);
    expect(echoWorker.run({ n: 1 })).toBeNull();
  });
});
