import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { centreEvents, centreIndustries, centres, contacts, users } from "../../db/schema";
import { PAGE_SIZE, type CentreFilters } from "~/schemas/centre-filters";
import type { CentreEvent } from "~/domain/counting";
import { parseSearchQuery } from "~/domain/search-text";
import { db } from "~/utils/db.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { centreMatchCondition, centreMatchCount, centreShortMatchTest } from "./search.server";

/** A centre's profile as the portal and the centre list show it: names, parent, origin, place, type, level, stage. */
const profileColumns = {
  id: centres.id,
  nameZh: centres.nameZh,
  nameEn: centres.nameEn,
  parentCompany: centres.parentCompany,
  countryCode: centres.countryCode,
  districtCode: centres.districtCode,
  parkCode: centres.parkCode,
  type: centres.type,
  level: centres.level,
  stage: centres.stage,
};

/** ★ The portal's view of a centre: scoped to the enterprise user's own centre, no staff-only fields. */
export function getPortalCentre(user: { centreId: string }) {
  return portalCentreById().get({ centreId: user.centreId });
}

const portalCentreById = preparedQuery((conn) =>
  conn
    .select({
      ...profileColumns,
      stewardName: users.name,
      stewardEmail: users.email,
    })
    .from(centres)
    .leftJoin(users, eq(users.id, centres.leadStewardId))
    .where(eq(centres.id, sql.placeholder("centreId")))
    .prepare(),
);

export function countCentres() {
  return db.get<{ count: number }>(sql`select count(*) as count from ${centres}`).count;
}

/** All recognition, level and withdrawal events: the input of every count (app/domain/counting.ts). */
export function listCountingEvents(): CentreEvent[] {
  return db
    .select({
      centreId: centreEvents.centreId,
      kind: centreEvents.kind,
      effectiveOn: centreEvents.effectiveOn,
      recordedAt: centreEvents.recordedAt,
      batch: centreEvents.batch,
      fromLevel: centreEvents.fromLevel,
      toLevel: centreEvents.toLevel,
    })
    .from(centreEvents)
    .where(sql`${centreEvents.kind} in ('recognised', 'level_changed', 'withdrawn')`)
    .all()
    .map((e) => ({ ...e, level: e.toLevel, recordedAt: e.recordedAt.toISOString() }));
}

/**
 * Centres a form's centre select offers at most (issue 14: at scale a city has 30,000, and a
 * steward who imported a registry leads them all); past it the form narrows them by name.
 */
export const CENTRE_CHOICES_MAX = 100;

export type CentreChoice = { id: string; nameZh: string; nameEn: string };
/** What a form's centre select shows: the first `shown` of `total` choices, `matching` of them matching `q`. */
export type CentreChoiceList = { shown: number; total: number; matching: number; q: string };

/**
 * Centres as choices for a select, by English name: those `stewardId` looks after (else every
 * centre), matching `q` as the centre list's search does, the first CENTRE_CHOICES_MAX. The centre
 * already `chosen` (a link's `?centre=`, a refused form's value) comes first when it is among
 * them but not on the page. `list` says what the select shows: how many of the first (`shown`),
 * of how many choices (`total`), of which `matching` match `q`.
 */
export function centreChoices(options: { stewardId?: string; q?: string; chosen?: string | null } = {}): {
  choices: CentreChoice[];
  list: CentreChoiceList;
} {
  const own = options.stewardId ? stewardedBy(options.stewardId) : undefined;
  const search = options.q ? centreMatchCondition(options.q) : null;
  const columns = { id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn };
  const countOf = (where: SQL | undefined) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(centres)
      .where(where)
      .get()!.n;
  const total = countOf(own);
  const matching = search ? countOf(and(own, search)) : total;
  const choices = db
    .select(columns)
    .from(centres)
    .where(and(own, search ?? undefined))
    .orderBy(asc(centres.nameEn), asc(centres.id))
    .limit(CENTRE_CHOICES_MAX)
    .all();
  const list = { shown: choices.length, total, matching, q: options.q ?? "" };
  if (options.chosen && !choices.some((c) => c.id === options.chosen)) {
    const chosen = db
      .select(columns)
      .from(centres)
      .where(and(eq(centres.id, options.chosen), own))
      .get();
    if (chosen) choices.unshift(chosen);
  }
  return { choices, list };
}

/** SQL for "recognised as of today": the latest recognition/withdrawal event on or before today is a recognition. */
const recognisedNowSql = (today: string) => sql<number>`coalesce((
  select e.kind = 'recognised' from ${centreEvents} e
  where e.centre_id = ${centres.id} and e.kind in ('recognised', 'withdrawn') and e.effective_on <= ${today}
  order by e.effective_on desc, e.kind = 'withdrawn' desc limit 1), 0)`;
const firstBatchSql = sql<number | null>`(
  select e.batch from ${centreEvents} e where e.centre_id = ${centres.id} and e.kind = 'recognised'
  order by e.effective_on asc, e.batch asc limit 1)`;

