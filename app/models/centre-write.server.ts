import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { centreEvents, centreIndustries, centres, contacts, referenceItems, users, type ReferenceKind } from "../../db/schema";
import { can, canEditCentre } from "~/domain/permissions";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import type { CentreFields, EditCentreInput, NewCentreInput } from "~/schemas/centre";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { diffFields, recordAudit } from "./audit.server";
import { applyTemplates } from "./checklist.server";

import { FORBIDDEN, NOT_FOUND, type Actor, type Tx, type WriteResult } from "./write-types.server";

/** Server-only checks of a centre form: codes exist in the reference lists, stewards exist, USCC unique. */
export function checkCentreReferences(
  input: Omit<CentreFields, "level">,
  options: { exceptCentreId?: string; stage?: string } = {},
) {
  const fieldErrors: FieldErrors = {};
  const known = (kind: ReferenceKind, codes: string[]) => {
    if (codes.length === 0) return new Set<string>();
    return new Set(
      db
        .select({ code: referenceItems.code })
        .from(referenceItems)
        .where(and(eq(referenceItems.kind, kind), inArray(referenceItems.code, codes)))
        .all()
        .map((r) => r.code),
    );
  };
  if (!known("country", [input.country]).has(input.country)) fieldErrors.country = "validation.unknownCode";
  if (!known("district", [input.district]).has(input.district)) fieldErrors.district = "validation.unknownCode";
  if (input.park) {
    const park = db
      .select({ parentCode: referenceItems.parentCode })
      .from(referenceItems)
      .where(and(eq(referenceItems.kind, "park"), eq(referenceItems.code, input.park)))
      .get();
    if (!park) fieldErrors.park = "validation.unknownCode";
    else if (park.parentCode && park.parentCode !== input.district) fieldErrors.park = "validation.parkDistrict";
  }
  const industries = known("industry", input.industries);
  if (input.industries.some((c) => !industries.has(c))) fieldErrors.industries = "validation.unknownCode";
  if (options.stage !== undefined && !known("stage", [options.stage]).has(options.stage))
    fieldErrors.stage = "validation.stageUnknown";

  const steward = (email: string | null, field: string) => {
    if (!email) return null;
    const row = db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .get();
    if (!row) fieldErrors[field] = "validation.unknownSteward";
    return row?.id ?? null;
  };
  const leadStewardId = steward(input.lead_steward_email, "lead_steward_email");
  const districtStewardId = steward(input.district_steward_email, "district_steward_email");

  const duplicate = db
    .select({ id: centres.id })
    .from(centres)
    .where(
      options.exceptCentreId
        ? and(eq(centres.uscc, input.uscc), ne(centres.id, options.exceptCentreId))
        : eq(centres.uscc, input.uscc),
    )
    .get();
  if (duplicate) fieldErrors.uscc = "validation.usccTaken";
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

/** Creates a centre with its first stage event, inside `tx` (the caller's transaction) or its own. */
/** `calendar`: the working calendar for the checklist's due dates, when the caller has one (an import makes it once). */
export function createCentre(
  actor: Actor,
  input: NewCentreInput,
  tx?: Tx,
  options: { calendar?: WorkingCalendar } = {},
): WriteResult {
  if (!can(actor.role, "create:centre:any")) return FORBIDDEN;
  const refs = checkCentreReferences(input, { stage: input.stage });
  if (Object.keys(refs.fieldErrors).length > 0) return { ok: false, fieldErrors: refs.fieldErrors, status: 400 };
  const write = (t: Tx) => {
    const today = todayInBeijing();
    const values = { ...recordValues(input, refs), level: input.level, stage: input.stage, stageSince: today };
    // A creator who may edit only the centres they steward, naming no lead steward, becomes its lead.
    if (!values.leadStewardId && !canEditCentre(actor, NO_STEWARDS)) values.leadStewardId = actor.id;
    const id = t.insert(centres).values(values).returning({ id: centres.id }).get().id;
    for (const code of input.industries) t.insert(centreIndustries).values({ centreId: id, industryCode: code }).run();
    for (const c of input.contacts)
      t.insert(contacts)
        .values({ ...c, centreId: id })
        .run();
    t.insert(centreEvents)
      .values({ centreId: id, kind: "stage_changed", toStage: input.stage, effectiveOn: today, actorId: actor.id, note: "" })
      .run();
    // The service checklist: the templates for this type and the stages reached so far.
    applyTemplates(t, { id }, { stage: input.stage, actorId: actor.id, today, calendar: options.calendar });
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
