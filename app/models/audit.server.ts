import { and, desc, eq, sql } from "drizzle-orm";
import { auditRowHash, type AuditRowContent } from "../../db/audit-chain";
import { auditLog, users, type FieldChange } from "../../db/schema";
import { type Db } from "~/utils/db.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { insertRows, statement } from "./statements.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

/** The field-level differences between two versions of a record (only the fields named). */
export function diffFields<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T>,
  fields: (keyof T)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const b = normalise(after[field]);
    // A new record (an import writes hundreds of thousands of these): every field not stored as null.
    if (!before) {
      if (!storedAsNull(b)) changes.push({ field: String(field), before: null, after: b });
      continue;
    }
    const a = normalise(before[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: String(field), before: a, after: b });
  }
  return changes;
}

/** Whether a normalised value is written `null` in JSON (as the comparison above would find it). */
function storedAsNull(value: unknown): boolean {
  return value === null || (typeof value === "number" && !Number.isFinite(value));
}

function normalise(value: unknown) {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return [...value].sort();
  return value ?? null;
}

/**
 * ★ Call inside the transaction that makes the change. The row joins the tamper-evident chain
 * (db/audit-chain.ts): it is inserted first, which takes the database's write lock, and only
 * then is the previous row read and the hash written, so with several processes each row
 * chains to the row committed just before it (a writer holding the lock excludes every other).
 */
export function recordAudit(
  tx: Tx,
  entry: { actorId: string | null; entity: string; entityId: string; action: string; changes: FieldChange[] },
): void {
  // Called with a database handle outside a transaction: make one on that same connection, so
  // insert, read and hash are one unit. (A transaction object has no $client: it is in one.)
  const handle = tx as Partial<Db>;
  if (handle.$client && !handle.$client.inTransaction)
    return (tx as Db).transaction((own): void => recordAudit(own, entry), { behavior: "immediate" });
  // The row as stored (drizzle's encoding of these columns: ms since the epoch, JSON text),
  // with statements compiled once per connection: an import writes hundreds of thousands.
  const at = Date.now();
  const changes = JSON.stringify(entry.changes);
  const { id } = statement<[string | null, number, string, string, string, string]>(
    tx,
    "insert into audit_log (actor_id, at, entity, entity_id, action, changes) values (?, ?, ?, ?, ?, ?) returning id",
  ).get(entry.actorId, at, entry.entity, entry.entityId, entry.action, changes) as { id: number };
  const previous = statement<[number]>(tx, "select hash from audit_log where id < ? order by id desc limit 1").get(id) as
    { hash: string | null } | undefined;
  const row = auditRowOf(entry, id, at, changes);
  statement<[string, number]>(tx, "update audit_log set hash = ? where id = ?").run(
    auditRowHash(previous?.hash ?? null, row),
    id,
  );
}

export type AuditEntry = Parameters<typeof recordAudit>[1];

/** An audit row as stored and hashed: ms since the epoch, the changes as JSON text. */
function auditRowOf(entry: AuditEntry, id: number, at: number, changes: string): AuditRowContent {
  return {
    id,
    actor_id: entry.actorId,
    at,
    entity: entry.entity,
    entity_id: entry.entityId,
    action: entry.action,
    changes,
  };
}

/**
 * ★ Many audit rows at once, in this order, in the transaction that makes the changes (a bulk
 * write: an import's chunk). The first is written as `recordAudit` writes one (its insert takes
 * the write lock, then it chains to the row before it); the others follow it with the next ids,
 * each hashed over the one before, in multi-row inserts. The lock held, no other writer can take
 * an id in between, so the chain is the one `recordAudit` would have written row by row.
 */
export function recordAudits(tx: Tx, entries: readonly AuditEntry[]): void {
  const [first, ...rest] = entries;
  if (!first) return;
  const handle = tx as Partial<Db>;
  if (handle.$client && !handle.$client.inTransaction)
    return (tx as Db).transaction((own): void => recordAudits(own, entries), { behavior: "immediate" });
  recordAudit(tx, first);
  if (rest.length === 0) return;
  let { id, hash } = statement(tx, "select id, hash from audit_log order by id desc limit 1").get() as {
    id: number;
    hash: string;
  };
  const at = Date.now();
  const rows = rest.map((entry) => {
    id += 1;
    const row = auditRowOf(entry, id, at, JSON.stringify(entry.changes));
    hash = auditRowHash(hash, row);
    return [row.id, row.actor_id, row.at, row.entity, row.entity_id, row.action, row.changes, hash];
  });
  insertRows(tx, "audit_log", ["id", "actor_id", "at", "entity", "entity_id", "action", "changes", "hash"], rows);
}

/** An audit row as pages show it: what was done, when, the field changes and who (joined from users). */
export const auditEntryColumns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  changes: auditLog.changes,
  actorName: users.name,
};

export function auditTrailOf(
  entity: string,
  entityId: string,
  limit = 50,
  options: { offset?: number; actions?: readonly string[] } = {},
) {
  const values = { entity, entityId, limit, offset: options.offset ?? 0 };
  return options.actions
    ? auditTrailOfActions().all({ ...values, actions: jsonList(options.actions) })
    : auditTrail().all(values);
}

/** A record's audit rows, newest first: all of them, or those of some actions (bound as `actions`). */
const auditTrailQuery = (ofActions: boolean) =>
  preparedQuery((conn) =>
    conn
      .select(auditEntryColumns)
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(
        and(
          eq(auditLog.entity, sql.placeholder("entity")),
          eq(auditLog.entityId, sql.placeholder("entityId")),
          ofActions ? inList(auditLog.action, "actions") : undefined,
        ),
      )
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .prepare(),
  );
const auditTrail = auditTrailQuery(false);
const auditTrailOfActions = auditTrailQuery(true);
