import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import { transferablesOf } from "~/utils/job-worker.server";
import { echoBytes, echoWorker, heavyEchoWorker } from "../helpers/echo-job-worker";

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

type Echo = { doubled: number; threadId: number; bytes?: Uint8Array };

afterAll(async () => {
  await echoWorker.stop();
  await heavyEchoWorker.stop();
});

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

  it("hands a file's bytes over: the request thread receives the bytes the worker made", { timeout: 30_000 }, async () => {
    const answers = (await Promise.all([
      echoWorker.run({ n: 7, bytes: 3 * 1024 * 1024 }),
      echoWorker.run({ n: 9, bytes: 1 }),
      echoWorker.run({ n: 11 }),
    ])) as Echo[];
    expect(answers[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(answers[0]!.bytes!).equals(Buffer.from(echoBytes(7, 3 * 1024 * 1024)))).toBe(true);
    expect([...answers[1]!.bytes!]).toEqual([9]);
    expect(answers[2]).not.toHaveProperty("bytes");
    expect(answers.map((a) => a.doubled)).toEqual([14, 18, 22]);
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

describe("a job worker started ahead of its first job (warm)", () => {
  it("does nothing while jobs run in place", () => {
    const spawned = echoWorker.spawned();
    echoWorker.warm();
    expect(echoWorker.running()).toBe(false);
    expect(echoWorker.spawned()).toBe(spawned);
  });

  it(
    "starts a worker that the next job runs on without waiting for another, and that ends when idle",
    { timeout: 30_000 },
    async () => {
      echoWorker.start(entry());
      const spawned = echoWorker.spawned();
      echoWorker.warm();
      expect(echoWorker.running()).toBe(true);
      expect(echoWorker.spawned()).toBe(spawned + 1);
      // Warming a running worker starts no other.
      echoWorker.warm();
      const answer = (await echoWorker.run({ n: 8 })) as Echo;
      expect(answer.doubled).toBe(16);
      expect(answer.threadId).not.toBe(threadId);
      expect(echoWorker.spawned()).toBe(spawned + 1);
      await vi.waitFor(() => expect(echoWorker.running()).toBe(false), { timeout: 20_000, interval: 20 });
      // Warmed and left without a job, it ends too.
      echoWorker.warm();
      expect(echoWorker.running()).toBe(true);
      await vi.waitFor(() => expect(echoWorker.running()).toBe(false), { timeout: 20_000, interval: 20 });
      await echoWorker.stop();
    },
  );

  it("replaces a worker that is ending with a large heap by a fresh one, once it has ended", { timeout: 30_000 }, async () => {
    heavyEchoWorker.start(entry());
    const heavy = (await heavyEchoWorker.run({ n: 2, holdMb: 64 })) as Echo;
    const spawned = heavyEchoWorker.spawned();
    heavyEchoWorker.warm();
    await vi.waitFor(() => expect(heavyEchoWorker.spawned()).toBe(spawned + 1), { timeout: 20_000, interval: 20 });
    expect(heavyEchoWorker.running()).toBe(true);
    const next = (await heavyEchoWorker.run({ n: 3 })) as Echo;
    expect(next.threadId).not.toBe(heavy.threadId);
    expect(heavyEchoWorker.spawned()).toBe(spawned + 1);
    await heavyEchoWorker.stop();
  });
});

describe("a job worker left with a large heap", () => {
  it(
    "ends soon after that job, not after its usual idle time, and the next job starts another",
    { timeout: 30_000 },
    async () => {
      heavyEchoWorker.start(entry());
      const light = (await heavyEchoWorker.run({ n: 1 })) as Echo;
      expect(light.doubled).toBe(2);
      const heavy = (await heavyEchoWorker.run({ n: 2, holdMb: 64 })) as Echo;
      expect(heavy.threadId).toBe(light.threadId);
      await vi.waitFor(() => expect(heavyEchoWorker.running()).toBe(false), { timeout: 20_000, interval: 20 });
      const next = (await heavyEchoWorker.run({ n: 3 })) as Echo;
      expect(next.doubled).toBe(6);
      expect(next.threadId).not.toBe(heavy.threadId);
    },
  );

  it("stays while its heap is small (its usual idle time is a minute)", { timeout: 30_000 }, async () => {
    await heavyEchoWorker.run({ n: 4 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(heavyEchoWorker.running()).toBe(true);
  });
});

describe("what an answer hands over instead of copying", () => {
  it("is a buffer a view owns whole, as the answer or one of its fields, once", () => {
    const file = new Uint8Array(16);
    expect(transferablesOf(file)).toEqual([file.buffer]);
    expect(transferablesOf({ bytes: file, today: "2026-11-30" })).toEqual([file.buffer]);
    expect(transferablesOf({ a: file, b: new Uint16Array(file.buffer) })).toEqual([file.buffer]);
  });

  it("is never a slice of a shared buffer (Node's pool), an empty one, or anything nested deeper", () => {
    const pooled = Buffer.from("a few bytes");
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    expect(transferablesOf(pooled)).toEqual([]);
    expect(transferablesOf(new Uint8Array(new ArrayBuffer(32), 8, 8))).toEqual([]);
    expect(transferablesOf(new Uint8Array(0))).toEqual([]);
    expect(transferablesOf({ nested: { bytes: new Uint8Array(8) } })).toEqual([]);
    expect(transferablesOf([new Uint8Array(8)])).toEqual([]);
    expect(transferablesOf(null)).toEqual([]);
    expect(transferablesOf(42)).toEqual([]);
  });
});
