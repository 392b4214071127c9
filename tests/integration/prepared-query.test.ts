import fc from "fast-check";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.server";
import { insertUser } from "../../db/factories";
import { auditLog, users } from "../../db/schema";
import { auditTrailOf, recordAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";

/** Users whose emails are in the list bound as `emails`, by email. */
const usersByEmail = preparedQuery((conn) =>
  conn.select({ email: users.email }).from(users).where(inList(users.email, "emails")).orderBy(asc(users.email)).prepare(),
);

describe("queries built once per connection (issue 14)", () => {
  it("builds a query on a connection's first use only, and anew for another connection", () => {
    let built = 0;
    const userNameById = preparedQuery((conn) => {
      built += 1;
      return conn
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, sql.placeholder("id")))
        .prepare();
    });
    const id = insertUser(db, { email: "once@example.com", name: "Once", role: "steward", passwordHash: "x" });
    expect(userNameById().get({ id })).toEqual({ name: "Once" });
    expect(userNameById(db).get({ id: "no such user" })).toBeUndefined();
    expect(userNameById().get({ id })).toEqual({ name: "Once" });
    expect(built).toBe(1);

    const other = openDatabase(env.DATABASE_PATH);
    try {
      expect(userNameById(other).get({ id })).toEqual({ name: "Once" });
      expect(built).toBe(2);
    } finally {
      other.$client.close();
    }
  });

  it("runs inside a transaction on its connection, seeing the transaction's own writes", () => {
    // Rolled back (drizzle's rollback throws out of the transaction): nothing of it stays.
    expect(() =>
      db.transaction((tx) => {
        tx.insert(users).values({ email: "in-tx@example.com", name: "In tx", role: "steward", passwordHash: "x" }).run();
        expect(usersByEmail(tx).all({ emails: jsonList(["in-tx@example.com"]) })).toEqual([{ email: "in-tx@example.com" }]);
        tx.rollback();
      }),
    ).toThrow(/rollback/i);
    expect(usersByEmail().all({ emails: jsonList(["in-tx@example.com"]) })).toEqual([]);
  });

  it("matches a list of any length as drizzle's inArray does", () => {
    const emails = ["a@example.com", "o'brien@example.com", "王芳@example.com", 'quote"d@example.com', "z@example.com"];
    for (const email of emails) insertUser(db, { email, name: email, role: "official", passwordHash: "x" });
    const known = emails.map((e) => e.toLowerCase());
    fc.assert(
      fc.property(fc.subarray([...known, "missing@example.com", "A@EXAMPLE.COM"]), (list) => {
        const viaList = usersByEmail().all({ emails: jsonList(list) });
        const viaArray =
          list.length === 0
            ? []
            : db.select({ email: users.email }).from(users).where(inArray(users.email, list)).orderBy(asc(users.email)).all();
        expect(viaList).toEqual(viaArray);
      }),
    );
  });

  it("pages a record's audit trail as the query it replaced did: limit, offset, actions", () => {
    const actorId = insertUser(db, { email: "auditor@example.com", name: "Auditor", role: "admin", passwordHash: "x" });
    const actions = ["create", "update", "recognised", "update", "stage_changed", "update", "update"];
    for (const action of actions)
      recordAudit(db, {
        actorId,
        entity: "centre",
        entityId: "c-prepared",
        action,
        changes: [{ field: "f", before: null, after: action }],
      });
    recordAudit(db, { actorId, entity: "centre", entityId: "another", action: "update", changes: [] });

    const builder = (limit: number, offset: number, only?: string[]) =>
      db
        .select({ id: auditLog.id, action: auditLog.action, actorName: users.name })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(
          and(
            eq(auditLog.entity, "centre"),
            eq(auditLog.entityId, "c-prepared"),
            only ? inArray(auditLog.action, only) : undefined,
          ),
        )
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)
        .offset(offset)
        .all();
    const shown = (rows: { id: number; action: string; actorName: string | null }[]) =>
      rows.map(({ id, action, actorName }) => ({ id, action, actorName }));

    for (const [limit, offset] of [
      [50, 0],
      [3, 0],
      [3, 3],
      [3, 6],
      [3, 9],
    ] as const) {
      expect(shown(auditTrailOf("centre", "c-prepared", limit, { offset }))).toEqual(builder(limit, offset));
      const only = ["create", "update"];
      expect(shown(auditTrailOf("centre", "c-prepared", limit, { offset, actions: only }))).toEqual(builder(limit, offset, only));
    }
    expect(auditTrailOf("centre", "c-prepared", 50)).toHaveLength(actions.length);
    expect(auditTrailOf("centre", "c-prepared", 50, { actions: ["create", "update"] })).toHaveLength(5);
  });
});
