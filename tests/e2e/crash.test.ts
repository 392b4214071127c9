import { describe, expect, it } from "vitest";
import { runCrashTest } from "../crash/run";

// The crash test at CI size: five SIGKILLs of its own server (own port and database) under
// write load; every acknowledged write must survive, whole, and the database stay intact.
describe("npm run test:crash, with fewer kills", () => {
  it("loses no acknowledged write over five SIGKILLs and restarts", { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const result = await runCrashTest({ kills: 5, writers: 4, maxSeconds: 90, log: (l) => lines.push(l) });
    expect(result.problems, lines.join("\n")).toEqual([]);
    expect(result.kills).toBe(5);
    expect(result.restarts).toBe(5);
    expect(result.acknowledged.requests).toBeGreaterThan(0);
    expect(result.acknowledged.interactions).toBeGreaterThan(0);
    expect(result.integrityCheck).toBe("ok");
    expect(result.foreignKeyProblems).toBe(0);
    expect(result.ok).toBe(true);
  });
});
