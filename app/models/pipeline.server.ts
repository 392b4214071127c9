import { centres } from "../../db/schema";
import type { Level } from "~/domain/levels";
import { canEditCentre } from "~/domain/permissions";
import { calendarDaysBetween } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { recordCentreEvent } from "./centre-events.server";
import { cachedFigures, type CacheScope } from "./figures-cache.server";
import { statement } from "./statements.server";
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

type StageRow = { code: string; labelZh: string; labelEn: string; active: boolean };
type CardRow = {
  id: string;
  nameZh: string;
  nameEn: string;
  level: Level;
  stage: string;
  stageSince: string;
  leadStewardId: string | null;
  districtStewardId: string | null;
  leadStewardName: string | null;
};
type BoardRows = { stages: StageRow[]; counts: Map<string, number>; rows: CardRow[] };

/** The filters as an SQL condition on `c` (centres) and its parameters, in order. */
function conditionOf(filters: PipelineFilters): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.stewardId) {
    where.push("(c.lead_steward_id = ? or c.district_steward_id = ?)");
    params.push(filters.stewardId, filters.stewardId);
  }
  if (filters.district) {
    where.push("c.district_code = ?");
    params.push(filters.district);
  }
  if (filters.level) {
    where.push("c.level = ?");
    params.push(filters.level);
  }
  return { where, params };
}

/**
 * What a board shows, for one set of filters, kept until a centre, a reference list or a
 * steward's name changes (the `centres` and `requests` change counters: stewards' names bump
 * `requests`), like the dashboard's figures: a board is read far more often than centres move.
 * The SQL is compiled once per connection (`statement`), not built by drizzle per view; the
 * filters choose among eight texts. Shared between callers: read only.
 */
function boardRows(filters: PipelineFilters, perColumn: number): BoardRows {
  const key = JSON.stringify([filters.stewardId ?? null, filters.district ?? null, filters.level ?? null, perColumn]);
  return cachedFigures(db, BOARD_CACHE, key, () => {
    const { where, params } = conditionOf(filters);
    const stages = statement<[]>(
      db,
      "select code, label_zh as labelZh, label_en as labelEn, active from reference_items where kind = 'stage' order by sort_order, code",
    )
      .all()
      .map((r) => {
        const row = r as Omit<StageRow, "active"> & { active: number };
        return { ...row, active: row.active === 1 };
      });
    const counts = new Map(
      (
        statement(
          db,
          `select c.stage as stage, count(*) as count from centres c${where.length ? ` where ${where.join(" and ")}` : ""} group by c.stage`,
        ).all(...params) as { stage: string; count: number }[]
      ).map((r) => [r.stage, r.count] as const),
    );
    // The first cards of each stage that has centres, one query per stage read in the order of
    // the (stage, stage_since, name_en) index: a page of rows each, however many centres there are.
    const cards = statement(
      db,
      `select c.id, c.name_zh as nameZh, c.name_en as nameEn, c.level, c.stage, c.stage_since as stageSince,
         c.lead_steward_id as leadStewardId, c.district_steward_id as districtStewardId, u.name as leadStewardName
       from centres c left join users u on u.id = c.lead_steward_id
       where ${["c.stage = ?", ...where].join(" and ")}
       order by c.stage_since, c.name_en limit ?`,
    );
    const rows = [...counts.keys()].flatMap((stage) => cards.all(stage, ...params, perColumn) as CardRow[]);
    return { stages, counts, rows };
  });
}

const BOARD_CACHE: CacheScope = { name: "pipeline-board", counters: ["centres", "requests"], limit: 64 };

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
  const { stages, counts, rows } = boardRows(filters, perColumn);

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
