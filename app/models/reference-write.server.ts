import { and, asc, eq, sql } from "drizzle-orm";
import { centreIndustries, centres, referenceItems, type ReferenceKind } from "../../db/schema";
import { can } from "~/domain/permissions";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { diffFields, recordAudit } from "./audit.server";
import { FORBIDDEN, NOT_FOUND, type Actor, type Tx, type WriteResult } from "./write-types.server";

/**
 * The admin's side of the reference lists: every item with how many centres use it, and the
 * writes. Codes are permanent (records store them); an item is retired by deactivating it, never
 * deleted, so every record that uses it stays valid and keeps its label.
 */
export type ReferenceItemRow = {
  id: string;
  code: string;
  labelZh: string;
  labelEn: string;
  parentCode: string | null;
  sortOrder: number;
  active: boolean;
};

export type ReferenceWriteResult = WriteResult<{ id: string; kind: ReferenceKind; code: string }>;

export function listReferenceItemsForAdmin(kind: ReferenceKind): ReferenceItemRow[] {
  return db
    .select({
      id: referenceItems.id,
      code: referenceItems.code,
      labelZh: referenceItems.labelZh,
      labelEn: referenceItems.labelEn,
      parentCode: referenceItems.parentCode,
      sortOrder: referenceItems.sortOrder,
      active: referenceItems.active,
    })
    .from(referenceItems)
    .where(eq(referenceItems.kind, kind))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();
}

/** Items per list, for the tabs. */
export function countReferenceItemsByKind(): Partial<Record<ReferenceKind, number>> {
  const rows = db
    .select({ kind: referenceItems.kind, count: sql<number>`count(*)` })
    .from(referenceItems)
    .groupBy(referenceItems.kind)
    .all();
  return Object.fromEntries(rows.map((r) => [r.kind, r.count]));
}

/**
 * How many centres use each code of a list (now or, for stages, in their history), for the lists
 * that centres refer to; null for lists no record uses yet (departments, request categories).
 */
export function referenceUsage(kind: ReferenceKind): Record<string, number> | null {
  const grouped = (column: typeof centres.districtCode | typeof centres.countryCode | typeof centres.stage) =>
    db
      .select({ code: column, count: sql<number>`count(*)` })
      .from(centres)
      .groupBy(column)
      .all();
  let rows: { code: string | null; count: number }[];
  switch (kind) {
    case "district":
      rows = grouped(centres.districtCode);
      break;
    case "country":
      rows = grouped(centres.countryCode);
      break;
    case "stage":
      rows = grouped(centres.stage);
      break;
    case "park":
      rows = db
        .select({ code: centres.parkCode, count: sql<number>`count(*)` })
        .from(centres)
        .groupBy(centres.parkCode)
        .all();
      break;
    case "industry":
      rows = db
        .select({ code: centreIndustries.industryCode, count: sql<number>`count(*)` })
        .from(centreIndustries)
        .groupBy(centreIndustries.industryCode)
        .all();
      break;
    default:
      return null;
  }
  return Object.fromEntries(rows.filter((r) => r.code !== null).map((r) => [r.code!, r.count]));
}

export type NewReferenceItem = {
  kind: ReferenceKind;
  code: string;
  labelZh: string;
  labelEn: string;
  sortOrder: number | null;
  parentCode: string | null;
};

export type ReferenceItemChanges = {
  labelZh: string;
  labelEn: string;
  sortOrder: number;
  parentCode: string | null;
};

const FIELDS = ["code", "labelZh", "labelEn", "parentCode", "sortOrder", "active"] as const;

function checkParent(tx: Tx, kind: ReferenceKind, parentCode: string | null, fieldErrors: FieldErrors) {
  if (kind !== "park") return null;
  if (!parentCode) {
    fieldErrors.parent_code = "validation.required";
    return null;
  }
  const district = tx
    .select({ code: referenceItems.code })
    .from(referenceItems)
    .where(and(eq(referenceItems.kind, "district"), eq(referenceItems.code, parentCode)))
    .get();
  if (!district) fieldErrors.parent_code = "validation.unknownCode";
  return parentCode;
}

