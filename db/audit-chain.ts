import crypto from "node:crypto";
import type { Db } from "./client.server";

/**
 * The audit trail's hash chain. Each row's `hash` is SHA-256 over the previous row's hash (by id)
 * and the row's own stored content, so editing, inserting or deleting a row in the middle breaks
 * the chain from that row on. Rows are hashed as stored (the `changes` JSON text exactly).
 *
 * Written by `recordAudit` (app/models/audit.server.ts) in the transaction that writes the row;
 * checked by `npm run audit:check` (db/audit-check.ts).
 */
export type AuditRowContent = {
  id: number;
  actor_id: string | null;
  at: number;
  entity: string;
  entity_id: string;
  action: string;
  changes: string;
};

export const GENESIS = "genesis";

export function auditRowHash(previousHash: string | null, row: AuditRowContent): string {
  return sha256Hex(
    JSON.stringify([previousHash ?? GENESIS, row.id, row.actor_id, row.at, row.entity, row.entity_id, row.action, row.changes]),
  );
}

/**
 * SHA-256 in hex. Node's one-shot `crypto.hash` (20.12 and later) makes no Hash object per call:
 * an import hashes one audit row after another, about 67,000 for 30,000 centres, and it took
 * 40–60% of createHash's time there (issue 14). The same digest either way.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

const CONTENT = "id, actor_id, at, entity, entity_id, action, changes";

/**
 * Hashes the rows written before the chain existed (the trail of a database migrated from an
 * older version), oldest first, in one IMMEDIATE transaction; run at start (db/prepare.ts).
 * Only unhashed rows after the last hashed one are sealed, and an existing hash is never
 * rewritten, so sealing can never hide an edit. Returns how many rows it sealed.
 */
export function sealAuditChain(db: Db): number {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const last = sqlite.prepare("select id, hash from audit_log where hash is not null order by id desc limit 1").get() as
        { id: number; hash: string } | undefined;
      let previous = last?.hash ?? null;
      const update = sqlite.prepare("update audit_log set hash = ? where id = ?");
      let sealed = 0;
      const batch = sqlite.prepare(`select ${CONTENT} from audit_log where id > ? and hash is null order by id limit 5000`);
      let after = last?.id ?? 0;
      for (;;) {
        const rows = batch.all(after) as AuditRowContent[];
        if (rows.length === 0) return sealed;
        for (const row of rows) {
          previous = auditRowHash(previous, row);
          update.run(previous, row.id);
          sealed++;
          after = row.id;
        }
      }
    })
    .immediate();
}

export type AuditChainReport = { rows: number; head: string | null; breaks: { id: number; reason: "unsealed" | "mismatch" }[] };

/** Walks the whole trail in id order (streaming, constant memory) and lists every row whose hash does not match. */
export function checkAuditChain(db: Db, maxBreaks = 1000): AuditChainReport {
  const rows = db.$client.prepare(`select ${CONTENT}, hash from audit_log order by id`).iterate() as IterableIterator<
    AuditRowContent & { hash: string | null }
  >;
  const report: AuditChainReport = { rows: 0, head: null, breaks: [] };
  let previous: string | null = null;
  for (const row of rows) {
    report.rows++;
    if (row.hash === null) {
      if (report.breaks.length < maxBreaks) report.breaks.push({ id: row.id, reason: "unsealed" });
    } else if (auditRowHash(previous, row) !== row.hash) {
      if (report.breaks.length < maxBreaks) report.breaks.push({ id: row.id, reason: "mismatch" });
    }
    // The next row chains from what is stored, so one edited row is reported once, not every row after it.
    previous = row.hash;
    report.head = row.hash;
  }
  return report;
}
