import { getTableColumns, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";

/**
 * Every enumeration a column takes is one of the domain's lists (app/domain/), imported by the
 * schema: a list typed again in db/schema.ts, even with the same values, fails here.
 */
const domainModules = import.meta.glob<Record<string, unknown>>("../../app/domain/*.ts", { eager: true });
const domainLists = new Set<unknown>(
  Object.values(domainModules).flatMap((module) => Object.values(module).filter((v) => Array.isArray(v))),
);

/** Lists that belong to the database itself, not to the domain. */
const DATABASE_LISTS = new Set<unknown>([schema.CHANGE_COUNTERS]);

const enumColumns = Object.entries(schema)
  .filter(([, value]) => is(value, SQLiteTable))
  .flatMap(([table, value]) =>
    Object.entries(getTableColumns(value as SQLiteTable))
      .filter(([, column]) => Array.isArray(column.enumValues) && column.enumValues.length > 0)
      .map(([name, column]) => ({ column: `${table}.${name}`, values: column.enumValues })),
  );

describe("enumerations", () => {
  it("finds the enum columns (the check below is not vacuous)", () => {
    expect(enumColumns.map((c) => c.column)).toEqual(
      expect.arrayContaining(["users.role", "supportRequests.status", "centres.level", "outbox.status"]),
    );
  });

  it.each(enumColumns)("$column takes a list the domain owns", ({ values }) => {
    expect(domainLists.has(values) || DATABASE_LISTS.has(values)).toBe(true);
  });
});
