import { and, inArray } from "drizzle-orm";
import { z } from "zod";
import { centreEvents } from "../../db/schema";
import {
  CENTRE_CSV_COLUMNS,
  checkCsvHeader,
  csvRowToValues,
  type CentreCsvColumn,
  type ImportReferences,
  type ReferenceChoice,
} from "~/domain/centre-csv";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS, type Level } from "~/domain/levels";
import type { CentreEvent } from "~/domain/counting";
import { canEditCentre } from "~/domain/permissions";
import { normalizeUscc } from "~/domain/uscc";
import { catalogues } from "~/locales";
import { NewCentreSchema, isoDateField, type EditCentreInput, type NewCentreInput } from "~/schemas/centre";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import type { StoredRow } from "./centre-import-upload.server";
import { conflictOf } from "./centre-events.server";
import { centresWithPeople } from "./centre.server";
import { checkCentreReferences, preloadedLookup, type CentreLookup } from "./centre-write.server";
import type { Actor } from "./write-types.server";
import { referenceList } from "./reference.server";

/**
 * Planning a centre import: every row is validated with the centre form's schema and the same
 * server checks as the form, and planned as create / update / unchanged / skip, keyed on USCC.
 * A planner is made once per run and plans a slice of rows at a time against the database as it
 * is then (the commit plans each slice again inside the transaction that writes it).
 */

export type RowIssue = { column: string; message: string; params?: Record<string, string | number>; value?: string };
export type RowAction = "create" | "update" | "unchanged" | "skip";
export type PlannedRow = {
  line: number;
  uscc: string;
  nameZh: string;
  nameEn: string;
  action: RowAction;
  centreId: string | null;
  /** Columns an update changes (stage and recognised_batch mean a new event). */
  changes: string[];
  errors: RowIssue[];
  warnings: RowIssue[];
};
export type ImportCounts = Record<RowAction, number>;
/** What the preview shows: the counts, every flagged row (at most PREVIEW_FLAGGED_ROWS) and the first clean ones. */
export type ImportPreview = {
  counts: ImportCounts;
  total: number;
  ignoredColumns: string[];
  missingOptional: CentreCsvColumn[];
  rows: PlannedRow[];
  /** Rows without problems not shown. */
  hiddenRows: number;
  /** Rows with problems beyond the first PREVIEW_FLAGGED_ROWS, not shown. */
  hiddenFlagged: number;
};
export type SkippedRow = Pick<PlannedRow, "line" | "uscc" | "nameZh" | "nameEn" | "errors">;

/** Reference lists for label → code resolution; inactive items too, since records may still use them. */
export function csvReferences(): ImportReferences {
  const list = (kind: Parameters<typeof referenceList>[0]): ReferenceChoice[] =>
    referenceList(kind, { includeInactive: true }).map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn }));
  const fromCatalogue = (codes: readonly string[], group: "levels" | "centreTypes"): ReferenceChoice[] =>
    codes.map((code) => ({
      code,
      labelZh: (catalogues["zh-CN"][group] as Record<string, string>)[code] ?? code,
      labelEn: (catalogues.en[group] as Record<string, string>)[code] ?? code,
    }));
  return {
    country: list("country"),
    district: list("district"),
    park: list("park"),
    industries: list("industry"),
    stage: list("stage"),
    type: fromCatalogue(CENTRE_TYPES, "centreTypes"),
    level: fromCatalogue(LEVELS, "levels"),
  };
}

const BatchSchema = z.coerce
  .number({ invalid_type_error: "validation.wholeNumber" })
  .int("validation.wholeNumber")
  .min(1, "validation.wholeNumber")
  .max(1000, "validation.tooLarge:1000");

type Existing = {
  id: string;
  uscc: string;
  nameZh: string;
  nameEn: string;
  parentCompany: string;
  countryCode: string;
  districtCode: string;
  parkCode: string | null;
  type: string;
  level: Level;
  stage: string;
  rdHeadcount: number | null;
  rdSpendCny: number | null;
  website: string;
  address: string;
  notes: string;
  version: number;
  leadStewardId: string | null;
  districtStewardId: string | null;
  leadStewardEmail: string | null;
  districtStewardEmail: string | null;
  industries: string[];
  contacts: EditCentreInput["contacts"];
  batches: number[];
  /** The centre's recognitions: batch, effective date and event id (for a dated correction). */
  recognitions: { batch: number; effectiveOn: string; eventId: string }[];
  /** Its recognition and withdrawal events, to check a new recognition against (historyConflicts). */
  history: CentreEvent[];
};

