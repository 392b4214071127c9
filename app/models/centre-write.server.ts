import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { centreIndustries, centres, contacts, referenceItems, users, type ReferenceKind } from "../../db/schema";
import { can, canEditCentre } from "~/domain/permissions";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import type { CentreFields, EditCentreInput, NewCentreInput } from "~/schemas/centre";
import { withCentreSearchDeferred } from "../../db/client.server";
import { db, sqliteOf } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { diffFields, recordAudit, recordAudits, type AuditEntry } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { CHECKLIST_ITEM_COLUMNS, checklistItemRow, newCentreChecklist, templateSet, type TemplateSet } from "./checklist.server";
import { insertRows, statement } from "./statements.server";

import { FORBIDDEN, NOT_FOUND, type Actor, type Tx, type WriteResult } from "./write-types.server";

/**
 * Where the server checks of a centre form look things up: reference codes, parks, stewards and
 * the codes already taken. By default the database, a query each; an import reads the lists once
 * for all its rows (`preloadedLookup`), so both run the same checks on the same data.
 */
export type CentreLookup = {
  /** Those of `codes` that are codes of the reference list `kind` (inactive ones too). */
  knownCodes(kind: ReferenceKind, codes: string[]): Set<string>;
  /** The park's district, or undefined for a code that is no park. */
  park(code: string): { parentCode: string | null } | undefined;
  /** The id of the active steward or admin with this email, or null. */
  stewardId(email: string): string | null;
  /** Is the USCC another centre's (not `exceptCentreId`'s)? */
  usccTaken(uscc: string, exceptCentreId?: string): boolean;
};

const databaseLookup: CentreLookup = {
  knownCodes: (kind, codes) =>
    codes.length === 0
      ? new Set<string>()
      : new Set(
          db
            .select({ code: referenceItems.code })
            .from(referenceItems)
            .where(and(eq(referenceItems.kind, kind), inArray(referenceItems.code, codes)))
            .all()
            .map((r) => r.code),
        ),
  park: (code) =>
    db
      .select({ parentCode: referenceItems.parentCode })
      .from(referenceItems)
      .where(and(eq(referenceItems.kind, "park"), eq(referenceItems.code, code)))
      .get(),
  stewardId: (email) =>
    db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .get()?.id ?? null,
  usccTaken: (uscc, exceptCentreId) =>
    Boolean(
      db
        .select({ id: centres.id })
        .from(centres)
        .where(exceptCentreId ? and(eq(centres.uscc, uscc), ne(centres.id, exceptCentreId)) : eq(centres.uscc, uscc))
        .get(),
    ),
};

/**
 * The reference lists and the active stewards read once, for checking many rows (an import);
 * `usccTaken` is the caller's, who knows which codes its rows name.
 */
export function preloadedLookup(usccTaken: CentreLookup["usccTaken"]): CentreLookup {
  const items = db
    .select({ kind: referenceItems.kind, code: referenceItems.code, parentCode: referenceItems.parentCode })
    .from(referenceItems)
    .all();
  const codes = new Map<string, Set<string>>();
  const parks = new Map<string, { parentCode: string | null }>();
  for (const item of items) {
    if (!codes.has(item.kind)) codes.set(item.kind, new Set());
    codes.get(item.kind)!.add(item.code);
    if (item.kind === "park") parks.set(item.code, { parentCode: item.parentCode });
  }
  const stewards = new Map(
    db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .all()
      .map((u) => [u.email, u.id]),
  );
  return {
    knownCodes: (kind, list) => new Set(list.filter((code) => codes.get(kind)?.has(code))),
    park: (code) => parks.get(code),
    stewardId: (email) => stewards.get(email) ?? null,
    usccTaken,
  };
}

