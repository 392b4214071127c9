import { and, eq, inArray, isNull } from "drizzle-orm";
import { users } from "../../db/schema";
import type { CHECKLIST_STATUSES } from "~/domain/checklist";
import type { LEVELS } from "~/domain/levels";
import { canWorkOnCentre } from "~/domain/permissions";
import {
  beijingDate,
  type FOLLOW_UP_STATUSES,
  checklistDueFlag,
  contactStatus,
  EXIT_STAGE,
  followUpDueFlag,
  NEARLY_DUE_WORKING_DAYS,
} from "~/domain/steward-work";
import { calendarDaysBetween, type WorkingCalendar } from "~/domain/working-days";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { workingCalendar } from "./calendar.server";
import { getSetting } from "./reference.server";
import { statement } from "./statements.server";

/*
 * The page's reads, as SQL compiled once per connection (issue 14): drizzle built these four
 * statements on every view of the busiest page a steward has, which cost more than running them.
 * They read what `listCentresOfSteward` with `lastInteractionOnByCentre`,
 * `checklistItemsDueForSteward` and `followUpsDueForSteward` read, in one statement fewer.
 */

/** The steward's centres (lead or district steward), longest in their stage first, with their last interaction. */
const CENTRES_SQL = `select c.id, c.name_zh as nameZh, c.name_en as nameEn, c.stage, c.stage_since as stageSince, c.level,
    c.lead_steward_id = ? as isLead,
    (select max(i.occurred_at) from interactions i where i.centre_id = c.id) as lastAt
  from centres c
  where c.id in (select l.id from centres l where l.lead_steward_id = ? union select d.id from centres d where d.district_steward_id = ?)
  order by c.stage_since asc`;

const ITEM_COLUMNS = `i.id, i.centre_id as centreId, c.name_zh as centreNameZh, c.name_en as centreNameEn,
    c.lead_steward_id as leadStewardId, c.district_steward_id as districtStewardId, i.title_zh as titleZh,
    i.title_en as titleEn, i.department_code as departmentCode, i.status, i.due_on as dueOn, i.version`;
const OPEN_ITEM = `i.status in ('not_started', 'in_progress', 'waiting_on_department') and i.due_on is not null and i.due_on <= ?`;
/**
 * Open checklist items due by the horizon: the steward's own, then the unowned items of the centres
 * they lead, as two index-led queries (an OR scans every item; `+owner_id` keeps SQLite from
 * walking the owner index over every unowned item).
 */
const OWNED_ITEMS = `checklist_items i inner join centres c on c.id = i.centre_id where i.owner_id = ? and ${OPEN_ITEM}`;
const LED_ITEMS = `centres c inner join checklist_items i on i.centre_id = c.id
  where c.lead_steward_id = ? and +i.owner_id is null and ${OPEN_ITEM}`;
/** Each list's items in due order (ties in the order they were stored), the first `limit` (-1: all). */
const OWNED_ITEMS_SQL = `select ${ITEM_COLUMNS} from ${OWNED_ITEMS} order by i.due_on, i.rowid limit ?`;
const LED_ITEMS_SQL = `select ${ITEM_COLUMNS} from ${LED_ITEMS} order by i.due_on, i.rowid limit ?`;
/** How many of each list's items share a status and a due date: the counts, without reading every item. */
const OWNED_COUNTS_SQL = `select i.status, i.due_on as dueOn, count(*) as n from ${OWNED_ITEMS} group by i.status, i.due_on`;
const LED_COUNTS_SQL = `select i.status, i.due_on as dueOn, count(*) as n from ${LED_ITEMS} group by i.status, i.due_on`;
/** Open follow-ups due by the horizon: the steward's own and the unowned ones of the centres they lead. */
const FOLLOW_UPS_SQL = `select f.id, f.centre_id as centreId, c.name_zh as centreNameZh, c.name_en as centreNameEn,
    c.lead_steward_id as leadStewardId, c.district_steward_id as districtStewardId, f.description, f.due_on as dueOn, f.status
  from follow_ups f inner join centres c on c.id = f.centre_id
  where (f.owner_id = ? or (f.owner_id is null and c.lead_steward_id = ?)) and f.status = 'open' and f.due_on is not null and f.due_on <= ?
  order by f.due_on asc`;

type CentreRow = {
  id: string;
  nameZh: string;
  nameEn: string;
  stage: string;
  stageSince: string;
  level: (typeof LEVELS)[number];
  isLead: number;
  lastAt: number | null;
};
type CentreSide = {
  centreId: string;
  centreNameZh: string;
  centreNameEn: string;
  leadStewardId: string | null;
  districtStewardId: string | null;
};
type ItemRow = CentreSide & {
  id: string;
  titleZh: string;
  titleEn: string;
  departmentCode: string;
  status: (typeof CHECKLIST_STATUSES)[number];
  dueOn: string | null;
  version: number;
};
type FollowUpRow = CentreSide & {
  id: string;
  description: string;
  dueOn: string | null;
  status: (typeof FOLLOW_UP_STATUSES)[number];
};

/** Names compare as `localeCompare` does, without building a collator per comparison. */
const byName = new Intl.Collator().compare;

/**
 * The steward's work page: their centres and which are due for contact (cadence per level from
 * the settings, counted from the last interaction), and their overdue and nearly-due checklist
 * items and follow-ups. `viewer` decides which rows offer a one-click action. The checklist
 * progress of the centres the page shows is the caller's (`checklistProgressOf`): only those need it.
 */
