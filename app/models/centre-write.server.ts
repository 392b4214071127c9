import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { centreIndustries, centres, contacts, referenceItems, users, type ReferenceKind } from "../../db/schema";
import { can, canEditCentre } from "~/domain/permissions";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import type { CentreFields, EditCentreInput, NewCentreInput } from "~/schemas/centre";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { diffFields, recordAudit } from "./audit.server";
import { applyTemplates, type TemplateSet } from "./checklist.server";
import { statement } from "./statements.server";

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
 * (the caller's transaction) or its own. An import creating thousands passes what it read once:
 * `calendar` (the checklist's due dates), `lookup` (the server checks' lists), `templates`.
 * The writes are statements compiled once per connection (statements.server.ts).
 */
export function createCentre(
  actor: Actor,
  input: NewCentreInput,
  tx?: Tx,
  options: { calendar?: WorkingCalendar; lookup?: CentreLookup; templates?: TemplateSet } = {},
): WriteResult {
  if (!can(actor.role, "create:centre:any")) return FORBIDDEN;
  const refs = checkCentreReferences(input, { stage: input.stage, lookup: options.lookup });
  if (Object.keys(refs.fieldErrors).length > 0) return { ok: false, fieldErrors: refs.fieldErrors, status: 400 };
  const write = (t: Tx) => {
    const today = todayInBeijing();
    const values = { ...recordValues(input, refs), level: input.level, stage: input.stage, stageSince: today };
    // A creator who may edit only the centres they steward, naming no lead steward, becomes its lead.
    if (!values.leadStewardId && !canEditCentre(actor, NO_STEWARDS)) values.leadStewardId = actor.id;
    const id = uuidv7();
    statement(
      t,
      `insert into centres (id, name_zh, name_en, uscc, parent_company, country_code, district_code, park_code, type,
         rd_headcount, rd_spend_cny, website, address, notes, lead_steward_id, district_steward_id, level, stage, stage_since)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
    );
    const industry = statement(t, "insert into centre_industries (centre_id, industry_code) values (?, ?)");
    for (const code of input.industries) industry.run(id, code);
    for (const c of input.contacts)
      t.insert(contacts)
        .values({ ...c, centreId: id })
        .run();
    statement(
      t,
      "insert into centre_events (id, centre_id, kind, to_stage, effective_on, actor_id, note) values (?, ?, 'stage_changed', ?, ?, ?, '')",
    ).run(uuidv7(), id, input.stage, today, actor.id);
    // The service checklist: the templates for this type and the stages reached so far.
    applyTemplates(
      t,
      { id },
      { stage: input.stage, actorId: actor.id, today, calendar: options.calendar, templates: options.templates },
    );
    recordAudit(t, {
      actorId: actor.id,
      entity: "centre",
      entityId: id,
      action: "create",
      changes: diffFields(null, { ...values, industries: input.industries, contacts: input.contacts.map(contactLabel) }, [
        ...AUDITED_FIELDS,
        "stage",
      ]),
    });
    return id;
  };
  const id = tx ? write(tx) : db.transaction(write);
  return { ok: true, id };
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
