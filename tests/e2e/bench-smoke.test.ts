import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, MAIN_PAGES, runBench, type EndpointName } from "../bench/run";

/** The CI margin over goal 1 of issue 14 (3× the trivial page's CPU per request): 4× allows for noise. */
const CI_CPU_RATIO = 4;
/**
 * Main pages known to exceed the target today at demo scale, with the ratios measured on the
 * 2-core development machine (README "Scaling", issue 14). They are still measured and printed
 * on every run; take a page off this list when its work is done, and the test holds it to the
 * target from then on. Every other main page must stay within CI_CPU_RATIO.
 */
const OVER_TARGET_TODAY: Partial<Record<EndpointName, string>> = {
  // Off the list since (engineer "pages", issue 14): the heavy centre page (2.6×, 2.1–3.2×); then
  // /pipeline (board kept between writes: 2.23× interleaved, 1.85–2.54× in three runs of this smoke),
  // /work (2.66×; 2.07–2.77×) and /dashboard (one grouping at a time: 2.40×; 2.35–2.56×), 30 November.
};

/**
 * A page over CI_CPU_RATIO is measured twice more, each time in a bench of its own, and held to
 * the median of the three: twenty requests on a shared 2-core host scatter (the heavy centre page
 * read 1.4× in one CI run and 4.2× in the next, on the same code), while a real regression reads
 * high every time.
 */
const REMEASURES = 2;

/** Goal 2 of issue 14 is 200 ms; CI fails over 500 ms (a margin for a busy machine). */
const CI_MAX_STALL_MS = 500;
/** New centres imported through the page while the event loop is watched. */
const IMPORT_ROWS = 200;

/** The bench at CI size, for the whole run and for a page measured again. */
const CI_SIZE = {
  scale: 0.01,
  amount: 20,
  duration: 1,
  connections: 2,
  // Each main page against the trivial page run just before and after it, not minutes later.
  trivialBeside: true,
  // A few in-process loader rounds are enough to check that they work.
  probeMs: 250,
} as const;