/**
 * Centres a steward leads or stewards in the district: two index-led lookups (lead, district
 * steward) instead of an OR that scans every centre. `centreId` is the column naming the centre
 * (the centre's own id by default; a request's centre_id, say).
 */
export function stewardedBy(stewardId: string, centreId: SQLiteColumn = centres.id): SQL {
  return sql`${centreId} in (select c.id from ${centres} c where c.lead_steward_id = ${stewardId}
    union select c.id from ${centres} c where c.district_steward_id = ${stewardId})`;
}

function centreFilterConditions(filters: CentreFilters, today: string): SQL[] {
  const where: SQL[] = [];
  if (filters.q) {
    // The search index (issue 13's one search box, folded and substring-matched), not a LIKE over every centre.
    const matching = centreMatchCondition(filters.q);
    if (matching) where.push(matching);
  }
  if (filters.stage) where.push(eq(centres.stage, filters.stage));
  if (filters.level) where.push(sql`${centres.level} = ${filters.level}`);
  if (filters.type) where.push(sql`${centres.type} = ${filters.type}`);
  if (filters.district) where.push(eq(centres.districtCode, filters.district));
  if (filters.park) where.push(eq(centres.parkCode, filters.park));
  if (filters.country) where.push(eq(centres.countryCode, filters.country));
  if (filters.industry)
    where.push(
      sql`exists (select 1 from ${centreIndustries} ci where ci.centre_id = ${centres.id} and ci.industry_code = ${filters.industry})`,
    );
  if (filters.steward) where.push(stewardedBy(filters.steward));
  if (filters.batch) where.push(sql`${firstBatchSql} = ${filters.batch}`);
  if (filters.recognised) where.push(sql`${recognisedNowSql(today)} = ${filters.recognised === "yes" ? 1 : 0}`);
  return where;
}

const SORTS: Record<CentreFilters["sort"], SQL[]> = {
  name: [asc(centres.nameEn)],
  "-name": [desc(centres.nameEn)],
  stage: [asc(centres.stage), asc(centres.nameEn)],
  days_in_stage: [desc(centres.stageSince), asc(centres.nameEn)],
  "-days_in_stage": [asc(centres.stageSince), asc(centres.nameEn)],
  level: [asc(centres.level), asc(centres.nameEn)],
  "-level": [desc(centres.level), asc(centres.nameEn)],
  "-updated": [desc(centres.updatedAt)],
  updated: [asc(centres.updatedAt)],
};

/** The ids of every centre matching the list's filters, in its sort order (bulk actions on "all matching"). */
export function listCentreIds(filters: CentreFilters, options: { today: string }): string[] {
  const where = centreFilterConditions(filters, options.today);
  return db
    .select({ id: centres.id })
    .from(centres)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...SORTS[filters.sort])
    .all()
    .map((r) => r.id);
}

/**
 * The filtered, sorted centre list; `limit: null` returns every match (exports); `ids` narrows
 * it to those centres (exporting a selection).
 */
export function listCentres(filters: CentreFilters, options: { today: string; limit?: number | null; ids?: readonly string[] }) {
  const where = centreFilterConditions(filters, options.today);
  if (options.ids) where.push(inArray(centres.id, [...options.ids]));
  const condition = where.length ? and(...where) : undefined;
  const query = filters.q ?? "";
  const searching = parseSearchQuery(query).terms.length > 0;
  // A search alone: its matching documents counted (one per centre), not looked up in the centres.
  const total =
    searching && where.length === 1
      ? centreMatchCount(query)
      : db
          .select({ count: sql<number>`count(*)` })
          .from(centres)
          .where(condition)
          .get()!.count;
  const limit = options.limit === undefined ? PAGE_SIZE : options.limit;
  const lead = alias(users, "lead");
  const columns = {
    ...profileColumns,
    uscc: centres.uscc,
    stageSince: centres.stageSince,
    rdHeadcount: centres.rdHeadcount,
    rdSpendCny: centres.rdSpendCny,
    leadStewardName: lead.name,
    leadStewardEmail: lead.email,
    recognised: recognisedNowSql(options.today),
    firstBatch: firstBatchSql,
    firstRecognisedOn: sql<
      string | null
    >`(select min(e.effective_on) from ${centreEvents} e where e.centre_id = ${centres.id} and e.kind = 'recognised')`,
    industries: sql<
      string | null
    >`(select group_concat(ci.industry_code, ';') from ${centreIndustries} ci where ci.centre_id = ${centres.id})`,
  };
  const decorated = (rowCondition: SQL | undefined) =>
    db.select(columns).from(centres).leftJoin(lead, eq(lead.id, centres.leadStewardId)).where(rowCondition);
  let rows: ReturnType<ReturnType<typeof decorated>["all"]>;
  if (limit === null)
    rows = decorated(condition)
      .orderBy(...SORTS[filters.sort])
      .all();
  else {
    // The page first (filter, sort, limit: index-led, no per-row subqueries), then only its rows
    // get their recognition, batch, industries and steward: the four correlated subqueries run
    // 25 times, not once per matching centre.
    const pageIds = db
      .select({ id: centres.id })
      .from(centres)
      .where(searching ? and(...pageConditions(filters, where, total)) : condition)
      .orderBy(...SORTS[filters.sort])
      .limit(limit)
      .offset((filters.page - 1) * limit)
      .all()
      .map((r) => r.id);
    const byId = new Map((pageIds.length ? decorated(inArray(centres.id, pageIds)).all() : []).map((r) => [r.id, r] as const));
    rows = pageIds.map((id) => byId.get(id)!).filter(Boolean);
  }
  return {
    total,
    rows: rows.map((r) => ({ ...r, recognised: Boolean(r.recognised), industries: r.industries ? r.industries.split(";") : [] })),
  };
}

