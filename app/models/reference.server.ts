import { asc } from "drizzle-orm";
import { referenceItems, type ReferenceKind } from "../../db/schema";
import { DEFAULT_SETTINGS, type Settings } from "../../db/reference-data";
import { db, type Db } from "~/utils/db.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { statement } from "./statements.server";
import type { Tx } from "./write-types.server";

export type ReferenceOption = { code: string; labelZh: string; labelEn: string; parentCode: string | null };

/**
 * Active items of one reference list (or all of them), in their admin-set order. Read on most
 * pages, as a statement compiled once per connection (issue 14: drizzle built it on every call).
 */
const REFERENCE_LIST_SQL = `select code, label_zh as labelZh, label_en as labelEn, parent_code as parentCode
  from reference_items where kind = ? and (? or active = 1) order by sort_order, code`;

/** Active items of one reference list, in their admin-set order. */
export function referenceList(kind: ReferenceKind, { includeInactive = false } = {}): ReferenceOption[] {
  return statement<[string, number]>(db, REFERENCE_LIST_SQL).all(kind, includeInactive ? 1 : 0) as ReferenceOption[];
}

/**
 * Several reference lists (inactive items included) in one query, each in its admin-set order:
 * a page that labels codes of five lists pays for one statement, not five (issue 14).
 */
export function referenceLists<K extends ReferenceKind>(kinds: readonly K[]): Record<K, ReferenceOption[]> {
  const lists = Object.fromEntries(kinds.map((kind) => [kind, [] as ReferenceOption[]])) as Record<K, ReferenceOption[]>;
  for (const { kind, ...option } of referenceItemsOfKinds().all({ kinds: jsonList(kinds) })) lists[kind as K].push(option);
  return lists;
}

const referenceItemsOfKinds = preparedQuery((conn) =>
  conn
    .select({
      kind: referenceItems.kind,
      code: referenceItems.code,
      labelZh: referenceItems.labelZh,
      labelEn: referenceItems.labelEn,
      parentCode: referenceItems.parentCode,
    })
    .from(referenceItems)
    .where(inList(referenceItems.kind, "kinds"))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .prepare(),
);

export type { Settings } from "../../db/reference-data";

/** A setting as an admin saved it, or its default (db/reference-data.ts); on `conn` inside a transaction. */
export function getSetting<K extends keyof Settings>(key: K, conn: Db | Tx = db): Settings[K] {
  const row = statement<[string]>(conn, "select value from settings where key = ?").get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Settings[K]) : DEFAULT_SETTINGS[key];
}