/** Server-only checks of a centre form: codes exist in the reference lists, stewards exist, USCC unique. */
export function checkCentreReferences(
  input: Omit<CentreFields, "level">,
  options: { exceptCentreId?: string; stage?: string; lookup?: CentreLookup } = {},
) {
  const lookup = options.lookup ?? databaseLookup;
  const fieldErrors: FieldErrors = {};
  const known = (kind: ReferenceKind, codes: string[]) => lookup.knownCodes(kind, codes);
  if (!known("country", [input.country]).has(input.country)) fieldErrors.country = "validation.unknownCode";
  if (!known("district", [input.district]).has(input.district)) fieldErrors.district = "validation.unknownCode";
  if (input.park) {
    const park = lookup.park(input.park);
    if (!park) fieldErrors.park = "validation.unknownCode";
    else if (park.parentCode && park.parentCode !== input.district) fieldErrors.park = "validation.parkDistrict";
  }
  const industries = known("industry", input.industries);
  if (input.industries.some((c) => !industries.has(c))) fieldErrors.industries = "validation.unknownCode";
  if (options.stage !== undefined && !known("stage", [options.stage]).has(options.stage))
    fieldErrors.stage = "validation.stageUnknown";

  const steward = (email: string | null, field: string) => {
    if (!email) return null;
    const id = lookup.stewardId(email);
    if (!id) fieldErrors[field] = "validation.unknownSteward";
    return id;
  };
  const leadStewardId = steward(input.lead_steward_email, "lead_steward_email");
  const districtStewardId = steward(input.district_steward_email, "district_steward_email");

  if (lookup.usccTaken(input.uscc, options.exceptCentreId)) fieldErrors.uscc = "validation.usccTaken";
  return { fieldErrors, leadStewardId, districtStewardId };
}

function recordValues(
  input: Omit<CentreFields, "level">,
  refs: { leadStewardId: string | null; districtStewardId: string | null },
) {
  return {
    nameZh: input.name_zh,
    nameEn: input.name_en,
    uscc: input.uscc,
    parentCompany: input.parent_company,
    countryCode: input.country,
    districtCode: input.district,
    parkCode: input.park,
    type: input.type,
    rdHeadcount: input.rd_headcount,
    rdSpendCny: input.rd_spend_cny,
    website: input.website,
    address: input.address,
    notes: input.notes,
    leadStewardId: refs.leadStewardId,
    districtStewardId: refs.districtStewardId,
  };
}

const AUDITED_FIELDS = [
  "nameZh",
  "nameEn",
  "uscc",
  "parentCompany",
  "countryCode",
  "districtCode",
  "parkCode",
  "type",
  "level",
  "rdHeadcount",
  "rdSpendCny",
  "website",
  "address",
  "notes",
  "leadStewardId",
  "districtStewardId",
  "industries",
  "contacts",
] as const;

const contactLabel = (c: { name: string; role: string; email: string; phone: string; language: string }) =>
  [c.name, c.role, c.email, c.phone, c.language].filter(Boolean).join(" · ");

const NO_STEWARDS = { leadStewardId: null, districtStewardId: null };

/**
 * Creates a centre with its first stage event, its checklist and its audit rows, inside `tx`
 * (the caller's transaction) or its own: {@link createCentres} for one centre.
 */
export function createCentre(actor: Actor, input: NewCentreInput, tx?: Tx, options: CreateOptions = {}): WriteResult {
  return createCentres(actor, [{ input }], tx, options)[0]!;
}

export type CreateOptions = {
  /** The checklist's due dates (a run of many centres passes the calendar it read once). */
  calendar?: WorkingCalendar;
  /** The server checks' lists (an import reads them once: preloadedLookup). */
  lookup?: CentreLookup;
  templates?: TemplateSet;
};

/** A centre to create; `stageOn` dates its first stage (today by default; an import's recognition date). */
export type NewCentre = { input: NewCentreInput; stageOn?: string };

const CENTRE_COLUMNS = [
  "id",
  "name_zh",
  "name_en",
  "uscc",
  "parent_company",
  "country_code",
  "district_code",
  "park_code",
  "type",
  "rd_headcount",
  "rd_spend_cny",
  "website",
  "address",
  "notes",
  "lead_steward_id",
  "district_steward_id",
  "level",
  "stage",
  "stage_since",
] as const;

