import { and, asc, eq } from "drizzle-orm";
import { referenceItems, settings, type ReferenceKind } from "../../db/schema";
import { DEFAULT_SETTINGS } from "../../db/reference-data";
import { db } from "~/utils/db.server";

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

export type Settings = { [K in keyof typeof DEFAULT_SETTINGS]: (typeof DEFAULT_SETTINGS)[K] };

export function getSetting<K extends keyof Settings>(key: K): Settings[K] {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return (row?.value as Settings[K] | undefined) ?? DEFAULT_SETTINGS[key];
}
