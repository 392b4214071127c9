import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, runBench } from "../bench/run";

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
          amount: 12,
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