/** What a valid row does when committed. */
export type Execution =
  | { kind: "create"; input: NewCentreInput; recognition: Recognition | null }
  | {
      kind: "update";
      centreId: string;
      input: EditCentreInput;
      stage: string | null;
      recognition: Recognition | null;
      correction: Correction | null;
    };
export type Recognition = { batch: number; level: Level; effectiveOn: string };
/** A re-import giving another date for a batch the centre already has: a dated, audited correction. */
type Correction = { eventId: string; batch: number; from: string; to: string };
export type PlannedWithExecution = PlannedRow & { execution: Execution | null; raw: Record<string, string | undefined> };

/** The centres the file's codes already name, loaded a chunk at a time (a few queries per 500 rows, not per row). */
function existingCentres(usccs: string[]): Map<string, Existing> {
  const found = new Map<string, Existing>();
  for (let i = 0; i < usccs.length; i += 500) {
    // The same read as the centre's page and edit form: what an update keeps, it keeps from there.
    const rows = centresWithPeople({ usccs: usccs.slice(i, i + 500) }).map((c) => ({
      ...c,
      contacts: c.contacts.map(({ id: _id, ...contact }) => contact),
    }));
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.id);
    const events = db
      .select({
        centreId: centreEvents.centreId,
        kind: centreEvents.kind,
        batch: centreEvents.batch,
        effectiveOn: centreEvents.effectiveOn,
        eventId: centreEvents.id,
        level: centreEvents.toLevel,
      })
      .from(centreEvents)
      .where(and(inArray(centreEvents.centreId, ids), inArray(centreEvents.kind, ["recognised", "withdrawn"])))
      .all();
    const batches = events.filter((e) => e.kind === "recognised");
    for (const row of rows) {
      found.set(row.uscc, {
        ...row,
        batches: batches.filter((x) => x.centreId === row.id && x.batch !== null).map((x) => x.batch!),
        recognitions: batches
          .filter((x) => x.centreId === row.id && x.batch !== null)
          .map((x) => ({ batch: x.batch!, effectiveOn: x.effectiveOn, eventId: x.eventId })),
        history: events
          .filter((x) => x.centreId === row.id)
          .map((x) => ({
            id: x.eventId,
            centreId: row.id,
            kind: x.kind as "recognised" | "withdrawn",
            effectiveOn: x.effectiveOn,
            batch: x.batch,
            level: x.level,
          })),
      });
    }
  }
  return found;
}

export const issuesOf = (errors: FieldErrors, raw: Record<string, string | undefined>): RowIssue[] =>
  Object.entries(errors).map(([field, message]) => ({
    column: field === "_form" ? "row" : field,
    message,
    ...(raw[field] !== undefined ? { value: raw[field]!.slice(0, 200) } : {}),
  }));

/**
 * Plans every row. `serverChecks` runs the centre form's server checks (checkCentreReferences) on
 * each row, as the preview must; the commit leaves them to createCentre and updateCentre, which
 * run them again anyway, and skips a row they refuse.
 */

export type Planner = (rows: StoredRow[]) => PlannedWithExecution[];
export type PlanContext = { ignoredColumns: string[]; missingOptional: CentreCsvColumn[] };

/**
 * The planner's lookups for the form's server checks: the reference lists and stewards read once
 * per run, the codes taken from the centres of the slice being planned (its rows' codes, read
 * by existingCentres; the commit plans each slice inside the transaction that writes it).
 */
function sliceLookup() {
  let existing = new Map<string, Existing>();
  const lookup = preloadedLookup((uscc, exceptCentreId) => {
    const holder = existing.get(uscc);
    return Boolean(holder && holder.id !== exceptCentreId);
  });
  return { lookup, setSlice: (found: Map<string, Existing>) => (existing = found) };
}

/**
 * A planner for the rows of an upload with this header. `serverChecks` runs the centre form's
 * server checks (checkCentreReferences) on each row, as the preview must; the commit leaves them
 * to createCentre and updateCentre, which run them again anyway, and skips a row they refuse.
 */
