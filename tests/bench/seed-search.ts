/**
 * The bench seed's way round the search index's triggers (migration 0007_search_index): fired
 * once per inserted row, they made a scale-1 seed take 28 minutes. The seed drops them before
 * its bulk inserts, fills the index afterwards with the migration's own backfill statements (one
 * INSERT…SELECT per table), recreates the triggers from the text the database itself holds for
 * them, and checks that the index it built is the one the triggers would have built.
 *
 * Nothing here is copied from the migration: the trigger text comes from sqlite_master and the
 * backfill statements from the migration file, so a later change to either is picked up, and a
 * drift between the two fails the check instead of leaving a wrong index behind.
 */
import type BetterSqlite3 from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MIGRATION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../db/migrations/0007_search_index.sql");

type SearchTrigger = { name: string; table: string; sql: string };

/** The search triggers as the database holds them (the migration names them `<table>_search_<event>`). */
function searchTriggers(sqlite: BetterSqlite3.Database): SearchTrigger[] {
  return sqlite
    .prepare(
      "select name, tbl_name as \"table\", sql from sqlite_master where type = 'trigger' and name like '%\\_search\\_%' escape '\\' order by name",
    )
    .all() as SearchTrigger[];
}

/** The migration's backfill: its top-level `INSERT INTO search_…` statements, in order. */
export function searchBackfillStatements(): string[] {
  return fs
    .readFileSync(MIGRATION, "utf8")
    .split("--> statement-breakpoint")
    .map((s) =>
      s
        .split("\n")
        .filter((line) => !line.startsWith("--"))
        .join("\n")
        .trim(),
    )
    .filter((s) => /^INSERT INTO search_/i.test(s));
}

/** The FTS5 tables of the index (every `search_fts_*` virtual table). */
function ftsTables(sqlite: BetterSqlite3.Database): string[] {
  return (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name like 'search\\_fts\\_%' escape '\\' and sql like 'CREATE VIRTUAL%'",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** Drops the search triggers; returns them for {@link rebuildSearchIndex}. */
export function dropSearchTriggers(sqlite: BetterSqlite3.Database): SearchTrigger[] {
  const triggers = searchTriggers(sqlite);
  if (triggers.length === 0) throw new Error("No search triggers found: has migration 0007_search_index run?");
  sqlite.transaction(() => {
    for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
  })();
  return triggers;
}

/**
 * Empties the index (it holds the demo seed's rows, indexed by the triggers), refills it for
 * every row with the migration's backfill statements and recreates the triggers.
 */
export function rebuildSearchIndex(sqlite: BetterSqlite3.Database, triggers: SearchTrigger[]) {
  const statements = searchBackfillStatements();
  if (statements.length === 0) throw new Error(`No backfill statements found in ${MIGRATION}`);
  sqlite.transaction(() => {
    for (const table of ftsTables(sqlite)) sqlite.exec(`DELETE FROM "${table}"`);
    sqlite.exec("DELETE FROM search_docs");
    for (const statement of statements) sqlite.exec(statement);
    for (const t of triggers) sqlite.exec(t.sql);
  })();
}

type IndexedRow = { docs: unknown[]; fts: unknown[] };

/**
 * Checks the rebuilt index: every row of every indexed table has its document, every document
 * its FTS rows, and, for a sample of rows per table, firing the row's update trigger (an UPDATE
 * that sets the indexed columns to themselves, rolled back) leaves its index entries unchanged.
 * Throws on the first difference.
 */
export function checkSearchIndex(sqlite: BetterSqlite3.Database, samplePerTable = 25) {
  const triggers = searchTriggers(sqlite);
  const fts = ftsTables(sqlite);
  const problems: string[] = [];
  const docsOfKind = new Map<string, number>(
    (sqlite.prepare("select kind, count(*) as n from search_docs group by kind").all() as { kind: string; n: number }[]).map(
      (r) => [r.kind, r.n],
    ),
  );
  const docsTotal = [...docsOfKind.values()].reduce((s, n) => s + n, 0);
  let ftsRows = 0;
  for (const table of fts) {
    const orphans = (
      sqlite
        .prepare(`select count(*) as n from "${table}" f where not exists (select 1 from search_docs d where d.id = f.rowid)`)
        .get() as {
        n: number;
      }
    ).n;
    if (orphans > 0) problems.push(`${table}: ${orphans} rows without a document`);
    if (table !== "search_fts_short")
      ftsRows += (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
  }
  if (ftsRows !== docsTotal) problems.push(`the FTS tables hold ${ftsRows} documents, search_docs ${docsTotal}`);

  for (const update of triggers.filter((t) => t.name.endsWith("_search_update"))) {
    const columns = /AFTER UPDATE OF ([\w, ]+) ON/i
      .exec(update.sql)?.[1]
      ?.split(",")
      .map((c) => c.trim());
    const kind = /kind = '(\w+)' AND ref_id = new\.id/.exec(update.sql)?.[1];
    if (!columns?.length || !kind) {
      problems.push(`${update.name}: cannot read its columns and kind`);
      continue;
    }
    const rows = (sqlite.prepare(`select count(*) as n from "${update.table}"`).get() as { n: number }).n;
    const docs = docsOfKind.get(kind) ?? 0;
    if (rows !== docs) problems.push(`${update.table}: ${rows} rows, ${docs} search documents of kind ${kind}`);
    const read = (refId: string): IndexedRow => {
      const docs = sqlite
        .prepare("select id, kind, ref_id, centre_id, parent_id, short from search_docs where kind = ? and ref_id = ?")
        .raw()
        .all(kind, refId);
      const docId = (docs[0] as unknown[] | undefined)?.[0];
      return {
        docs,
        fts: fts.map((table) => sqlite.prepare(`select body from "${table}" where rowid = ?`).pluck().get(docId) ?? null),
      };
    };
    const sample = sqlite
      .prepare(`select id from "${update.table}" order by random() limit ?`)
      .pluck()
      .all(samplePerTable) as string[];
    const touch = sqlite.prepare(`update "${update.table}" set ${columns.map((c) => `"${c}" = "${c}"`).join(", ")} where id = ?`);
    for (const id of sample) {
      const before = read(id);
      sqlite.exec("SAVEPOINT search_check");
      try {
        touch.run(id);
        const after = read(id);
        // The trigger deletes and re-inserts the document's FTS rows under the same document id.
        if (JSON.stringify(before) !== JSON.stringify(after))
          problems.push(`${update.table} ${id}: seeded ${JSON.stringify(before)}, trigger ${JSON.stringify(after)}`);
      } finally {
        sqlite.exec("ROLLBACK TO search_check");
        sqlite.exec("RELEASE search_check");
      }
    }
  }
  if (problems.length > 0)
    throw new Error(`The bench seed's search index differs from the triggers':\n${problems.slice(0, 5).join("\n")}`);
  return { documents: docsTotal, checkedTables: triggers.filter((t) => t.name.endsWith("_search_update")).length };
}