export function stewardWork(
  steward: { id: string },
  viewer: { id: string; role: "admin" | "steward" | "official" | "enterprise" },
  options: {
    today?: string;
    calendar?: WorkingCalendar;
    soonWithin?: number;
    /** Due checklist items to read, soonest first (default all); the counts always cover every one. */
    checklistRows?: number;
  } = {},
) {
  const today = options.today ?? todayInBeijing();
  const calendar = options.calendar ?? workingCalendar();
  const soonWithin = options.soonWithin ?? NEARLY_DUE_WORKING_DAYS;
  const cadence = getSetting("contactCadenceDays") as Record<string, number>;

  const mine = statement<[string, string, string]>(db, CENTRES_SQL).all(steward.id, steward.id, steward.id) as CentreRow[];
  // Each row built field by field: spreading a row into a new object with more fields cost about
  // 3 µs a row (a steward has 100–200 centres), building it a few hundredths of that (issue 14).
  const centres = mine.map((c) => {
    const lastInteractionOn = c.lastAt === null ? null : beijingDate(c.lastAt);
    const cadenceDays = cadence[c.level] ?? 90;
    return {
      id: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      stage: c.stage,
      stageSince: c.stageSince,
      level: c.level,
      isLead: Boolean(c.isLead),
      daysInStage: calendarDaysBetween(c.stageSince, today),
      lastInteractionOn,
      cadenceDays,
      contact: c.stage === EXIT_STAGE ? null : contactStatus(lastInteractionOn, cadenceDays, today),
    };
  });
  const dueForContact = centres
    .filter((c) => c.contact?.due)
    .sort((a, b) => {
      // Never contacted first (shortest cadence first), then the longest overdue.
      const never = Number(b.lastInteractionOn === null) - Number(a.lastInteractionOn === null);
      if (never !== 0) return never;
      if (a.lastInteractionOn === null) return a.cadenceDays - b.cadenceDays || byName(a.nameEn, b.nameEn);
      return (b.contact!.daysOverdue ?? 0) - (a.contact!.daysOverdue ?? 0) || byName(a.nameEn, b.nameEn);
    });

  const horizon = calendar.addWorkingDays(today, soonWithin).date;
  // Many items share a due date and a status: each flag is worked out once (working days are counted per call).
  const flags = new Map<string, ReturnType<typeof checklistDueFlag>>();
  const checklistFlag = (item: Parameters<typeof checklistDueFlag>[0]) => {
    const key = `${item.status}|${item.dueOn}`;
    let flag = flags.get(key);
    if (flag === undefined) flags.set(key, (flag = checklistDueFlag(item, today, calendar, soonWithin)));
    return flag;
  };
  // The checklist's counts by (status, due date), flagged once per pair.
  const checklistCounts = { overdue: 0, due_soon: 0 };
  for (const sql of [OWNED_COUNTS_SQL, LED_COUNTS_SQL])
    for (const group of statement<[string, string]>(db, sql).all(steward.id, horizon) as (Pick<ItemRow, "status" | "dueOn"> & {
      n: number;
    })[]) {
      const flag = checklistFlag(group);
      if (flag !== null) checklistCounts[flag] += group.n;
    }
  const checklistTotal = checklistCounts.overdue + checklistCounts.due_soon;
  const dueItems = (limit: number) => {
    const owned = statement<[string, string, number]>(db, OWNED_ITEMS_SQL).all(steward.id, horizon, limit) as ItemRow[];
    const ofLedCentres = statement<[string, string, number]>(db, LED_ITEMS_SQL).all(steward.id, horizon, limit) as ItemRow[];
    return [...owned, ...ofLedCentres]
      .sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : 0))
      .map((item) => ({
        id: item.id,
        centreId: item.centreId,
        centreNameZh: item.centreNameZh,
        centreNameEn: item.centreNameEn,
        titleZh: item.titleZh,
        titleEn: item.titleEn,
        departmentCode: item.departmentCode,
        status: item.status,
        dueOn: item.dueOn,
        version: item.version,
        dueFlag: checklistFlag(item),
        canAct: canWorkOnCentre(viewer, item),
      }))
      .filter((i) => i.dueFlag !== null);
  };
  const wanted = Math.min(options.checklistRows ?? Infinity, checklistTotal);
  let checklist = dueItems(wanted === checklistTotal ? -1 : wanted).slice(0, wanted);
  // An unflagged item among the first rows (none today: the horizon is the due-soon limit) would leave them short.
  if (checklist.length < wanted) checklist = dueItems(-1).slice(0, wanted);
  const followUps = (
    statement<[string, string, string]>(db, FOLLOW_UPS_SQL).all(steward.id, steward.id, horizon) as FollowUpRow[]
  )
    .map((f) => ({
      id: f.id,
      centreId: f.centreId,
      centreNameZh: f.centreNameZh,
      centreNameEn: f.centreNameEn,
      description: f.description,
      dueOn: f.dueOn,
      status: f.status,
      dueFlag: followUpDueFlag(f, today, calendar, soonWithin),
      canAct: canWorkOnCentre(viewer, f),
    }))
    .filter((f) => f.dueFlag !== null);

  return {
    today,
    soonWithin,
    centres,
    dueForContact,
    checklist,
    checklistTotal,
    followUps,
    counts: {
      centres: centres.length,
      dueForContact: dueForContact.length,
      overdue: checklistCounts.overdue + followUps.filter((f) => f.dueFlag === "overdue").length,
      dueSoon: checklistCounts.due_soon + followUps.filter((f) => f.dueFlag === "due_soon").length,
    },
  };
}

/** The steward a /work page shows, or null when the id is not an active steward or admin. */
export function findSteward(id: string) {
  return (
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.id, id), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .get() ?? null
  );
}

export type StewardWork = ReturnType<typeof stewardWork>;