/**
 * Creates centres as the centre form does, each with its industries, contacts, first stage
 * event, service checklist (the templates for its type and the stages reached), search entries
 * and audit rows (the checklist's, one row listing its items, then the centre's), inside `tx` or
 * a transaction of its own. Each centre is checked first (the form's server checks: reference codes, stewards, USCC free);
 * one that is refused is not written at all and answers its refusal in its place; the others
 * are written. The rows of all of them are written together, in multi-row inserts of statements
 * compiled once per connection (an import writes a chunk of hundreds of centres at once).
 */
export function createCentres(
  actor: Actor,
  centresToCreate: readonly NewCentre[],
  tx?: Tx,
  options: CreateOptions = {},
): WriteResult[] {
  if (!can(actor.role, "create:centre:any")) return centresToCreate.map(() => FORBIDDEN);
  const write = (t: Tx): WriteResult[] => {
    const today = todayInBeijing();
    const calendar = options.calendar ?? workingCalendar(t);
    const templates = options.templates ?? templateSet(t);
    const rows = {
      centres: [] as unknown[][],
      industries: [] as unknown[][],
      events: [] as unknown[][],
      items: [] as unknown[][],
      audits: [] as AuditEntry[],
      contacts: [] as (NewCentreInput["contacts"][number] & { centreId: string })[],
    };
    const results = centresToCreate.map(({ input, stageOn = today }): WriteResult => {
      const refs = checkCentreReferences(input, { stage: input.stage, lookup: options.lookup });
      if (Object.keys(refs.fieldErrors).length > 0) return { ok: false, fieldErrors: refs.fieldErrors, status: 400 };
      const values = { ...recordValues(input, refs), level: input.level, stage: input.stage, stageSince: stageOn };
      // A creator who may edit only the centres they steward, naming no lead steward, becomes its lead.
      if (!values.leadStewardId && !canEditCentre(actor, NO_STEWARDS)) values.leadStewardId = actor.id;
      const id = uuidv7();
      rows.centres.push([
        id,
        values.nameZh,
        values.nameEn,
        values.uscc,
        values.parentCompany,
        values.countryCode,
        values.districtCode,
        values.parkCode ?? null,
        values.type,
        values.rdHeadcount ?? null,
        values.rdSpendCny ?? null,
        values.website ?? "",
        values.address ?? "",
        values.notes ?? "",
        values.leadStewardId ?? null,
        values.districtStewardId ?? null,
        values.level,
        values.stage,
        values.stageSince,
      ]);
      for (const code of input.industries) rows.industries.push([id, code]);
      for (const c of input.contacts) rows.contacts.push({ ...c, centreId: id });
      rows.events.push([uuidv7(), id, "stage_changed", input.stage, stageOn, actor.id, ""]);
      // The service checklist: the templates for this type and the stages reached so far.
      const checklist = newCentreChecklist(
        { id, type: input.type, stage: input.stage, leadStewardId: values.leadStewardId ?? null },
        { templates, calendar, today, actorId: actor.id },
      );
      for (const item of checklist.items) rows.items.push(checklistItemRow(item));
      if (checklist.audit) rows.audits.push(checklist.audit);
      rows.audits.push({
        actorId: actor.id,
        entity: "centre",
        entityId: id,
        action: "create",
        changes: diffFields(null, { ...values, industries: input.industries, contacts: input.contacts.map(contactLabel) }, [
          ...AUDITED_FIELDS,
          "stage",
        ]),
      });
      return { ok: true, id };
    });
    // Their search entries in one statement per table, not a trigger run (and an index segment) per centre.
    withCentreSearchDeferred(sqliteOf(t), () => insertRows(t, "centres", CENTRE_COLUMNS, rows.centres));
    indexNewCentres(
      t,
      rows.centres.map((row) => row[0] as string),
    );
    insertRows(t, "centre_industries", ["centre_id", "industry_code"], rows.industries);
    for (const c of rows.contacts) t.insert(contacts).values(c).run();
    insertRows(t, "centre_events", ["id", "centre_id", "kind", "to_stage", "effective_on", "actor_id", "note"], rows.events);
    insertRows(t, "checklist_items", CHECKLIST_ITEM_COLUMNS, rows.items);
    recordAudits(t, rows.audits);
    return results;
  };
  return tx ? write(tx) : db.transaction(write);
}

