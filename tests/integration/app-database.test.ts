import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db, REQUEST_PAGE_CACHE_KB } from "~/utils/db.server";

describe("the request thread's database connection", () => {
  it("keeps a smaller page cache than better-sqlite3's default (issue 14, goal 5)", () => {
    const fresh = new Database(":memory:");
    const defaultKb = -(fresh.pragma("cache_size", { simple: true }) as number);
    fresh.close();
    expect(REQUEST_PAGE_CACHE_KB).toBeLessThan(defaultKb);
    expect(db.$client.pragma("cache_size", { simple: true })).toBe(-REQUEST_PAGE_CACHE_KB);
  });
});
