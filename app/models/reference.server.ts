import { and, asc, eq } from "drizzle-orm";
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

export type { Settings } from "../../db/reference-data";

/** A setting as an admin saved it, or its default (db/reference-data.ts); on `conn` inside a transaction. */
export function getSetting<K extends keyof Settings>(key: K, conn: Db | Tx = db): Settings[K] {
  const row = conn.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return (row?.value as Settings[K] | undefined) ?? DEFAULT_SETTINGS[key];
}