export function makePlanner(
  actor: Actor,
  headerRow: string[],
  today: string,
  serverChecks: boolean,
): { plan: Planner; context: PlanContext; lookup: CentreLookup } {
  const header = checkCsvHeader(headerRow);
  if (!header.ok) throw new Error("A stored upload always has a valid header");
  const refs = csvReferences();
  const { lookup, setSlice } = sliceLookup();
  const plan: Planner = (slice) => {
    const mapped = slice.map((row) => {
      const csv = csvRowToValues(row.cells, header.index, refs);
      const raw = Object.fromEntries(
        CENTRE_CSV_COLUMNS.map((c) => [
          c,
          header.index[c] === undefined ? undefined : (row.cells[header.index[c]!] ?? "").trim() || undefined,
        ]),
      );
      return { row, csv, raw, uscc: normalizeUscc(csv.values.uscc ?? "") };
    });
    const existing = existingCentres([...new Set(mapped.map((m) => m.uscc).filter((u) => u.length === 18))]);
    setSlice(existing);

    const rows = mapped.map(({ row, csv, raw, uscc }): PlannedWithExecution => {
      const planned: PlannedWithExecution = {
        line: row.line,
        uscc,
        nameZh: csv.values.name_zh ?? "",
        nameEn: csv.values.name_en ?? "",
        action: "skip",
        centreId: null,
        changes: [],
        errors: [],
        warnings: [],
        execution: null,
        raw,
      };
      const skip = (errors: RowIssue[]) => ({ ...planned, errors, action: "skip" as const });

      if (row.duplicateOf !== undefined) {
        return skip([
          { column: "uscc", message: "centreImport.errors.duplicateInFile", params: { line: row.duplicateOf }, value: uscc },
        ]);
      }

      const current = existing.get(uscc);
      planned.centreId = current?.id ?? null;
      if (current && !canEditCentre(actor, current)) {
        return skip([{ column: "uscc", message: "centreImport.errors.notYourCentre", value: uscc }]);
      }

      // On update an empty optional cell keeps what the centre has; required cells are required either way.
      const v = csv.values;
      const values = current
        ? {
            ...v,
            park: v.park ?? current.parkCode ?? undefined,
            stage: v.stage ?? current.stage,
            rd_headcount: v.rd_headcount ?? current.rdHeadcount?.toString(),
            rd_spend_cny: v.rd_spend_cny ?? current.rdSpendCny?.toString(),
            lead_steward_email: v.lead_steward_email ?? current.leadStewardEmail ?? undefined,
          }
        : v;
      const parsed = NewCentreSchema.safeParse(values);
      const errors: RowIssue[] = parsed.success ? [] : issuesOf(fieldErrorsOf(parsed.error), raw);

      // Recognition: batch and date together.
      let recognition: Recognition | null = null;
      let correction: Correction | null = null;
      if (csv.recognisedBatch !== undefined || csv.recognisedOn !== undefined) {
        const batch = csv.recognisedBatch === undefined ? null : BatchSchema.safeParse(csv.recognisedBatch);
        const on = csv.recognisedOn === undefined ? null : isoDateField.safeParse(csv.recognisedOn);
        if (!batch) errors.push({ column: "recognised_batch", message: "centreImport.errors.recognitionPair" });
        else if (!batch.success)
          errors.push({ column: "recognised_batch", message: batch.error.issues[0]!.message, value: raw.recognised_batch });
        if (!on) errors.push({ column: "recognised_on", message: "centreImport.errors.recognitionPair" });
        else if (!on.success)
          errors.push({
            column: "recognised_on",
            // 2023-02-30 is written right but is no day of the calendar: say so, not "write YYYY-MM-DD".
            message: /^\d{4}-\d{2}-\d{2}$/.test(csv.recognisedOn!.trim())
              ? "centreImport.errors.notRealDate"
              : on.error.issues[0]!.message,
            value: raw.recognised_on,
          });
        else if (on.data > today)
          errors.push({ column: "recognised_on", message: "validation.futureDate", value: raw.recognised_on });
        if (batch?.success && on?.success && parsed.success && (!current || !current.batches.includes(batch.data))) {
          recognition = { batch: batch.data, level: parsed.data.level, effectiveOn: on.data };
          // A second recognition while one is in force (no withdrawal between) is refused, as on the centre's page.
          const conflict = current
            ? conflictOf(current.history, {
                centreId: current.id,
                kind: "recognised",
                effectiveOn: on.data,
                batch: batch.data,
                level: parsed.data.level,
              })
            : null;
          if (conflict) {
            const [key = conflict, value] = conflict.split(":");
            errors.push({
              column: "recognised_batch",
              message: key,
              params: { value: value ?? "" },
              value: raw.recognised_batch,
            });
            recognition = null;
          }
        }
        const known =
          batch?.success && on?.success && on.data <= today
            ? current?.recognitions.find((r) => r.batch === batch.data)
            : undefined;
        if (known && on?.success && known.effectiveOn !== on.data)
          correction = { eventId: known.eventId, batch: known.batch, from: known.effectiveOn, to: on.data };
      }
      if (!parsed.success) return skip(errors);

      const input = parsed.data;
      // A row already refused gets the checks too, so its report lists all that is wrong with it.
      if (serverChecks || errors.length > 0) {
        errors.push(
          ...issuesOf(checkCentreReferences(input, { exceptCentreId: current?.id, stage: input.stage, lookup }).fieldErrors, raw),
        );
      }

      if (!current) {
        // A steward who names another lead steward could not record the recognition on that centre.
        const named = input.lead_steward_email ? lookup.stewardId(input.lead_steward_email) : null;
        const lead = named ?? (actor.role === "steward" ? actor.id : null);
        if (recognition && !canEditCentre(actor, { leadStewardId: lead, districtStewardId: null })) {
          errors.push({ column: "recognised_batch", message: "centreImport.errors.recognitionNotYours" });
        }
        if (errors.length > 0) return skip(errors);
        return { ...planned, action: "create", execution: { kind: "create", input, recognition } };
      }

      if (errors.length > 0) return skip(errors);
      const update: EditCentreInput = {
        ...input,
        website: current.website,
        address: current.address,
        notes: current.notes,
        district_steward_email: current.districtStewardEmail,
        contacts: current.contacts,
        version: current.version,
      };
      const changes = changedColumns(current, input);
      const stage = input.stage !== current.stage ? input.stage : null;
      if (stage) changes.push("stage");
      if (recognition) changes.push("recognised_batch");
      const warnings: RowIssue[] = [];
      if (!recognition && input.level !== current.level) {
        warnings.push({ column: "level", message: "centreImport.warnings.levelNotChanged", value: raw.level });
      }
      if (correction) {
        changes.push("recognised_on");
        warnings.push({
          column: "recognised_on",
          message: "centreImport.warnings.recognitionCorrected",
          params: { batch: correction.batch, from: correction.from, to: correction.to },
          value: raw.recognised_on,
        });
      }
      if (changes.length === 0) return { ...planned, action: "unchanged", warnings };
      return {
        ...planned,
        action: "update",
        changes,
        warnings,
        execution: { kind: "update", centreId: current.id, input: update, stage, recognition, correction },
      };
    });
    return rows;
  };
  return {
    plan,
    lookup,
    context: {
      ignoredColumns: header.ignored,
      missingOptional: CENTRE_CSV_COLUMNS.filter((c) => header.index[c] === undefined),
    },
  };
}

