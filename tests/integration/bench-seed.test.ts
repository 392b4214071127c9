import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.server";
import { seedBench, type SeedSummary } from "../bench/seed";
import { checkSearchIndex, searchBackfillStatements } from "../bench/seed-search";

// The bench seed writes its bulk with the search triggers dropped and builds the index afterwards
// (tests/bench/seed-search.ts): the index must come out as the triggers would have made it, the
// triggers must be back, and a wrong index must fail the seed's own check.
describe("bench seed", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-bench-seed-"));
  const file = path.join(dir, "bench.db");
  let summary: SeedSummary;
  beforeAll(async () => {
    summary = await seedBench({ file, scale: 0.002, log: () => {}, today: "2026-06-15" });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("puts back every search trigger the migrations made", () => {
    const sqlite = new Database(file, { readonly: true });
    const names = sqlite
      .prepare("select name from sqlite_master where type = 'trigger' and name like '%\\_search\\_%' escape '\\' order by name")
      .pluck()
      .all();
    sqlite.close();
    // Six indexed tables, an insert, update and delete trigger each.
    expect(names).toHaveLength(18);
    expect(names).toContain("support_requests_search_update");
  });

  it("indexes every seeded row as the triggers do", () => {
    const db = openDatabase(file);
    try {
      const sqlite = db.$client;
      const docs = sqlite.prepare("select count(*) from search_docs where kind = 'request'").pluck().get();
      expect(docs).toBe(summary.counts.requests);
      expect(checkSearchIndex(sqlite, 200).checkedTables).toBe(6);
      // A row written now goes through the recreated triggers, and the check still agrees.
      sqlite
        .prepare("update interactions set summary = 'Quantenphysik 量子计算' where id = (select min(id) from interactions)")
        .run();
      expect(sqlite.prepare("select count(*) from search_fts_interactions where body match '量子计'").pluck().get()).toBe(1);
      checkSearchIndex(sqlite, 200);
    } finally {
      db.$client.close();
    }
  });

  it("fails its check when the index differs from what the triggers would write", () => {
    const db = openDatabase(file);
    try {
      const sqlite = db.$client;
      sqlite.exec("BEGIN");
      // Every centre's body indexed without its address: the sample must meet one.
      sqlite.exec(
        "update search_fts_centres set body = substr(body, 1, 10) where rowid in (select id from search_docs where kind = 'centre')",
      );
      expect(() => checkSearchIndex(sqlite, 5)).toThrow(/differs from the triggers'/);
      sqlite.exec("ROLLBACK");
      sqlite.exec("BEGIN");
      sqlite.exec("delete from search_docs where id = (select max(id) from search_docs where kind = 'request')");
      expect(() => checkSearchIndex(sqlite, 1)).toThrow(/search documents of kind request|without a document/);
      sqlite.exec("ROLLBACK");
    } finally {
      db.$client.close();
    }
  });

  it("reads the backfill from the search migration itself", () => {
    const statements = searchBackfillStatements();
    expect(statements.length).toBeGreaterThanOrEqual(15);
    expect(statements.every((s) => s.startsWith("INSERT INTO search_"))).toBe(true);
  });

  it("keeps one heavy centre with a tenth of the requests", () => {
    expect(summary.heavy.requests).toBe(Math.floor(Math.round(100_000 * 0.002) / 10));
    const sqlite = new Database(file, { readonly: true });
    const n = sqlite.prepare("select count(*) from support_requests where centre_id = ?").pluck().get(summary.heavy.centreId);
    const user = sqlite.prepare("select centre_id from users where email = ?").pluck().get(summary.heavy.enterpriseEmail);
    sqlite.close();
    expect(n).toBeGreaterThanOrEqual(summary.heavy.requests);
    expect(user).toBe(summary.heavy.centreId);
  });
});
