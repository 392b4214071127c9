import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { centreEvents, centreIndustries, centres, contacts, users } from "../../db/schema";
import {
  CENTRE_CSV_COLUMNS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  checkCsvHeader,
  csvRowToValues,
  decodeCsvBytes,
  parseCsvTable,
  type CentreCsvColumn,
  type CsvEncoding,
  type ImportReferences,
  type ReferenceChoice,
  labeller,
} from "~/domain/centre-csv";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS, type Level } from "~/domain/levels";
import type { CentreEvent } from "~/domain/counting";
import { canEditCentre } from "~/domain/permissions";
import { normalizeUscc } from "~/domain/uscc";
import { catalogues } from "~/locales";
import { NewCentreSchema, isoDateField, type EditCentreInput, type NewCentreInput } from "~/schemas/centre";
import { parseCentreFilters } from "~/schemas/centre-filters";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import { conflictOf, correctRecognitionDate, recordCentreEvent } from "./centre-events.server";
import { listCentres } from "./centre.server";
import { checkCentreReferences, createCentre, updateCentre } from "./centre-write.server";
import type { Actor, Tx } from "./write-types.server";
import { referenceList } from "./reference.server";

/**
 * CSV import of centres in two steps. Upload: the file is decoded, parsed and its header checked,
 * and the rows are kept server-side under a random token tied to the uploader (nothing is written
 * to the database). Preview: every row is validated with the centre form's schema and the same
 * server checks as the form, and planned as create / update / unchanged / skip, keyed on USCC.
 * Commit: the plan is made again (the database may have changed) and the valid rows are written
 * in one transaction, each row in a savepoint so one refused row cannot leave half a centre.
 */

/** How long an uploaded file waits for its confirmation. */
export const IMPORT_TTL_MS = 2 * 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type UploadError =
  | { key: "noFile" }
  | { key: "tooLarge"; maxMb: number }
  | { key: "notCsv" }
  | { key: "binary" }
  | { key: "empty" }
  | { key: "malformed"; line: number }
  | { key: "header"; missing: string[]; duplicate: string[] }
  | { key: "tooManyRows"; count: number; max: number };

export type StoredUpload = {
  userId: string;
  createdAt: number;
  fileName: string;
  encoding: CsvEncoding;
  header: string[];
  rows: { line: number; cells: string[] }[];
  result?: ImportResult;
};

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
export type ImportPlan = {
  rows: PlannedRow[];
  counts: ImportCounts;
  ignoredColumns: string[];
  missingOptional: CentreCsvColumn[];
};
export type ImportResult = {
  committedAt: number;
  counts: { created: number; updated: number; unchanged: number; skipped: number };
  skipped: Pick<PlannedRow, "line" | "uscc" | "nameZh" | "nameEn" | "errors">[];
};

// ---------------------------------------------------------------------------------------------
// Upload: bytes → stored rows

/** Checks and parses an uploaded file; nothing is stored. */
export function readUpload(
  bytes: Uint8Array,
): { ok: true; encoding: CsvEncoding; header: string[]; rows: StoredUpload["rows"] } | { ok: false; error: UploadError } {
  if (bytes.byteLength === 0) return { ok: false, error: { key: "empty" } };
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, error: tooLarge() };
  // A workbook (.xlsx is a ZIP, .xls an OLE file) rather than its CSV export.
  if (
    (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) ||
    (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
  ) {
    return { ok: false, error: { key: "notCsv" } };
  }
  const { text, encoding } = decodeCsvBytes(bytes);
  if (looksBinary(text)) return { ok: false, error: { key: "binary" } };
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const header = checkCsvHeader(parsed.table.header);
  if (!header.ok) return { ok: false, error: { key: "header", missing: header.missing, duplicate: header.duplicate } };
  if (parsed.table.rows.length === 0) return { ok: false, error: { key: "empty" } };
  if (parsed.table.rows.length > MAX_IMPORT_ROWS)
    return { ok: false, error: { key: "tooManyRows", count: parsed.table.rows.length, max: MAX_IMPORT_ROWS } };
  return { ok: true, encoding, header: parsed.table.header, rows: parsed.table.rows };
}

