import { describe, expect, it } from "vitest";
import { runTwoProcessTest } from "../crash/two-processes";

// Two production servers on one database file, written to at once (request submissions and
// logged interactions over HTTP): no 5xx, every acknowledged write stored once.
describe("two server processes on one database", () => {
  it("writes through both at once without a 5xx or a lost write", { timeout: 90_000 }, async () => {
    const lines: string[] = [];
    const result = await runTwoProcessTest({ interactions: 300, submissions: 50, writers: 4, log: (l) => lines.push(l) });
    console.info(lines.join("\n"));
    expect(result.problems, lines.join("\n")).toEqual([]);
    expect(result.serverErrors).toBe(0);
    expect(result.acknowledged.interactions).toBe(300);
    expect(result.acknowledged.requests).toBe(50);
    expect(result.perServer.every((n) => n > 0)).toBe(true);
    expect(result.integrityCheck).toBe("ok");
  });
});
