/**
 * Labels in both languages for every key the dashboard shows (reference lists, levels, types,
 * batches, years, stewards, periods): the figures carry both, so one computation serves every
 * reader and export.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { referenceItems, users, type ReferenceKind } from "../../../db/schema";
import type { Bilingual, Period } from "~/domain/centre-figures";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { periodSpansBetween } from "~/domain/figure-periods";
import { LEVELS } from "~/domain/levels";
import { UNASSIGNED_KEY, type Dimension, type Interval, type ServiceDimension } from "~/domain/figure-dimensions";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { getFixedT } from "~/utils/i18n.server";

type ReferenceLabels = Map<string, Bilingual>;
export type Labeller = (dimension: Dimension | ServiceDimension, key: string) => Bilingual;
type ReferenceList = { order: string[]; labels: ReferenceLabels; active: Set<string> };

function referenceLabels(database: Db, kind: ReferenceKind): ReferenceList {
  const rows = database
    .select({ code: referenceItems.code, zh: referenceItems.labelZh, en: referenceItems.labelEn, active: referenceItems.active })
    .from(referenceItems)
    .where(eq(referenceItems.kind, kind))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();
  return {
    order: rows.map((r) => r.code),
    labels: new Map(rows.map((r) => [r.code, { "zh-CN": r.zh, en: r.en }])),
    active: new Set(rows.filter((r) => r.active).map((r) => r.code)),
  };
}

/** A message in both languages. */
export function both(key: string, options?: Record<string, unknown>): Bilingual {
  return { "zh-CN": getFixedT("zh-CN")(key, options), en: getFixedT("en")(key, options) };
}

export type ReferenceData = {
  lists: Record<"district" | "park" | "industry" | "country" | "stage" | "request_category" | "department", ReferenceList>;
  stewards: Map<string, string>;
  label: Labeller;
  /** Known keys of a dimension in display order (reference order, or the enum's). */
  order: (dimension: Dimension) => string[] | null;
};

/** Labels in both languages for every key the dashboard shows. */
export function loadReferenceData(database: Db = defaultDb): ReferenceData {
  const lists = {
    district: referenceLabels(database, "district"),
    park: referenceLabels(database, "park"),
    industry: referenceLabels(database, "industry"),
    country: referenceLabels(database, "country"),
    stage: referenceLabels(database, "stage"),
    request_category: referenceLabels(database, "request_category"),
    department: referenceLabels(database, "department"),
  };
  const stewards = new Map(
    database
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.role, ["steward", "admin"]))
      .all()
      .map((u) => [u.id, u.name]),
  );
  const fromList = (list: ReferenceList, key: string) => list.labels.get(key) ?? { "zh-CN": key, en: key };
  const label: Labeller = (dimension, key) => {
    if (key === UNASSIGNED_KEY) {
      const which = dimension === "department" ? "notReferred" : dimension === "steward" ? "unassignedSteward" : "unassigned";
      return both(`dash.keys.${which}`);
    }
    switch (dimension) {
      case "level":
        return both(`levels.${key}`);
      case "type":
        return both(`centreTypes.${key}`);
      case "batch":
        return both("dash.keys.batch", { batch: key });
      case "year":
        return both("dash.keys.year", { year: key });
      case "category":
        return fromList(lists.request_category, key);
      case "department":
        return fromList(lists.department, key);
      case "steward": {
        const name = stewards.get(key) ?? key;
        return { "zh-CN": name, en: name };
      }
      default:
        return fromList(lists[dimension], key);
    }
  };
  const order = (dimension: Dimension): string[] | null => {
    switch (dimension) {
      case "level":
        return [...LEVELS];
      case "type":
        return [...CENTRE_TYPES];
      case "district":
      case "park":
      case "industry":
      case "stage":
        return lists[dimension].order.filter((code) => lists[dimension].active.has(code));
      default:
        return null;
    }
  };
  return { lists, stewards, label, order };
}

function periodLabel(key: string, interval: Interval): Bilingual {
  if (interval === "year") return both("dash.keys.year", { year: key });
  if (interval === "quarter") {
    const [year, q] = key.split("-Q");
    return both("dash.keys.quarter", { year, quarter: q });
  }
  const [year, month] = key.split("-");
  return both("dash.keys.month", { year, month: Number(month), monthName: getFixedT("en")(`dash.months.${Number(month)}`) });
}

/** Periods from the one holding `from` to the one holding `to`, the last one ending on `to`, labelled. */
export function periodsBetween(from: string, to: string, interval: Interval): Period[] {
  return periodSpansBetween(from, to, interval).map((p) => ({ ...p, label: periodLabel(p.key, interval) }));
}