/**
 * Not text at all (an image, a PDF, an archive): NUL or other control characters that no CSV
 * saved by a spreadsheet contains, in more than a few places of the first 64 KB.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return control > Math.max(2, sample.length / 100);
}

export const tooLarge = (): UploadError => ({ key: "tooLarge", maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });

function importsDir() {
  return path.join(path.dirname(path.resolve(env.DATABASE_PATH)), "imports");
}

function fileOf(token: string) {
  if (!TOKEN.test(token)) return null;
  return path.join(importsDir(), `${token}.json`);
}

/** Removes uploads past their time (called on each new upload). */
function sweep(now: number) {
  const dir = importsDir();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > IMPORT_TTL_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed by a concurrent sweep
    }
  }
}

/** Keeps an upload for its preview and confirmation; returns its token. */
export function saveUpload(upload: Omit<StoredUpload, "createdAt" | "result">, now = Date.now()): string {
  sweep(now);
  fs.mkdirSync(importsDir(), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  const stored: StoredUpload = { ...upload, fileName: upload.fileName.slice(0, 200), createdAt: now };
  fs.writeFileSync(fileOf(token)!, JSON.stringify(stored), { mode: 0o600 });
  return token;
}

/** The user's own upload under this token, or null when unknown, expired or someone else's. */
export function loadUpload(userId: string, token: string, now = Date.now()): StoredUpload | null {
  const file = fileOf(token);
  if (!file || !fs.existsSync(file)) return null;
  let stored: StoredUpload;
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8")) as StoredUpload;
  } catch {
    return null;
  }
  if (stored.userId !== userId || now - stored.createdAt > IMPORT_TTL_MS) return null;
  return stored;
}

// ---------------------------------------------------------------------------------------------
// Preview: plan every row

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
type Execution =
  | { kind: "create"; input: NewCentreInput; recognition: Recognition | null }
  | {
      kind: "update";
      centreId: string;
      input: EditCentreInput;
      stage: string | null;
      recognition: Recognition | null;
      correction: Correction | null;
    };
type Recognition = { batch: number; level: Level; effectiveOn: string };
/** A re-import giving another date for a batch the centre already has: a dated, audited correction. */
type Correction = { eventId: string; batch: number; from: string; to: string };
type PlannedWithExecution = PlannedRow & { execution: Execution | null; raw: Record<string, string | undefined> };

