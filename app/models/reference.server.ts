import { and, asc, eq, inArray } from "drizzle-orm";
import { referenceItems, settings, type ReferenceKind } from "../../db/schema";
import { DEFAULT_SETTINGS, type Settings } from "../../db/reference-data";
import { db, type Db } from "~/utils/db.server";
import type { Tx } from "./write-types.server";

export type ReferenceOption = { code: string; labelZh: string; labelEn: string; parentCode: string | null };

/** Active items of one reference list, in their admin-set order. */
export function referenceList(kind: ReferenceKind, { includeInactive = false } = {}): ReferenceOption[] {
  return db
    .select({
      code: referenceItems.code,
      labelZh: referenceItems.labelZh,
      labelEn: referenceItems.labelEn,
      parentCode: referenceItems.parentCode,
    })
    .from(referenceItems)
    .where(includeInactive ? eq(referenceItems.kind, kind) : and(eq(referenceItems.kind, kind), eq(referenceItems.active, true)))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();
}

/**
 * Several reference lists (inactive items included) in one query, each in its admin-set order:
 * a page that labels codes of five lists pays for one statement, not five (issue 14).
 */
export function referenceLists<K extends ReferenceKind>(kinds: readonly K[]): Record<K, ReferenceOption[]> {
  const lists = Object.fromEntries(kinds.map((kind) => [kind, [] as ReferenceOption[]])) as Record<K, ReferenceOption[]>;
  const rows = db
    .select({
      kind: referenceItems.kind,
      code: referenceItems.code,
      labelZh: referenceItems.labelZh,
      labelEn: referenceItems.labelEn,
      parentCode: referenceItems.parentCode,
    })
    .from(referenceItems)
    .where(inArray(referenceItems.kind, [...kinds]))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();
  for (const { kind, ...option } of rows) lists[kind as K].push(option);
  return lists;
}

export type { Settings } from "../../db/reference-data";

/** A setting as an admin saved it, or its default (db/reference-data.ts); on `conn` inside a transaction. */
export function getSetting<K extends keyof Settings>(key: K, conn: Db | Tx = db): Settings[K] {
  const row = conn.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return (row?.value as Settings[K] | undefined) ?? DEFAULT_SETTINGS[key];
}