function changedColumns(current: Existing, input: NewCentreInput): string[] {
  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  const changes: string[] = [];
  if (!same(current.nameZh, input.name_zh)) changes.push("name_zh");
  if (!same(current.nameEn, input.name_en)) changes.push("name_en");
  if (!same(current.parentCompany, input.parent_company)) changes.push("parent_company");
  if (!same(current.countryCode, input.country)) changes.push("country");
  if (!same(current.districtCode, input.district)) changes.push("district");
  if (!same(current.parkCode, input.park)) changes.push("park");
  if ([...current.industries].sort().join(";") !== [...input.industries].sort().join(";")) changes.push("industries");
  if (!same(current.type, input.type)) changes.push("type");
  if (!same(current.rdHeadcount, input.rd_headcount)) changes.push("rd_headcount");
  if (!same(current.rdSpendCny, input.rd_spend_cny)) changes.push("rd_spend_cny");
  if (!same(current.leadStewardEmail, input.lead_steward_email)) changes.push("lead_steward_email");
  return changes;
}

export const countsOf = (rows: PlannedRow[]): ImportCounts => {
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const r of rows) counts[r.action] += 1;
  return counts;
};

export const withoutExecution = ({ execution: _execution, raw: _raw, ...row }: PlannedWithExecution): PlannedRow => row;