function authorised(actor: Actor) {
  return can(actor.role, "manage:reference:any");
}

/** ★ Adds an item to a list (active, at the end unless an order is given), with its audit row. */
export function createReferenceItem(actor: Actor, input: NewReferenceItem): ReferenceWriteResult {
  if (!authorised(actor)) return FORBIDDEN;
  return db.transaction((tx) => {
    const fieldErrors: FieldErrors = {};
    const taken = tx
      .select({ id: referenceItems.id })
      .from(referenceItems)
      .where(and(eq(referenceItems.kind, input.kind), sql`lower(${referenceItems.code}) = lower(${input.code})`))
      .get();
    if (taken) fieldErrors.code = "reference.errors.codeTaken";
    const parentCode = checkParent(tx, input.kind, input.parentCode, fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };

    const sortOrder =
      input.sortOrder ??
      (tx
        .select({ max: sql<number | null>`max(${referenceItems.sortOrder})` })
        .from(referenceItems)
        .where(eq(referenceItems.kind, input.kind))
        .get()?.max ?? 0) + 10;
    const values = {
      kind: input.kind,
      code: input.code,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      parentCode,
      sortOrder,
      active: true,
    };
    const { id } = tx.insert(referenceItems).values(values).returning({ id: referenceItems.id }).get();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "reference_item",
      entityId: id,
      action: "create",
      changes: [{ field: "kind", before: null, after: input.kind }, ...diffFields(null, values, [...FIELDS])],
    });
    return { ok: true, id, kind: input.kind, code: input.code };
  });
}

/** ★ Changes an item's labels, order and (parks) district; the code never changes. */
export function updateReferenceItem(actor: Actor, id: string, changes: ReferenceItemChanges): ReferenceWriteResult {
  if (!authorised(actor)) return FORBIDDEN;
  return db.transaction((tx) => {
    const before = tx.select().from(referenceItems).where(eq(referenceItems.id, id)).get();
    if (!before) return NOT_FOUND;
    const fieldErrors: FieldErrors = {};
    const parentCode = before.kind === "park" ? checkParent(tx, before.kind, changes.parentCode, fieldErrors) : before.parentCode;
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const after = { labelZh: changes.labelZh, labelEn: changes.labelEn, sortOrder: changes.sortOrder, parentCode };
    const diff = diffFields(before, after, ["labelZh", "labelEn", "sortOrder", "parentCode"]);
    if (diff.length === 0) return { ok: true, id, kind: before.kind, code: before.code };
    tx.update(referenceItems).set(after).where(eq(referenceItems.id, id)).run();
    recordAudit(tx, { actorId: actor.id, entity: "reference_item", entityId: id, action: "update", changes: diff });
    return { ok: true, id, kind: before.kind, code: before.code };
  });
}

/** ★ Retires an item (no longer offered in forms; records that use it keep it) or brings it back. */
export function setReferenceItemActive(actor: Actor, id: string, active: boolean): ReferenceWriteResult {
  if (!authorised(actor)) return FORBIDDEN;
  return db.transaction((tx) => {
    const before = tx
      .select({ kind: referenceItems.kind, code: referenceItems.code, active: referenceItems.active })
      .from(referenceItems)
      .where(eq(referenceItems.id, id))
      .get();
    if (!before) return NOT_FOUND;
    if (before.active === active) return { ok: true, id, kind: before.kind, code: before.code };
    tx.update(referenceItems).set({ active }).where(eq(referenceItems.id, id)).run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: "reference_item",
      entityId: id,
      action: active ? "activate" : "deactivate",
      changes: [{ field: "active", before: before.active, after: active }],
    });
    return { ok: true, id, kind: before.kind, code: before.code };
  });
}