/**
 * The search entries of new centres as the centre search trigger writes them (the backfill
 * statements of migration 0007_search_index, for these centres): their document, then their rows
 * in both full-text tables, each table in one statement, so the index takes them in one go.
 */
const CENTRE_SEARCH_ENTRIES = [
  "insert into search_docs (kind, ref_id, centre_id, parent_id, short) select 'centre', r.id, r.id, null, rdc_fold(coalesce(r.name_zh, '') || char(10) || coalesce(r.name_en, '') || char(10) || coalesce(r.parent_company, '')) from centres r where r.id in (select value from json_each(?)) order by r.rowid",
  "insert into search_fts_centres (rowid, body) select d.id, rdc_fold(coalesce(r.name_zh, '') || char(10) || coalesce(r.name_en, '') || char(10) || coalesce(r.parent_company, '') || char(10) || coalesce(r.uscc, '') || char(10) || coalesce(r.address, '')) from centres r join search_docs d on d.kind = 'centre' and d.ref_id = r.id where r.id in (select value from json_each(?))",
  "insert into search_fts_short (rowid, body) select d.id, 'kindcentre ' || rdc_chars(d.short) from search_docs d where d.kind = 'centre' and d.ref_id in (select value from json_each(?))",
] as const;

function indexNewCentres(t: Tx, ids: readonly string[]) {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  for (const sql of CENTRE_SEARCH_ENTRIES) statement(t, sql).run(list);
}

/**
 * Saves an edit when the version the user started from is still current (optimistic
 * concurrency); otherwise answers 409 and changes nothing.
 */
export function updateCentre(actor: Actor, centreId: string, input: EditCentreInput, tx?: Tx): WriteResult {
  const write = (t: Tx): WriteResult => {
    const before = t.select().from(centres).where(eq(centres.id, centreId)).get();
    if (!before) return NOT_FOUND;
    if (!canEditCentre(actor, before)) return FORBIDDEN;
    const refs = checkCentreReferences(input, { exceptCentreId: centreId });
    if (Object.keys(refs.fieldErrors).length > 0) return { ok: false, fieldErrors: refs.fieldErrors, status: 400 };
    if (before.version !== input.version) return { ok: false, fieldErrors: { _form: "validation.staleVersion" }, status: 409 };

    const values = recordValues(input, refs);
    const beforeIndustries = t
      .select({ code: centreIndustries.industryCode })
      .from(centreIndustries)
      .where(eq(centreIndustries.centreId, centreId))
      .all()
      .map((r) => r.code);
    const beforeContacts = t.select().from(contacts).where(eq(contacts.centreId, centreId)).all();
    const changes = diffFields(
      { ...before, industries: beforeIndustries, contacts: beforeContacts.map(contactLabel) },
      { ...before, ...values, industries: input.industries, contacts: input.contacts.map(contactLabel) },
      [...AUDITED_FIELDS],
    );
    if (changes.length === 0) return { ok: true, id: centreId };
    const updated = t
      .update(centres)
      .set({ ...values, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(centres.id, centreId), eq(centres.version, input.version)))
      .run();
    if (updated.changes !== 1) return { ok: false, fieldErrors: { _form: "validation.staleVersion" }, status: 409 };
    if (changes.some((c) => c.field === "industries")) {
      t.delete(centreIndustries).where(eq(centreIndustries.centreId, centreId)).run();
      for (const code of input.industries) t.insert(centreIndustries).values({ centreId, industryCode: code }).run();
    }
    if (changes.some((c) => c.field === "contacts")) {
      t.delete(contacts).where(eq(contacts.centreId, centreId)).run();
      for (const c of input.contacts)
        t.insert(contacts)
          .values({ ...c, centreId })
          .run();
    }
    recordAudit(t, { actorId: actor.id, entity: "centre", entityId: centreId, action: "update", changes });
    return { ok: true, id: centreId };
  };
  return tx ? write(tx) : db.transaction(write);
}
