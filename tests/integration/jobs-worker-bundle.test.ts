import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { centreExportFile } from "~/models/centre-export.server";
import { centreFigures } from "~/models/dashboard/centre-figures.server";
import {
  centreExportOffThread,
  centreFiguresOffThread,
  figuresWorkerRunning,
  startFiguresWorker,
  stopFiguresWorker,
} from "~/models/dashboard/figures-worker.server";
import { todayInBeijing } from "~/utils/format";

/**
 * The job workers load a small bundle of only their jobs' modules (`npm run build` writes it as
 * build/jobs-worker.js with build-jobs-worker.mjs), not the whole server build (issue 14, goal 5).
 * Here the same script bundles it, and the figures worker runs its jobs from that bundle.
 */
const bundle = path.resolve("tests/.tmp", `jobs-worker-${process.pid}-${Date.now()}.js`);

beforeAll(() => {
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  execFileSync(process.execPath, ["build-jobs-worker.mjs", bundle], { stdio: "pipe" });
  startFiguresWorker(pathToFileURL(bundle));
});
afterAll(async () => {
  await stopFiguresWorker();
  fs.rmSync(bundle, { force: true });
});

describe("the job workers' own bundle", () => {
  it("holds the jobs' modules without React or the routes", () => {
    const source = fs.readFileSync(bundle, "utf8");
    expect(source).toContain("rdc-dashboard-figures");
    expect(source).toContain("rdc-centre-import");
    expect(source).not.toMatch(/from "react-dom\/server"|from "@remix-run\/react"/);
  });

  it("computes the dashboard's figures on the worker, the same as in place", { timeout: 60_000 }, async () => {
    const today = todayInBeijing();
    const options = { asOf: today, today, interval: "quarter" as const };
    const offThread = await centreFiguresOffThread(options);
    expect(figuresWorkerRunning()).toBe(true);
    expect(offThread).toEqual(centreFigures(options));
  });

  it("makes the centre export on the worker, the same bytes as in place", { timeout: 60_000 }, async () => {
    const search = "?district=chaoyang&sort=name";
    const offThread = await centreExportOffThread(search, "zh-CN", "csv");
    const inPlace = await centreExportFile(search, "zh-CN", "csv");
    expect(offThread.bytes.byteLength).toBeGreaterThan(100);
    expect(Buffer.from(offThread.bytes).equals(Buffer.from(inPlace.bytes))).toBe(true);
  });
});
