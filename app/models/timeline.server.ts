import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog, checklistItems, followUps, users, type FieldChange } from "../../db/schema";
import { isChecklistStatus } from "~/domain/checklist";
import { beijingDate } from "~/domain/steward-work";
import type { Locale } from "~/i18n";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { getFixedT } from "~/utils/i18n.server";
import { auditEntryColumns } from "./audit.server";
import { CENTRE_CHECKLIST_ENTITY, CHECKLIST_ITEM_ENTITY } from "./checklist.server";
import { FOLLOW_UP_ENTITY } from "./follow-up.server";
import { listInteractions } from "./interaction.server";

/**
 * The steward's side of a centre's timeline: checklist changes, interactions and follow-ups, as
 * items the centre page merges with its stage and level events (newest first). Titles and bodies
 * are already in the reader's language.
 */
export const TIMELINE_EXTRA_KINDS = ["interaction", "checklist", "follow_up"] as const;
export type TimelineExtraKind = (typeof TIMELINE_EXTRA_KINDS)[number];

export type TimelineItem = {
  key: string;
  kind: TimelineExtraKind;
  /** ISO instant, for sorting with other timeline items. */
  sortAt: string;
  /** Beijing date, 'YYYY-MM-DD'. */
  date: string;
  title: string;
  body: string;
  /** Who did it (the user's name), when known. */
  who: string | null;
};

/** Items applied within this many milliseconds of each other by the same person show as one entry. */
const APPLY_GROUP_MS = 60_000;

type AuditRow = { id: number; entityId: string; at: Date; action: string; changes: FieldChange[]; actorName: string | null };

function auditRowsFor(entity: string, entityIds: string[]): AuditRow[] {
  if (entityIds.length === 0) return [];
  return auditRowsOf().all({ entity, entityIds: jsonList(entityIds) });
}

const auditRowsOf = preparedQuery((conn) =>
  conn
    .select({ ...auditEntryColumns, entityId: auditLog.entityId })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, sql.placeholder("entity")), inList(auditLog.entityId, "entityIds")))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .prepare(),
);

const checklistTitlesOfCentre = preparedQuery((conn) =>
  conn
    .select({ id: checklistItems.id, titleZh: checklistItems.titleZh, titleEn: checklistItems.titleEn })
    .from(checklistItems)
    .where(eq(checklistItems.centreId, sql.placeholder("centreId")))
    .prepare(),
);

const followUpsOfCentre = preparedQuery((conn) =>
  conn
    .select({ id: followUps.id, description: followUps.description, dueOn: followUps.dueOn })
    .from(followUps)
    .where(eq(followUps.centreId, sql.placeholder("centreId")))
    .prepare(),
);

