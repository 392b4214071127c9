/**
 * The rows behind the dashboard's figures, one pass per table (events, centre attributes,
 * industries; requests with their events): no query per centre. Plain rows straight from
 * better-sqlite3 (no per-cell mapping): tens of thousands of events and requests at scale.
 * Every function takes the database as an optional last argument, for tests.
 */
import { inArray, sql } from "drizzle-orm";
import { centreEvents, centreIndustries, centres, requestEvents, satisfaction, supportRequests } from "../../../db/schema";
import { statusesOn, type CentreAttributes, type CentreOnDate } from "~/domain/centre-figures";
import { orderEvents, type CentreEvent } from "~/domain/counting";
import { toFacts, type RawRequest, type RequestFacts, type ServicePeriod } from "~/domain/service-figures";
import type { WorkingCalendar } from "~/domain/working-days";
import { db as defaultDb, type Db } from "~/utils/db.server";
import { countingEventOf, type StoredCentreEvent } from "../centre-event-row.server";
import { cachedFigures } from "../figures-cache.server";

/* ------------------------------------------------------------------ centres */

export type CountingData = {
  /** Recognition, level and withdrawal events, in counting order: the input of every count. */
  countingEvents: readonly CentreEvent[];
  centres: Map<string, CentreAttributes>;
  database: Db;
};

/**
 * The recognition, level and withdrawal events and the attributes the dashboard groups by, in
 * three queries (stage changes, the bulk of the events, are read per date by `centresOn`).
 */
export function loadCountingData(database: Db = defaultDb): CountingData {
  const countingEvents = orderEvents(
    database
      .all<StoredCentreEvent>(
        sql`select centre_id as centreId, kind, effective_on as effectiveOn, recorded_at as recordedAt, batch,
          from_level as fromLevel, to_level as toLevel
        from ${centreEvents} where kind in ('recognised', 'level_changed', 'withdrawn')`,
      )
      .map(countingEventOf),
  );
  const attributes = new Map<string, CentreAttributes>();
  for (const c of database.all<{
    id: string;
    type: string;
    districtCode: string;
    parkCode: string | null;
    countryCode: string;
    stage: string;
  }>(
    sql`select id, type, district_code as districtCode, park_code as parkCode, country_code as countryCode, stage from ${centres}`,
  )) {
    attributes.set(c.id, { ...c, industries: [] });
  }
  for (const row of database.all<{ centreId: string; code: string }>(
    sql`select centre_id as centreId, industry_code as code from ${centreIndustries} order by centre_id, industry_code`,
  )) {
    attributes.get(row.centreId)?.industries.push(row.code);
  }
  return { countingEvents, centres: attributes, database };
}

/** The counting data, loaded again only when centres, their events or industries have changed. */
export function currentCountingData(database: Db = defaultDb): CountingData {
  return cachedFigures(database, { name: "counting-data", counters: ["centres"], limit: 1 }, "", () =>
    loadCountingData(database),
  );
}

/** Every centre's status on a date (centresOn) from the current data, kept while the data is unchanged. */
export function currentCentresOn(database: Db, asOf: string, today: string, stages: boolean): CentreOnDate[] {
  return cachedFigures(database, { name: "centres-on", counters: ["centres"], limit: 6 }, `${asOf}|${today}|${stages}`, () =>
    centresOn(currentCountingData(database), asOf, today, { stages }),
  );
}

/**
 * Each centre's onboarding stage on `asOf`: its latest stage change effective on or before it
 * (same day: the one recorded last), as counting.ts orders events. One indexed lookup per centre.
 */
export function stagesOn(database: Db, asOf: string): Map<string, string> {
  const rows = database.all<{ id: string; stage: string | null }>(sql`
    select c.id as id, (
      select e.to_stage from centre_events e
      where e.centre_id = c.id and e.kind = 'stage_changed' and e.effective_on <= ${asOf}
      order by e.effective_on desc, e.recorded_at desc limit 1) as stage
    from centres c`);
  const out = new Map<string, string>();
  for (const r of rows) if (r.stage) out.set(r.id, r.stage);
  return out;
}

