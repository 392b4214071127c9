import fs from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditRowHash, checkAuditChain, sealAuditChain } from "../../db/audit-chain";
import { auditLog } from "../../db/schema";
import { recordAudit } from "~/models/audit.server";
import { db } from "~/utils/db.server";

const write = (n: number, label: string) => {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    db.transaction((tx) =>
      recordAudit(tx, {
        actorId: null,
        entity: "test",
        entityId: `${label}-${i}`,
        action: "update",
        changes: [{ field: "n", before: i, after: i + 1 }],
      }),
    );
    ids.push(db.get<{ id: number }>(sql`select max(id) as id from audit_log`).id);
  }
  return ids;
};

const auditCheck = () =>
  spawnSync(process.execPath, ["--import", "tsx", "db/audit-check.ts", process.env.DATABASE_PATH!], { encoding: "utf8" });

describe("tamper-evident audit trail", () => {
  it("chains every row to the one before it, in the transaction that writes it", () => {
    const ids = write(3, "chain");
    const rows = db
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .where(sql`${auditLog.id} >= ${ids[0]! - 1}`)
      .all();
    for (const row of rows) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const raw = db.$client
      .prepare("select id, actor_id, at, entity, entity_id, action, changes, hash from audit_log where id in (?, ?)")
      .all(ids[0], ids[1]) as never[];
    const [first, second] = raw as { hash: string }[];
    expect((second as { hash: string }).hash).toBe(auditRowHash(first!.hash, second as never));
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("reports an edited row by id, and `npm run audit:check` exits non-zero naming it", { timeout: 60_000 }, () => {
    const ids = write(4, "edit");
    const before = auditCheck();
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/Audit trail intact/);

    const target = ids[1]!;
    const original = db.$client.prepare("select changes from audit_log where id = ?").get(target) as { changes: string };
    db.$client
      .prepare("update audit_log set changes = ? where id = ?")
      .run(JSON.stringify([{ field: "n", before: 1, after: 999 }]), target);
    expect(checkAuditChain(db).breaks).toEqual([{ id: target, reason: "mismatch" }]);
    const after = auditCheck();
    expect(after.status).toBe(1);
    expect(after.stderr).toContain(`row ${target}:`);

    // Put it back: the chain is whole again (the check is of content, not of a flag).
    db.$client.prepare("update audit_log set changes = ? where id = ?").run(original.changes, target);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("reports a deleted row at the row after it, and a row written outside the chain", () => {
    const ids = write(3, "delete");
    const saved = db.$client.prepare("select * from audit_log where id = ?").get(ids[1]) as Record<string, unknown>;
    db.delete(auditLog).where(eq(auditLog.id, ids[1]!)).run();
    expect(checkAuditChain(db).breaks).toEqual([{ id: ids[2], reason: "mismatch" }]);
    db.$client
      .prepare(
        "insert into audit_log (id, actor_id, at, entity, entity_id, action, changes, hash) values (@id, @actor_id, @at, @entity, @entity_id, @action, @changes, @hash)",
      )
      .run(saved);
    expect(checkAuditChain(db).breaks).toEqual([]);

    // A row inserted by hand without a hash is named too; sealing (as at start) hashes it onto the end of the chain.
    const { lastInsertRowid } = db.$client
      .prepare(
        "insert into audit_log (actor_id, at, entity, entity_id, action, changes) values (null, ?, 'test', 'forged', 'update', '[]')",
      )
      .run(Date.now());
    expect(checkAuditChain(db).breaks).toEqual([{ id: Number(lastInsertRowid), reason: "unsealed" }]);
    expect(sealAuditChain(db)).toBe(1);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("never rewrites an existing hash when sealing, so sealing cannot hide an edit", () => {
    const ids = write(2, "seal");
    db.$client.prepare("update audit_log set entity_id = 'tampered' where id = ?").run(ids[0]);
    expect(sealAuditChain(db)).toBe(0);
    expect(checkAuditChain(db).breaks).toEqual([{ id: ids[0], reason: "mismatch" }]);
    db.$client.prepare("update audit_log set entity_id = 'seal-0' where id = ?").run(ids[0]);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it(
    "stays whole with two processes writing at once (the hash is computed under the write lock)",
    { timeout: 60_000 },
    async () => {
      const before = checkAuditChain(db).rows;
      // Both writers begin together once both have booted: each says "ready", then waits for the go file.
      const goFile = `${process.env.DATABASE_PATH}.go-${process.pid}`;
      let ready = 0;
      const run = (label: string) =>
        new Promise<number>((resolve) => {
          const child = spawn(
            process.execPath,
            ["--import", "tsx", "tests/helpers/audit-writer.ts", process.env.DATABASE_PATH!, "300", label, goFile],
            { stdio: ["ignore", "pipe", "inherit"] },
          );
          child.stdout.on("data", (chunk: Buffer) => {
            if (chunk.toString().includes("ready") && ++ready === 2) fs.writeFileSync(goFile, "go");
          });
          child.on("exit", (code) => resolve(code ?? -1));
        });
      expect(await Promise.all([run("a"), run("b")])).toEqual([0, 0]);
      fs.rmSync(goFile, { force: true });
      const report = checkAuditChain(db);
      expect(report.breaks).toEqual([]);
      expect(report.rows).toBe(before + 600);
      // The two really wrote at the same time: their rows alternate in the trail.
      const order = db.$client
        .prepare("select substr(entity_id, 1, 1) as w from audit_log where entity = 'setting' order by id")
        .all() as { w: string }[];
      const switches = order.filter((r, i) => i > 0 && r.w !== order[i - 1]!.w).length;
      expect(switches).toBeGreaterThan(5);
    },
  );
});
