import { CsvError, parse as parseStream } from "csv-parse";
import { parse } from "csv-parse/sync";
import { normalizeUscc } from "./uscc";

/**
 * The centre CSV: one column list shared by the import and both exports, and the pure steps of
 * an import (decode the bytes, parse, check the header, map a row to the centre form's values,
 * with reference labels resolved to codes) and of an export (cells, quoting).
 *
 * Server-only in practice (csv-parse uses Buffer), but free of the database and of I/O.
 */
/**
 * Each column of the centre CSV, in the files' order, and whether a file must have it (the
 * centre form requires it) or may leave it out.
 */
const CSV_COLUMNS = {
  name_zh: "required",
  name_en: "required",
  uscc: "required",
  parent_company: "required",
  country: "required",
  district: "required",
  park: "optional",
  industries: "required",
  type: "required",
  level: "required",
  stage: "optional",
  recognised_batch: "optional",
  recognised_on: "optional",
  rd_headcount: "optional",
  rd_spend_cny: "optional",
  lead_steward_email: "optional",
} as const satisfies Record<string, "required" | "optional">;
export type CentreCsvColumn = keyof typeof CSV_COLUMNS;

export const CENTRE_CSV_COLUMNS = Object.keys(CSV_COLUMNS) as readonly CentreCsvColumn[];

/** Columns a file must have; the others may be left out. */
export const REQUIRED_CSV_COLUMNS: readonly CentreCsvColumn[] = CENTRE_CSV_COLUMNS.filter((c) => CSV_COLUMNS[c] === "required");

/** Columns whose value is a reference code, given as the code or its Chinese or English label. */
export const REFERENCE_CSV_COLUMNS = ["country", "district", "park", "industries", "type", "level", "stage"] as const;
export type ReferenceCsvColumn = (typeof REFERENCE_CSV_COLUMNS)[number];

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

export const UTF8_BOM = "\uFEFF";

// ---------------------------------------------------------------------------------------------
// Decoding

export type CsvEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/**
 * Text of an uploaded file: UTF-16 when it starts with a UTF-16 byte-order mark (Excel's
 * "Unicode text"), else UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030
 * (what Excel on a Chinese Windows saves as "CSV"; a superset of GBK and GB2312).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 BOM.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

export type CsvTable = { header: string[]; rows: { line: number; cells: string[] }[] };
export type CsvParseError = { key: "empty" } | { key: "malformed"; line: number };

/** The delimiter that splits the header line most: comma, else tab (Excel "Unicode text"), else semicolon. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [",", "\t", ";"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ",";
}

/**
 * Parses CSV text (RFC 4180 quoting, CRLF or LF) into a header and data rows, each with the line
 * it starts on (line 1 is the header). Blank rows, including rows of empty cells that Excel
 * leaves behind, are dropped.
 */
export function parseCsvTable(text: string): { ok: true; table: CsvTable } | { ok: false; error: CsvParseError } {
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  if (body.trim() === "") return { ok: false, error: { key: "empty" } };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(body),
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === "number" ? error.lines : 0;
      return { ok: false, error: { key: "malformed", line } };
    }
    throw error;
  }
  const nonBlank = records.filter((r) => r.record.some((cell) => cell.trim() !== ""));
  const [head, ...rest] = nonBlank;
  if (!head) return { ok: false, error: { key: "empty" } };
  return { ok: true, table: { header: head.record, rows: rest.map((r) => ({ line: startLine(r), cells: r.record })) } };
}

type ParsedRecord = { record: string[]; info: { lines: number } };

/** info.lines is the line a record ends on; line breaks inside quoted cells moved it on from where it started. */
const startLine = (r: ParsedRecord) =>
  r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);

/**
 * parseCsvTable's result, reached a slice of text at a time with `pause()` awaited between
 * slices, so a 20 MB file never holds the event loop for long (issue 14). Same options, same
 * answers; `pause` defaults to the next turn of the event loop.
 */
