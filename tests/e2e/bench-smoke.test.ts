import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, MAIN_PAGES, runBench, type EndpointName } from "../bench/run";

/** The CI margin over goal 1 of issue 14 (3× the trivial page's CPU per request): 4× allows for noise. */
const CI_CPU_RATIO = 4;
/**
 * Main pages known to exceed the target today at demo scale, with the ratios `npm run bench --
 * --scale 0.01` measured on the 2-core development machine (2 runs, README "Scaling", issue 14). They are still measured and
 * printed on every run; take a page off this list when its work is done, and the test holds it
 * to the target from then on. Every other main page must stay within CI_CPU_RATIO.
 */
const OVER_TARGET_TODAY: Partial<Record<EndpointName, string>> = {
  pipeline: "5.8–6.6× (a react-hook-form per card)",
  work: "4.3–4.5×",
  dashboard: "3.4–3.9× in interleaved runs after its rendering work (from 4.4–4.7×); 5.5–5.9× in the bench on a loaded machine",
  // Over the 3× target and at the CI margin: 3.0–3.2× on a quiet machine, 4.14× in a CI run on a loaded one.
  list: "3.0–4.1× (four correlated subqueries over every centre before the page is chosen)",
};

// The bench at CI size: 300 centres, a dozen requests per endpoint. It starts its own server on
// its own port and database (not the e2e server), and must answer every endpoint without errors.
describe("npm run bench, at a tiny scale", () => {
  it(
    "seeds, serves every endpoint and the mix without a failure, times their SQL, and writes JSON and a chart",
    { timeout: 120_000 },
    async () => {
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-bench-out-"));
      const lines: string[] = [];
      try {
        const result = await runBench({
          scale: 0.01,
          amount: 20,
          duration: 1,
          connections: 2,
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
          .map((e) => ({ name: e.name, ratio: e.cpuRatio, known: OVER_TARGET_TODAY[e.name] }));
        process.stdout.write(
          `CPU per request × trivial page (${trivial.cpuMsPerRequest} ms): ${ratios.map((r) => `${r.name} ${r.ratio}×${r.known ? " (known over target)" : ""}`).join(", ")}\n`,
        );
        for (const r of ratios) {
          expect(r.ratio, r.name).not.toBeNull();
          if (!r.known) expect(r.ratio!, `${r.name}: CPU per request × the trivial page's`).toBeLessThanOrEqual(CI_CPU_RATIO);
        }
        expect(result.seed.counts.centres).toBe(300);
        const json = JSON.parse(fs.readFileSync(result.files!.json, "utf8")) as {
          endpoints: unknown[];
          machine: { cpus: number };
        };
        expect(json.endpoints).toHaveLength(ENDPOINTS.length + 1);
        expect(json.machine.cpus).toBeGreaterThan(0);
        expect(fs.readFileSync(path.join(outDir, "latest.svg"), "utf8")).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
        expect(lines.join("\n")).toContain("| endpoint |");
      } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
      }
    },
  );
});