export function centreTimelineExtras(centreId: string, options: { locale?: Locale; limit?: number } = {}): TimelineItem[] {
  const locale = options.locale ?? "zh-CN";
  const limit = options.limit ?? 200;
  const t = getFixedT(locale);
  const title = (item: { titleZh: string; titleEn: string } | undefined) =>
    item ? (locale === "en" ? item.titleEn : item.titleZh) : "—";
  const list = (parts: string[]) => parts.join(locale === "en" ? ", " : "、");
  const out: TimelineItem[] = [];

  for (const i of listInteractions(centreId, { limit })) {
    const people = [...i.contacts, ...i.staff];
    out.push({
      key: `interaction-${i.id}`,
      kind: "interaction",
      sortAt: new Date(i.occurredAt).toISOString(),
      date: i.occurredOn,
      title: t(`interactions.kinds.${i.kind}`),
      body: people.length > 0 ? `${i.summary} (${t("interactions.timeline.with", { names: list(people) })})` : i.summary,
      who: i.actorName,
    });
  }

  const items = checklistTitlesOfCentre().all({ centreId });
  const itemById = new Map(items.map((i) => [i.id, i]));
  const userNames = new Map<string, string>();
  const nameOf = (id: unknown) => {
    if (typeof id !== "string" || id === "") return t("checklist.noOwner");
    if (!userNames.has(id))
      userNames.set(id, db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? "—");
    return userNames.get(id)!;
  };
  const describe = (c: FieldChange) => {
    const value = (v: unknown): string => {
      if (v === null || v === undefined || v === "") return "∅";
      switch (c.field) {
        case "status":
          return isChecklistStatus(v) ? t(`checklist.statuses.${v}`) : String(v);
        case "ownerId":
          return nameOf(v);
        case "dueOn":
          return formatDate(String(v), locale);
        case "visibleToEnterprise":
          return v ? t("common.yes") : t("common.no");
        default:
          return String(v);
      }
    };
    const label = t(`checklist.fields.${c.field}`, { defaultValue: c.field });
    return c.field === "notes" ? t("checklist.timeline.notesEdited") : `${label}: ${value(c.before)} → ${value(c.after)}`;
  };

  const added = (row: Pick<AuditRow, "id" | "at" | "actorName">, titles: string[]) =>
    out.push({
      key: `checklist-create-${row.id}`,
      kind: "checklist",
      sortAt: row.at.toISOString(),
      date: beijingDate(row.at),
      title: t("checklist.timeline.added", { count: titles.length }),
      body: titles.length > 6 ? `${list(titles.slice(0, 6))} …` : list(titles),
      who: row.actorName,
    });
  // A new centre's first checklist: one audit row listing its items (each change: an item's id and first values).
  for (const row of auditRowsFor(CENTRE_CHECKLIST_ENTITY, [centreId]))
    added(
      row,
      row.changes.map((c) =>
        title(itemById.get(c.field) ?? (c.after as { titleZh: string; titleEn: string } | null) ?? undefined),
      ),
    );
  // Items added later have a row each: those one person added within a minute show as one entry.
  let group: { rows: AuditRow[] } | null = null;
  const flush = () => {
    if (!group) return;
    const rows = group.rows;
    const [newest, oldest] = [rows[0]!, rows[rows.length - 1]!];
    added(
      { id: oldest.id, at: newest.at, actorName: oldest.actorName },
      rows.map((r) => title(itemById.get(r.entityId))).reverse(),
    );
    group = null;
  };
  for (const row of auditRowsFor(CHECKLIST_ITEM_ENTITY, [...itemById.keys()])) {
    if (row.action === "create") {
      const last: AuditRow | undefined = group?.rows[group.rows.length - 1];
      if (group && last && last.actorName === row.actorName && last.at.getTime() - row.at.getTime() <= APPLY_GROUP_MS)
        group.rows.push(row);
      else {
        flush();
        group = { rows: [row] };
      }
      continue;
    }
    flush();
    out.push({
      key: `checklist-${row.id}`,
      kind: "checklist",
      sortAt: row.at.toISOString(),
      date: beijingDate(row.at),
      title: t("checklist.timeline.updated", { title: title(itemById.get(row.entityId)) }),
      body: row.changes.map(describe).join("; "),
      who: row.actorName,
    });
  }
  flush();

  const followUpRows = followUpsOfCentre().all({ centreId });
  const followUpById = new Map(followUpRows.map((f) => [f.id, f]));
  for (const row of auditRowsFor(FOLLOW_UP_ENTITY, [...followUpById.keys()])) {
    const f = followUpById.get(row.entityId)!;
    const key = ["complete", "cancel", "create", "reopen"].includes(row.action) ? row.action : "updated";
    out.push({
      key: `follow-up-${row.id}`,
      kind: "follow_up",
      sortAt: row.at.toISOString(),
      date: beijingDate(row.at),
      title: t(`followUps.timeline.${key}`),
      body:
        row.action === "create" && f.dueOn
          ? `${f.description} (${t("followUps.dueOn", { date: formatDate(f.dueOn, locale) })})`
          : f.description,
      who: row.actorName,
    });
  }

  return out.sort((a, b) => b.sortAt.localeCompare(a.sortAt) || b.key.localeCompare(a.key)).slice(0, limit);
}