/**
 * The page's conditions for a search: when most centres match a query of short terms, each
 * centre is tested as the list walks them in name order (it stops at the page: 25 of 30,000 for
 * "北京"), instead of collecting every match and sorting them all. The walk reads about
 * 25 × centres / matches rows, so it is chosen when that is fewer than the matches (issue 14).
 */
function pageConditions(filters: CentreFilters, where: SQL[], total: number): SQL[] {
  if (filters.sort !== "name" && filters.sort !== "-name") return where;
  const test = centreShortMatchTest(filters.q ?? "");
  if (!test) return where;
  const centresKept = db.get<{ n: number | null }>(sql`select max(rowid) as n from ${centres}`).n ?? 0;
  if (total * total < PAGE_SIZE * centresKept) return where;
  // The search's condition is the first (centreFilterConditions); the others stay.
  return [test, ...where.slice(1)];
}

export type CentreListRow = ReturnType<typeof listCentres>["rows"][number];

/** Stewards (and admins) who can be assigned to centres. */
export function listStewards() {
  return activeStewards().all();
}

const activeStewards = preparedQuery((conn) =>
  conn
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .prepare(),
);

/**
 * Centres with everything their page and edit form show: the record, the lead and district
 * stewards' names and emails, the industries, the contacts (by name). By id (a centre's page) or
 * by USCC (the centres an import's rows name), a few queries for up to 500 centres.
 */
export function centresWithPeople(where: { ids: readonly string[] } | { usccs: readonly string[] }) {
  const keys = "ids" in where ? where.ids : where.usccs;
  if (keys.length === 0) return [];
  const rows = ("ids" in where ? centresWithStewardsById : centresWithStewardsByUscc)().all({ keys: jsonList(keys) });
  if (rows.length === 0) return [];
  const ids = jsonList(rows.map((r) => r.centre.id));
  const industries = new Map<string, string[]>();
  for (const r of industriesOfCentres().all({ ids })) industries.set(r.centreId, [...(industries.get(r.centreId) ?? []), r.code]);
  type Contact = Pick<typeof contacts.$inferSelect, "id" | "name" | "role" | "email" | "phone" | "language">;
  const people = new Map<string, Contact[]>();
  for (const { centreId, ...contact } of contactsOfCentres().all({ ids }))
    people.set(centreId, [...(people.get(centreId) ?? []), contact]);
  return rows.map(({ centre: record, ...stewards }) => ({
    ...record,
    ...stewards,
    industries: industries.get(record.id) ?? [],
    contacts: people.get(record.id) ?? [],
  }));
}

/** Centres with their stewards' names, by id or by USCC (the list bound as `keys`). */
const centresWithStewards = (key: SQLiteColumn) =>
  preparedQuery((conn) => {
    const lead = alias(users, "lead");
    const district = alias(users, "district");
    return conn
      .select({
        centre: centres,
        leadStewardName: lead.name,
        leadStewardEmail: lead.email,
        districtStewardName: district.name,
        districtStewardEmail: district.email,
      })
      .from(centres)
      .leftJoin(lead, eq(lead.id, centres.leadStewardId))
      .leftJoin(district, eq(district.id, centres.districtStewardId))
      .where(inList(key, "keys"))
      .prepare();
  });
const centresWithStewardsById = centresWithStewards(centres.id);
const centresWithStewardsByUscc = centresWithStewards(centres.uscc);

const industriesOfCentres = preparedQuery((conn) =>
  conn
    .select({ centreId: centreIndustries.centreId, code: centreIndustries.industryCode })
    .from(centreIndustries)
    .where(inList(centreIndustries.centreId, "ids"))
    .prepare(),
);

const contactsOfCentres = preparedQuery((conn) =>
  conn
    .select({
      centreId: contacts.centreId,
      id: contacts.id,
      name: contacts.name,
      role: contacts.role,
      email: contacts.email,
      phone: contacts.phone,
      language: contacts.language,
    })
    .from(contacts)
    .where(inList(contacts.centreId, "ids"))
    .orderBy(asc(contacts.name))
    .prepare(),
);

/** One centre with everything its page and edit form show. */
export function getCentre(centreId: string) {
  return centresWithPeople({ ids: [centreId] })[0] ?? null;
}
