import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditRowHash, GENESIS, type AuditRowContent } from "../../db/audit-chain";

/**
 * The chain's hash is part of every stored row: however it is computed, it must stay SHA-256 in
 * hex over the JSON array [previous hash or "genesis", id, actor, at, entity, entity id, action,
 * changes], or every trail written before would read as tampered with.
 */
const byTheFormat = (previous: string | null, row: AuditRowContent) =>
  createHash("sha256")
    .update(
      JSON.stringify([previous ?? GENESIS, row.id, row.actor_id, row.at, row.entity, row.entity_id, row.action, row.changes]),
    )
    .digest("hex");

const rows = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }),
  actor_id: fc.option(fc.uuid(), { nil: null }),
  at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  entity: fc.constantFrom("centre", "checklist", "request", "user"),
  entity_id: fc.string({ maxLength: 40 }),
  action: fc.string({ maxLength: 20 }),
  changes: fc.string({ unit: "grapheme", maxLength: 300 }),
});

describe("the audit chain's row hash", () => {
  it("is the same digest of the same content as the chain has always used", () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 }), { nil: null }),
        rows,
        (previous, row) => {
          expect(auditRowHash(previous, row)).toBe(byTheFormat(previous, row));
        },
      ),
    );
  });

  it("gives a known row its known hash (a stored trail stays valid)", () => {
    const row: AuditRowContent = {
      id: 1,
      actor_id: "u-1",
      at: 1_764_547_200_000,
      entity: "centre",
      entity_id: "c-1",
      action: "create",
      changes: JSON.stringify([{ field: "name_zh", before: null, after: "北京研发中心" }]),
    };
    expect(auditRowHash(null, row)).toBe("ac6dbc21069cfede75b3c76c9708ff9d4d6266fd98c5a8e1682b42472cb6106a");
    expect(auditRowHash("0".repeat(64), row)).not.toBe(auditRowHash(null, row));
  });
});
