import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { rememberStatements } from "../../db/client.server";

function connection() {
  const sqlite = new Database(":memory:");
  sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c');");
  rememberStatements(sqlite);
  return sqlite;
}

describe("statements prepared once per connection (rememberStatements)", () => {
  it("hands out the same statement for the same SQL, reset to object rows after raw, pluck or expand use", () => {
    const sqlite = connection();
    const first = sqlite.prepare("select id, name from t order by id");
    expect(first.raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    const again = sqlite.prepare("select id, name from t order by id");
    expect(again).toBe(first);
    expect(again.get()).toEqual({ id: 1, name: "a" });
    again.pluck();
    expect(sqlite.prepare("select id, name from t order by id").get()).toEqual({ id: 1, name: "a" });
    sqlite.prepare("select id, name from t order by id").expand();
    expect(sqlite.prepare("select id, name from t order by id").get()).toEqual({ id: 1, name: "a" });
    // Writers are remembered too.
    const insert = sqlite.prepare("insert into t (name) values (?)");
    expect(sqlite.prepare("insert into t (name) values (?)")).toBe(insert);
    expect(insert.run("d").changes).toBe(1);
  });

  it("never shares a statement that is still iterating", () => {
    const sqlite = connection();
    const names: string[] = [];
    for (const row of sqlite.prepare("select name from t order by id").iterate() as IterableIterator<{ name: string }>) {
      const inner = sqlite.prepare("select name from t order by id").all() as { name: string }[];
      names.push(`${row.name}:${inner.length}`);
    }
    expect(names).toEqual(["a:3", "b:3", "c:3"]);
  });
});