/** The centres the file's codes already name, loaded a chunk at a time (a few queries per 500 rows, not per row). */
function existingCentres(usccs: string[]): Map<string, Existing> {
  const found = new Map<string, Existing>();
  const lead = alias(users, "lead");
  const district = alias(users, "district");
  for (let i = 0; i < usccs.length; i += 500) {
    const rows = db
      .select({
        id: centres.id,
        uscc: centres.uscc,
        nameZh: centres.nameZh,
        nameEn: centres.nameEn,
        parentCompany: centres.parentCompany,
        countryCode: centres.countryCode,
        districtCode: centres.districtCode,
        parkCode: centres.parkCode,
        type: centres.type,
        level: centres.level,
        stage: centres.stage,
        rdHeadcount: centres.rdHeadcount,
        rdSpendCny: centres.rdSpendCny,
        website: centres.website,
        address: centres.address,
        notes: centres.notes,
        version: centres.version,
        leadStewardId: centres.leadStewardId,
        districtStewardId: centres.districtStewardId,
        leadStewardEmail: lead.email,
        districtStewardEmail: district.email,
      })
      .from(centres)
      .leftJoin(lead, eq(lead.id, centres.leadStewardId))
      .leftJoin(district, eq(district.id, centres.districtStewardId))
      .where(inArray(centres.uscc, usccs.slice(i, i + 500)))
      .all();
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.id);
    const industries = db
      .select({ centreId: centreIndustries.centreId, code: centreIndustries.industryCode })
      .from(centreIndustries)
      .where(inArray(centreIndustries.centreId, ids))
      .all();
    const people = db
      .select({
        centreId: contacts.centreId,
        name: contacts.name,
        role: contacts.role,
        email: contacts.email,
        phone: contacts.phone,
        language: contacts.language,
      })
      .from(contacts)
      .where(inArray(contacts.centreId, ids))
      .orderBy(asc(contacts.name))
      .all();
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
        industries: industries.filter((x) => x.centreId === row.id).map((x) => x.code),
        contacts: people.filter((x) => x.centreId === row.id).map(({ centreId: _centreId, ...c }) => c),
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

/** Active stewards and admins (who may lead a centre) by email. */
function stewardIdsByEmail(): Map<string, string> {
  return new Map(
    db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .all()
      .map((u) => [u.email, u.id]),
  );
}

const issuesOf = (errors: FieldErrors, raw: Record<string, string | undefined>): RowIssue[] =>
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
function planRows(
  actor: Actor,
  upload: Pick<StoredUpload, "header" | "rows">,
  today: string,
  serverChecks: boolean,
): { rows: PlannedWithExecution[]; ignoredColumns: string[]; missingOptional: CentreCsvColumn[] } {
  const header = checkCsvHeader(upload.header);
  if (!header.ok) throw new Error("A stored upload always has a valid header");
  const refs = csvReferences();
  const mapped = upload.rows.map((row) => {
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
  const stewards = stewardIdsByEmail();
  const firstLineOf = new Map<string, number>();

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

    if (uscc && firstLineOf.has(uscc)) {
      return skip([
        { column: "uscc", message: "centreImport.errors.duplicateInFile", params: { line: firstLineOf.get(uscc)! }, value: uscc },
      ]);
    }
    if (uscc) firstLineOf.set(uscc, row.line);

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
          errors.push({ column: "recognised_batch", message: key, params: { value: value ?? "" }, value: raw.recognised_batch });
          recognition = null;
        }
      }
      const known =
        batch?.success && on?.success && on.data <= today ? current?.recognitions.find((r) => r.batch === batch.data) : undefined;
      if (known && on?.success && known.effectiveOn !== on.data)
        correction = { eventId: known.eventId, batch: known.batch, from: known.effectiveOn, to: on.data };
    }
    if (!parsed.success) return skip(errors);

    const input = parsed.data;
    // A row already refused gets the checks too, so its report lists all that is wrong with it.
    if (serverChecks || errors.length > 0) {
      errors.push(
        ...issuesOf(checkCentreReferences(input, { exceptCentreId: current?.id, stage: input.stage }).fieldErrors, raw),
      );
    }

    if (!current) {
      // A steward who names another lead steward could not record the recognition on that centre.
      const named = input.lead_steward_email ? (stewards.get(input.lead_steward_email) ?? null) : null;
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
  return {
    rows,
    ignoredColumns: header.ignored,
    missingOptional: CENTRE_CSV_COLUMNS.filter((c) => header.index[c] === undefined),
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

const countsOf = (rows: PlannedRow[]): ImportCounts => {
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const r of rows) counts[r.action] += 1;
  return counts;
};

const withoutExecution = ({ execution: _execution, raw: _raw, ...row }: PlannedWithExecution): PlannedRow => row;

/** Validates and plans every row of an upload; writes nothing. */
export function previewImport(actor: Actor, upload: Pick<StoredUpload, "header" | "rows">, today = todayInBeijing()): ImportPlan {
  const plan = planRows(actor, upload, today, true);
  const rows = plan.rows.map(withoutExecution);
  return { rows, counts: countsOf(rows), ignoredColumns: plan.ignoredColumns, missingOptional: plan.missingOptional };
}

// ---------------------------------------------------------------------------------------------
// Commit

/** Stages before "recognised" in the configured order (lead, in contact…): a recognised centre is not in one. */
function isBeforeRecognisedStage(stage: string | null | undefined): boolean {
  const order = referenceList("stage", { includeInactive: true }).map((s) => s.code);
  const recognisedAt = order.indexOf("recognised");
  const at = stage ? order.indexOf(stage) : 0;
  return recognisedAt >= 0 && at >= 0 && at < recognisedAt;
}

class RowRefused extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super("row refused");
  }
}

