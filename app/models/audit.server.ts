import { and, desc, eq } from "drizzle-orm";
import { auditLog, users, type FieldChange } from "../../db/schema";
import { db, type Db } from "~/utils/db.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

/** The field-level differences between two versions of a record (only the fields named). */
export function diffFields<T extends Record<string, unknown>>(before: Partial<T> | null, after: Partial<T>, fields: (keyof T)[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = before ? normalise(before[field]) : null;
    const b = normalise(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: String(field), before: a, after: b });
  }
  return changes;
}

function normalise(value: unknown) {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return [...value].sort();
  return value ?? null;
}

/** ★ Call inside the transaction that makes the change. */
export function recordAudit(
  tx: Tx,
  entry: { actorId: string | null; entity: string; entityId: string; action: string; changes: FieldChange[] },
) {
  tx.insert(auditLog)
    .values({ ...entry, at: new Date() })
    .run();
}

export function auditTrailOf(entity: string, entityId: string, limit = 50) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      changes: auditLog.changes,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}