export async function parseCsvTableInSlices(
  text: string,
  { sliceChars = 32 * 1024, pause = nextTurn }: { sliceChars?: number; pause?: () => Promise<void> } = {},
): Promise<{ ok: true; table: CsvTable } | { ok: false; error: CsvParseError }> {
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  if (body.trim() === "") return { ok: false, error: { key: "empty" } };
  const parser = parseStream({
    delimiter: detectDelimiter(body),
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  let header: string[] | null = null;
  const rows: CsvTable["rows"] = [];
  let failure: unknown = null;
  parser.on("data", (r: ParsedRecord) => {
    if (!r.record.some((cell) => cell.trim() !== "")) return;
    if (header === null) header = r.record;
    else rows.push({ line: startLine(r), cells: r.record });
  });
  parser.on("error", (error) => {
    failure ??= error;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  for (let at = 0; at < body.length && failure === null; at += sliceChars) {
    parser.write(body.slice(at, at + sliceChars));
    await pause();
  }
  if (failure === null) parser.end();
  await ended;
  if (failure !== null) {
    if (failure instanceof CsvError) {
      const line = typeof failure.lines === "number" ? failure.lines : 0;
      return { ok: false, error: { key: "malformed", line } };
    }
    throw failure;
  }
  if (header === null) return { ok: false, error: { key: "empty" } };
  return { ok: true, table: { header, rows } };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------
// Header

export type HeaderCheck =
  | { ok: true; index: Partial<Record<CentreCsvColumn, number>>; ignored: string[] }
  | { ok: false; missing: CentreCsvColumn[]; duplicate: string[]; ignored: string[] };

export function normaliseHeaderName(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Matches header names to the known columns (case, spaces and hyphens do not matter; order does not matter). */
export function checkCsvHeader(header: string[]): HeaderCheck {
  const index: Partial<Record<CentreCsvColumn, number>> = {};
  const ignored: string[] = [];
  const duplicate: string[] = [];
  header.forEach((raw, i) => {
    const name = normaliseHeaderName(raw);
    if (name === "") return;
    if ((CENTRE_CSV_COLUMNS as readonly string[]).includes(name)) {
      const column = name as CentreCsvColumn;
      if (index[column] !== undefined) duplicate.push(column);
      else index[column] = i;
    } else {
      ignored.push(raw.trim());
    }
  });
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length > 0 || duplicate.length > 0) return { ok: false, missing, duplicate, ignored };
  return { ok: true, index, ignored };
}

// ---------------------------------------------------------------------------------------------
// Row → centre form values

export type ReferenceChoice = { code: string; labelZh: string; labelEn: string };
export type ImportReferences = Record<ReferenceCsvColumn, ReferenceChoice[]>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Undoes the apostrophe the export puts before a cell that a spreadsheet would read as a formula. */
function unguard(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");

/**
 * The code for a value given as a code or a Chinese or English label (case and full-width forms
 * do not matter; a district may omit its trailing 区). An unknown value comes back trimmed, so
 * the server check reports it.
 */
export function resolveChoice(value: string, choices: ReferenceChoice[]): string {
  const wanted = fold(value);
  if (wanted === "") return "";
  const byCode = choices.find((c) => fold(c.code) === wanted);
  if (byCode) return byCode.code;
  const byLabel = choices.find((c) => fold(c.labelZh) === wanted || fold(c.labelEn) === wanted);
  if (byLabel) return byLabel.code;
  const byShortZh = choices.find((c) => c.labelZh.endsWith("区") && fold(c.labelZh.slice(0, -1)) === wanted);
  if (byShortZh) return byShortZh.code;
  return value.trim();
}

/** YYYY-MM-DD from the forms Excel writes back (2023/7/1, 2023-7-1, 2023.7.1, 2023年7月1日); other text unchanged. */
export function normaliseCsvDate(value: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.normalize("NFKC").trim());
  if (!m) return value.trim();
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/** The row's USCC as csvRowToValues reads it (for finding a code given twice in a file before any row is checked). */
export function csvUsccOf(cells: string[], index: Partial<Record<CentreCsvColumn, number>>): string {
  const i = index.uscc;
  if (i === undefined) return "";
  return normalizeUscc(
    unguard((cells[i] ?? "").trim())
      .trim()
      .normalize("NFKC")
      .trim()
      .replace(/\s+/g, ""),
  );
}

export type CsvRowValues = {
  /** Values for the centre form schema, keyed by its input names; undefined where the cell is empty or the column absent. */
  values: {
    name_zh?: string;
    name_en?: string;
    uscc?: string;
    parent_company?: string;
    country?: string;
    district?: string;
    park?: string;
    industries?: string[];
    type?: string;
    level?: string;
    stage?: string;
    rd_headcount?: string;
    rd_spend_cny?: string;
    lead_steward_email?: string;
  };
  recognisedBatch?: string;
  recognisedOn?: string;
};

/** Maps one data row to the centre form's values, resolving reference labels to codes. */
export function csvRowToValues(
  cells: string[],
  index: Partial<Record<CentreCsvColumn, number>>,
  refs: ImportReferences,
): CsvRowValues {
  const cell = (column: CentreCsvColumn): string | undefined => {
    const i = index[column];
    if (i === undefined) return undefined;
    const value = unguard((cells[i] ?? "").trim()).trim();
    return value === "" ? undefined : value;
  };
  const compact = (column: CentreCsvColumn) => {
    const v = cell(column);
    return v === undefined ? undefined : v.normalize("NFKC").trim();
  };
  const choice = (column: Exclude<ReferenceCsvColumn, "industries">) => {
    const v = cell(column);
    return v === undefined ? undefined : resolveChoice(v, refs[column]);
  };
  const industriesCell = cell("industries");
  const values: CsvRowValues["values"] = {
    name_zh: cell("name_zh"),
    name_en: cell("name_en"),
    uscc: compact("uscc")?.replace(/\s+/g, ""),
    parent_company: cell("parent_company"),
    country: choice("country"),
    district: choice("district"),
    park: choice("park"),
    industries:
      industriesCell === undefined
        ? undefined
        : [
            ...new Set(
              industriesCell
                .split(/[;；]/)
                .map((s) => s.trim())
                .filter(Boolean)
                .map((s) => resolveChoice(s, refs.industries)),
            ),
          ],
    type: choice("type"),
    level: choice("level"),
    stage: choice("stage"),
    rd_headcount: compact("rd_headcount"),
    rd_spend_cny: compact("rd_spend_cny"),
    lead_steward_email: compact("lead_steward_email")?.toLowerCase(),
  };
  const on = cell("recognised_on");
  return {
    values,
    recognisedBatch: compact("recognised_batch"),
    recognisedOn: on === undefined ? undefined : normaliseCsvDate(on),
  };
}

// ---------------------------------------------------------------------------------------------
// Export

export type CsvCell = string | number | null | undefined;

/** One CSV cell: quoted when it holds a comma, quote, line break or edge spaces; formula-looking text is prefixed with '. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n\t]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text with CRLF line ends; with `bom`, a leading UTF-8 byte-order mark so Excel reads it as UTF-8. */
export function toCsv(rows: CsvCell[][], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  return options.bom ? UTF8_BOM + body : body;
}

export type CentreExportRow = {
  nameZh: string;
  nameEn: string;
  uscc: string;
  parentCompany: string;
  countryCode: string;
  districtCode: string;
  parkCode: string | null;
  industries: string[];
  type: string;
  level: string;
  stage: string;
  firstBatch: number | null;
  firstRecognisedOn: string | null;
  rdHeadcount: number | null;
  rdSpendCny: number | null;
  leadStewardEmail: string | null;
};

/**
 * A centre as export cells in CENTRE_CSV_COLUMNS order. Reference columns show `label(column, code)`
 * (the reader's language); the import accepts those labels back.
 */
export function centreToCsvCells(
  row: CentreExportRow,
  label: (column: ReferenceCsvColumn, code: string) => string,
): (string | number | null)[] {
  const byColumn: Record<CentreCsvColumn, string | number | null> = {
    name_zh: row.nameZh,
    name_en: row.nameEn,
    uscc: row.uscc,
    parent_company: row.parentCompany,
    country: label("country", row.countryCode),
    district: label("district", row.districtCode),
    park: row.parkCode ? label("park", row.parkCode) : null,
    industries: row.industries.map((c) => label("industries", c)).join(";"),
    type: label("type", row.type),
    level: label("level", row.level),
    stage: label("stage", row.stage),
    recognised_batch: row.firstBatch,
    recognised_on: row.firstRecognisedOn,
    rd_headcount: row.rdHeadcount,
    rd_spend_cny: row.rdSpendCny,
    lead_steward_email: row.leadStewardEmail,
  };
  return CENTRE_CSV_COLUMNS.map((c) => byColumn[c]);
}

/** Labels of a reference column in one language, falling back to the code. */
export function labeller(refs: ImportReferences, locale: string) {
  const maps = Object.fromEntries(
    REFERENCE_CSV_COLUMNS.map((column) => [
      column,
      new Map(refs[column].map((c) => [c.code, locale === "en" ? c.labelEn : c.labelZh])),
    ]),
  ) as Record<ReferenceCsvColumn, Map<string, string>>;
  return (column: ReferenceCsvColumn, code: string) => maps[column].get(code) ?? code;
}