function execute(actor: Actor, execution: Execution, note: string, today: string, tx: Tx): string {
  const ok = <T extends { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors }>(result: T) => {
    if (!result.ok)
      throw new RowRefused(Object.keys(result.fieldErrors).length ? result.fieldErrors : { _form: "errors.500.body" });
    return result.id;
  };
  if (execution.kind === "create") {
    const r = execution.recognition;
    // A centre imported as recognised is in stage "recognised" (never lead) from its recognition date, per the documents.
    const input =
      r && isBeforeRecognisedStage(execution.input.stage) ? { ...execution.input, stage: "recognised" } : execution.input;
    const id = ok(createCentre(actor, input, tx));
    if (r) {
      tx.update(centreEvents)
        .set({ effectiveOn: r.effectiveOn })
        .where(and(eq(centreEvents.centreId, id), eq(centreEvents.kind, "stage_changed")))
        .run();
      ok(
        recordCentreEvent(
          actor,
          id,
          { kind: "recognised", batch: r.batch, level: r.level, effectiveOn: r.effectiveOn, documentRef: "", note },
          tx,
        ),
      );
    }
    return id;
  }
  // Events first: a steward who hands the centre to another lead steward can still record them.
  const r = execution.recognition;
  const currentStage = tx.select({ stage: centres.stage }).from(centres).where(eq(centres.id, execution.centreId)).get()?.stage;
  const stage = r && isBeforeRecognisedStage(execution.stage ?? currentStage) ? "recognised" : execution.stage;
  if (stage)
    ok(
      recordCentreEvent(
        actor,
        execution.centreId,
        { kind: "stage_changed", stage, effectiveOn: r && stage === "recognised" ? r.effectiveOn : today, note },
        tx,
      ),
    );
  if (r)
    ok(
      recordCentreEvent(
        actor,
        execution.centreId,
        { kind: "recognised", batch: r.batch, level: r.level, effectiveOn: r.effectiveOn, documentRef: "", note },
        tx,
      ),
    );
  if (execution.correction)
    ok(correctRecognitionDate(actor, execution.centreId, execution.correction.eventId, execution.correction.to, note, tx));
  return ok(updateCentre(actor, execution.centreId, execution.input, tx));
}

/**
 * Imports the valid rows of the user's upload in one transaction and keeps the result with the
 * upload, so a second confirmation (double click, reload) shows the same result and writes nothing.
 */
export function commitImport(
  actor: Actor,
  token: string,
  options: { note: (fileName: string) => string; now?: number },
): { ok: true; result: ImportResult } | { ok: false } {
  const now = options.now ?? Date.now();
  const stored = loadUpload(actor.id, token, now);
  if (!stored) return { ok: false };
  if (stored.result) return { ok: true, result: stored.result };
  const today = todayInBeijing(new Date(now));
  const note = options.note(stored.fileName);
  const result = db.transaction((tx): ImportResult => {
    const plan = planRows(actor, stored, today, false);
    const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    const skipped: ImportResult["skipped"] = [];
    for (const row of plan.rows) {
      if (row.action === "unchanged") counts.unchanged += 1;
      if (!row.execution) {
        if (row.action === "skip") {
          counts.skipped += 1;
          skipped.push({ line: row.line, uscc: row.uscc, nameZh: row.nameZh, nameEn: row.nameEn, errors: row.errors });
        }
        continue;
      }
      try {
        tx.transaction((savepoint) => execute(actor, row.execution!, note, today, savepoint));
        if (row.execution.kind === "create") counts.created += 1;
        else counts.updated += 1;
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        counts.skipped += 1;
        skipped.push({
          line: row.line,
          uscc: row.uscc,
          nameZh: row.nameZh,
          nameEn: row.nameEn,
          errors: issuesOf(error.fieldErrors, row.raw),
        });
      }
    }
    recordAudit(tx, {
      actorId: actor.id,
      entity: "centre_import",
      entityId: token.slice(0, 12),
      action: "import",
      changes: [
        { field: "file", before: null, after: stored.fileName },
        ...Object.entries(counts).map(([field, after]) => ({ field, before: null, after })),
      ],
    });
    return { committedAt: now, counts, skipped };
  });
  const file = fileOf(token)!;
  fs.writeFileSync(file, JSON.stringify({ ...stored, rows: [], result } satisfies StoredUpload), { mode: 0o600 });
  return { ok: true, result };
}

// ---------------------------------------------------------------------------------------------
// Export

/** Every row of the centre list under the given filters and sort, with a labeller for the reader's language. */
export function centreExport(searchParams: URLSearchParams, locale: string, options: { ids?: readonly string[] } = {}) {
  const today = todayInBeijing();
  const { rows } = listCentres(parseCentreFilters(searchParams), { today, limit: null, ids: options.ids });
  return { rows, label: labeller(csvReferences(), locale), today };
}