/**
 * Every centre's status on `asOf` (counting.ts), with its attributes and its stage on that
 * date. A centre without any stage event (created outside the app's flows) takes its cached
 * stage from today on. Stages cost a lookup per centre: skipped (left null) with `stages: false`.
 */
export function centresOn(data: CountingData, asOf: string, today: string, options: { stages?: boolean } = {}): CentreOnDate[] {
  const stages = (options.stages ?? true) ? stagesOn(data.database, asOf) : null;
  return statusesOn(data.countingEvents, data.centres, stages, asOf, today);
}

/* ------------------------------------------------------------------ requests */

function requestQuery(database: Db, where: ReturnType<typeof sql>): RawRequest[] {
  return database.all<RawRequest>(sql`
    select r.id, r.receipt_no as receiptNo, r.centre_id as centreId, r.category_code as categoryCode,
      r.assigned_steward_id as stewardId, r.status, r.submitted_on as submittedOn,
      r.accept_due_on as acceptDueOn, r.answer_due_on as answerDueOn, r.current_deadline_on as currentDeadlineOn,
      -- The first move out of 'submitted': acceptance sets accepted_at; a rejection is read from its event (Beijing dates).
      case
        when r.accepted_at is not null then date(r.accepted_at / 1000, 'unixepoch', '+8 hours')
        when r.status = 'rejected' then (select min(e.on_date) from ${requestEvents} e
          where e.request_id = r.id and e.from_status = 'submitted' and e.to_status = 'rejected')
      end as respondedOn,
      date(r.answered_at / 1000, 'unixepoch', '+8 hours') as answeredOn,
      (select s.rating from ${satisfaction} s where s.request_id = r.id) as rating,
      -- Every department the request was referred to (department_code keeps the latest one; only those rows need the events).
      case when r.department_code is not null then (
        select group_concat(distinct e.department_code) from ${requestEvents} e
        where e.request_id = r.id and e.to_status = 'referred' and e.department_code is not null) end as departments
    from ${supportRequests} r
    where ${where}`);
}

/** Requests submitted in the period (inclusive), with their facts. */
export function requestsInPeriod(
  period: ServicePeriod,
  today: string,
  calendar: WorkingCalendar,
  database: Db = defaultDb,
): RequestFacts[] {
  const rows = requestQuery(database, sql`r.submitted_on >= ${period.from} and r.submitted_on <= ${period.to}`);
  return rows.map((r) => toFacts(r, today, calendar));
}

/** These requests (ids) with their facts, in no particular order. */
export function requestFactsOf(
  ids: readonly string[],
  today: string,
  calendar: WorkingCalendar,
  database: Db = defaultDb,
): RequestFacts[] {
  if (ids.length === 0) return [];
  const rows = requestQuery(database, sql`r.id in (select value from json_each(${JSON.stringify(ids)}))`);
  return rows.map((r) => toFacts(r, today, calendar));
}

/** Every open request that is overdue today, whatever its submission date. */
export function overdueRequests(today: string, calendar: WorkingCalendar, database: Db = defaultDb): RequestFacts[] {
  // The deadline running now is stored with each status change (storedDeadlines, app/domain/request-clock.ts), indexed.
  const rows = requestQuery(database, sql`r.current_deadline_on < ${today}`);
  return rows.map((r) => toFacts(r, today, calendar)).filter((f) => f.overdue);
}

/** Centre names by id, for a drill-down's rows (900 ids a query, under SQLite's parameter limit). */
export function centreNames(database: Db, ids: readonly string[]): Map<string, { nameZh: string; nameEn: string }> {
  const names = new Map<string, { nameZh: string; nameEn: string }>();
  for (let i = 0; i < ids.length; i += 900)
    for (const row of database
      .select({ id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn })
      .from(centres)
      .where(inArray(centres.id, ids.slice(i, i + 900)))
      .all())
      names.set(row.id, { nameZh: row.nameZh, nameEn: row.nameEn });
  return names;
}
