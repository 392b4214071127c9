import { and, asc, eq, or, sql, type SQL } from "drizzle-orm";
import { centres, referenceItems, users } from "../../db/schema";
import type { Level } from "~/domain/levels";
import { canEditCentre } from "~/domain/permissions";
import { calendarDaysBetween } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { recordCentreEvent } from "./centre-events.server";
import { readCentreToEdit } from "./centre-work.server";
import type { Actor, WriteResult } from "./write-types.server";

/** The stage every centre can leave to from any stage; its column always comes last. */
export const EXITED_STAGE = "exited";
/** Cards per column; the rest are one link away in the centre list. */
export const CARDS_PER_COLUMN = 50;

export type PipelineFilters = {
  /** Only centres this user leads or stewards in the district. */
  stewardId?: string;
  district?: string;
  level?: Level;
};

export type PipelineCard = {
  id: string;
  nameZh: string;
  nameEn: string;
  level: Level;
  stageSince: string;
  daysInStage: number;
  leadStewardName: string | null;
  /** May the acting user move this centre? Computed here, on the server. */
  canEdit: boolean;
};

export type PipelineColumn = {
  code: string;
  labelZh: string;
  labelEn: string;
  /** An inactive stage still gets a column while centres sit in it, so none disappear. */
  active: boolean;
  count: number;
  cards: PipelineCard[];
};

function conditionOf(filters: PipelineFilters): SQL | undefined {
  const where: SQL[] = [];
  if (filters.stewardId)
    where.push(or(eq(centres.leadStewardId, filters.stewardId), eq(centres.districtStewardId, filters.stewardId))!);
  if (filters.district) where.push(eq(centres.districtCode, filters.district));
  if (filters.level) where.push(eq(centres.level, filters.level));
  return where.length ? and(...where) : undefined;
}

/**
 * The onboarding pipeline: one column per stage (active stages in their admin-set order, the
 * exited stage last), each with its centre count and its first `perColumn` cards, the centres
 * longest in their stage first: counts per stage, then a page of cards per stage.
 */
export function listPipeline(
  actor: Actor,
  filters: PipelineFilters,
  options: { today: string; perColumn?: number },
): PipelineColumn[] {
  const perColumn = options.perColumn ?? CARDS_PER_COLUMN;
  const condition = conditionOf(filters);

  const stages = db
    .select({
      code: referenceItems.code,
      labelZh: referenceItems.labelZh,
      labelEn: referenceItems.labelEn,
      active: referenceItems.active,
    })
    .from(referenceItems)
    .where(eq(referenceItems.kind, "stage"))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all();

  const counts = new Map(
    db
      .select({ stage: centres.stage, count: sql<number>`count(*)` })
      .from(centres)
      .where(condition)
      .groupBy(centres.stage)
      .all()
      .map((r) => [r.stage, r.count] as const),
  );

  // The first cards of each stage that has centres, one query per stage read in the order of
  // the (stage, stage_since, name_en) index: a page of rows each, however many centres there are.
  const rows = [...counts.keys()].flatMap((stage) =>
    db
      .select({
        id: centres.id,
        nameZh: centres.nameZh,
        nameEn: centres.nameEn,
        level: centres.level,
        stage: centres.stage,
        stageSince: centres.stageSince,
        leadStewardId: centres.leadStewardId,
        districtStewardId: centres.districtStewardId,
        leadStewardName: users.name,
      })
      .from(centres)
      .leftJoin(users, eq(users.id, centres.leadStewardId))
      .where(and(eq(centres.stage, stage), condition))
      .orderBy(asc(centres.stageSince), asc(centres.nameEn))
      .limit(perColumn)
      .all(),
  );

  const cardsByStage = new Map<string, PipelineCard[]>();
  for (const r of rows) {
    const list = cardsByStage.get(r.stage) ?? [];
    list.push({
      id: r.id,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      level: r.level,
      stageSince: r.stageSince,
      daysInStage: Math.max(0, calendarDaysBetween(r.stageSince, options.today)),
      leadStewardName: r.leadStewardName,
      canEdit: canEditCentre(actor, r),
    });
    cardsByStage.set(r.stage, list);
  }

  const columns: PipelineColumn[] = stages
    .filter((s) => s.active || (counts.get(s.code) ?? 0) > 0)
    .map((s) => ({ ...s, count: counts.get(s.code) ?? 0, cards: cardsByStage.get(s.code) ?? [] }));
  // A centre whose stage is in no list at all (should not happen) still shows, under its code.
  for (const [code, count] of counts) {
    if (!stages.some((s) => s.code === code))
      columns.push({ code, labelZh: code, labelEn: code, active: false, count, cards: cardsByStage.get(code) ?? [] });
  }
  const exited = columns.findIndex((c) => c.code === EXITED_STAGE);
  if (exited >= 0) columns.push(...columns.splice(exited, 1));
  return columns;
}

export type MoveInput = { stage: string; effectiveOn: string; note: string };

/**
 * ★ Moves a centre to another stage: a `stage_changed` event with its effective date, the
 * centre's cached stage and an audit row, in one transaction. Refused (400) when the centre is
 * already in that stage, or when the date is before the day it entered its current stage (the
 * event would not be its latest, so the move would silently not show).
 */
export function moveCentre(
  actor: Actor,
  centreId: string,
  input: MoveInput,
  today: string,
): WriteResult<{ id: string; name: { zh: string; en: string } }> {
  return db.transaction((tx) => {
    const { refused, centre } = readCentreToEdit(tx, actor, centreId, {
      nameZh: centres.nameZh,
      nameEn: centres.nameEn,
      stage: centres.stage,
      stageSince: centres.stageSince,
    });
    if (refused) return refused;
    const fieldErrors: FieldErrors = {};
    if (input.stage === centre.stage) fieldErrors.stage = "pipeline.errors.sameStage";
    if (input.effectiveOn > today) fieldErrors.effective_on = "validation.futureDate";
    else if (input.effectiveOn < centre.stageSince)
      fieldErrors.effective_on = `pipeline.errors.beforeStageSince:${centre.stageSince}`;
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const result = recordCentreEvent(actor, centreId, { kind: "stage_changed", ...input }, tx);
    return result.ok ? { ...result, name: { zh: centre.nameZh, en: centre.nameEn } } : result;
  });
}