// The bench at CI size: 300 centres, a dozen requests per endpoint. It starts its own server on
// its own port and database (not the e2e server), and must answer every endpoint without errors.
describe("npm run bench, at a tiny scale", () => {
  it(
    "seeds, serves every endpoint and the mix without a failure, times their SQL, and writes JSON and a chart",
    { timeout: 300_000 },
    async () => {
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-bench-out-"));
      const lines: string[] = [];
      try {
        const result = await runBench({
          ...CI_SIZE,
          importRows: IMPORT_ROWS,
          // A short idle yardstick is enough to check that it works.
          idleMs: 1000,
          outDir,
          log: (l) => lines.push(l),
        });
        expect(result.endpoints.map((e) => e.name)).toEqual([...ENDPOINTS, "mix"]);
        for (const e of result.endpoints) {
          const what = `${e.name}: ${JSON.stringify(e.statusCodes)}, check ${e.check.status}, probe ${e.probeError ?? "ok"}`;
          expect(e.check.ok, what).toBe(true);
          expect(e.failures, what).toBe(0);
          expect(e.ok, what).toBeGreaterThan(0);
          expect(e.latencyMs.p50, what).toBeGreaterThan(0);
          expect(e.inProcess?.sqlMs ?? 0, what).toBeGreaterThan(0);
          expect(e.pageToSql, what).not.toBeNull();
        }
        expect(result.ok).toBe(true);
        // Goal 1 of issue 14: each main page's server CPU per request, as a multiple of the trivial page's.
        const trivial = result.endpoints.find((e) => e.name === "trivial")!;
        expect(trivial.cpuMsPerRequest).toBeGreaterThan(0);
        const ratios = result.endpoints
          .filter((e) => MAIN_PAGES.includes(e.name))
          .map((e) => ({ name: e.name, ratio: e.cpuRatio, known: OVER_TARGET_TODAY[e.name], beside: e.trivialBesideMs }));
        process.stdout.write(
          `CPU per request × trivial page (${trivial.cpuMsPerRequest} ms): ${ratios.map((r) => `${r.name} ${r.ratio}× (trivial beside ${r.beside} ms)${r.known ? " (known over target)" : ""}`).join(", ")}\n`,
        );
        for (const r of ratios) {
          expect(r.ratio, r.name).not.toBeNull();
          expect(r.beside, `${r.name}: the trivial page measured beside it`).toBeGreaterThan(0);
          if (r.known || r.ratio! <= CI_CPU_RATIO) continue;
          const measured = [r.ratio!];
          for (let i = 0; i < REMEASURES; i++) measured.push(await pageRatioAlone(r.name));
          const median = [...measured].sort((a, b) => a - b)[Math.floor(measured.length / 2)]!;
          process.stdout.write(`${r.name} measured again: ${measured.join("×, ")}× (median ${median}×)\n`);
          expect(
            median,
            `${r.name}: CPU per request × the trivial page's (median of ${measured.join(", ")})`,
          ).toBeLessThanOrEqual(CI_CPU_RATIO);
        }
        // Goal 2 of issue 14: an import (upload, check, commit) and the daily digest never stall the server.
        expect(result.stalls, result.stallsError).not.toBeNull();
        const { import: imported, digest, requests } = result.stalls!;
        process.stdout.write(
          `Longest event-loop delay: import of ${imported!.rows} rows ${imported!.maxEventLoopMs} ms, digest ${digest.maxEventLoopMs} ms, ${requests.map((q) => `${q.path} ${q.maxEventLoopMs} ms`).join(", ")}\n`,
        );
        expect(imported!.created).toBe(IMPORT_ROWS);
        expect(imported!.maxEventLoopMs, "event loop during an import").toBeLessThan(CI_MAX_STALL_MS);
        // Another steward logged calls throughout, every one saved.
        expect(imported!.writes?.writes).toBeGreaterThan(0);
        expect(imported!.writes?.failures).toBe(0);
        expect(digest.digests).toBeGreaterThan(0);
        // The measurement covers delivering the queued digests too (the outbox, on the request thread).
        expect(digest.delivered).toBeGreaterThan(0);
        expect(digest.maxEventLoopMs, "event loop during the daily digest").toBeLessThan(CI_MAX_STALL_MS);
        // Figure recomputation after a write and the exports (dashboard workbook, every centre as Excel and CSV).
        expect(requests.map((q) => q.path)).toEqual([
          "/dashboard",
          "/dashboard/export.xlsx",
          "/centres/export.xlsx",
          "/centres/export.csv",
        ]);
        for (const q of requests) {
          expect(q.status, q.path).toBe(200);
          expect(q.maxEventLoopMs, `event loop during ${q.path}`).toBeLessThan(CI_MAX_STALL_MS);
        }
        // Beside each: the load average, and what the request thread did meanwhile (its CPU, its wait for a core).
        for (const q of [digest, ...requests]) {
          expect(q.loadAverage).toBeGreaterThanOrEqual(0);
          expect(q.mainCpuMs).toBeGreaterThan(0);
          expect(q.mainWaitMs).toBeGreaterThanOrEqual(0);
        }
        expect(result.stalls!.idle?.maxEventLoopMs).toBeGreaterThan(0);
        expect(result.memory?.maxMb ?? 0).toBeGreaterThan(0);
        expect(lines.join("\n")).toContain("| long work |");
        expect(result.seed.counts.centres).toBe(300);
        const json = JSON.parse(fs.readFileSync(result.files!.json, "utf8")) as {
          endpoints: unknown[];
          machine: { cpus: number; hostSpeed: Record<string, number> };
        };
        expect(json.endpoints).toHaveLength(ENDPOINTS.length + 1);
        expect(json.machine.cpus).toBeGreaterThan(0);
        // The host's speed on fixed work, so an absolute time can be read against its host.
        expect(Object.keys(json.machine.hostSpeed).sort()).toEqual(["objectsMs", "sha256Ms", "sqliteInsertsMs"]);
        for (const ms of Object.values(json.machine.hostSpeed)) expect(ms).toBeGreaterThan(0);
        expect(lines.join("\n")).toMatch(/host speed \(fixed work, median of 3\): 100,000 SQLite inserts \d+ ms/);
        expect(fs.readFileSync(path.join(outDir, "latest.svg"), "utf8")).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
        expect(lines.join("\n")).toContain("| endpoint |");
      } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
      }
    },
  );
});

/** One main page's CPU per request × the trivial page's beside it, in a bench of its own (no long work). */
async function pageRatioAlone(name: EndpointName): Promise<number> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-bench-again-"));
  try {
    const again = await runBench({
      ...CI_SIZE,
      only: [name],
      skipStalls: true,
      outDir,
      log: () => {},
    });
    const ratio = again.endpoints.find((e) => e.name === name)?.cpuRatio;
    expect(ratio, `${name} measured again`).toBeGreaterThan(0);
    return ratio!;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
