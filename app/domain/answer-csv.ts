/**
 * The policy library's CSV (issue 15), with the centre import's conventions
 * (app/domain/centre-csv.ts, whose decoding, parsing and writing it reuses): UTF-8 with a BOM
 * out (UTF-8, GB18030 or UTF-16 in), CRLF, RFC 4180 quoting, formula-looking cells prefixed
 * with ' (removed again on import), any column order and header case, unknown columns ignored.
 *
 * Rows are keyed on `key`: the article's import key, or its id for an article written in the
 * app (the export writes one or the other), so a re-import updates rather than duplicates and
 * an exported file re-imports as "no change". Reference values (category, departments,
 * checklist items) are written as labels in the reader's language and read back as codes or
 * labels in either language. A source is one line of its cell: name | number | issuer | date | link.
 */
import { normaliseCsvDate, normaliseHeaderName, resolveChoice, type ReferenceChoice } from "./centre-csv";
import type { Source } from "./answers";

export const ARTICLE_CSV_COLUMNS = [
  "key",
  "title_zh",
  "title_en",
  "body_zh",
  "body_en",
  "category",
  "departments",
  "checklist_items",
  "valid_from",
  "review_by",
  "sources",
  "status",
] as const;
export type ArticleCsvColumn = (typeof ARTICLE_CSV_COLUMNS)[number];
export const REQUIRED_ARTICLE_COLUMNS: readonly ArticleCsvColumn[] = ["key", "category", "review_by"];

/** At most this much text and this many rows per file (the upload is a form: app/utils/body-limits.ts). */
export const MAX_ARTICLE_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_ARTICLE_IMPORT_ROWS = 1000;

export type ArticleHeader =
  | { ok: true; index: Partial<Record<ArticleCsvColumn, number>>; ignored: string[] }
  | { ok: false; missing: ArticleCsvColumn[]; duplicate: string[] };

export function checkArticleHeader(header: string[]): ArticleHeader {
  const index: Partial<Record<ArticleCsvColumn, number>> = {};
  const ignored: string[] = [];
  const duplicate: string[] = [];
  header.forEach((raw, i) => {
    const name = normaliseHeaderName(raw) as ArticleCsvColumn;
    if (!(ARTICLE_CSV_COLUMNS as readonly string[]).includes(name)) {
      if (raw.trim()) ignored.push(raw.trim());
    } else if (index[name] !== undefined) duplicate.push(name);
    else index[name] = i;
  });
  const missing = REQUIRED_ARTICLE_COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length || duplicate.length) return { ok: false, missing, duplicate };
  return { ok: true, index, ignored };
}

const FORMULA_START = /^[=+\-@\t\r]/;
const unguard = (value: string) => (value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);
const list = (value: string) =>
  value
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The column a problem of the article form is reported under in the import's preview: the form's
 * field names are the file's columns, except the checklist templates (checklist_items) and a
 * source's part (sources #N, N counting the cell's lines from 1).
 */
export function csvColumnOfField(field: string): string {
  if (field === "templates") return "checklist_items";
  const source = /^sources\.(\d+)(?:\.\w+)?$/.exec(field);
  if (source) return `sources #${Number(source[1]) + 1}`;
  return field;
}

export type ArticleCsvRefs = {
  categories: ReferenceChoice[];
  departments: ReferenceChoice[];
  /** Checklist templates as choices: code = template id, labels = its titles. */
  templates: ReferenceChoice[];
};

/** The article form's values from one row (the form's schema then checks them). */
export function csvRowToArticleValues(cells: string[], index: Partial<Record<ArticleCsvColumn, number>>, refs: ArticleCsvRefs) {
  const cell = (column: ArticleCsvColumn): string => {
    const i = index[column];
    return i === undefined ? "" : unguard((cells[i] ?? "").trim()).trim();
  };
  const sources = cell("sources")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", number = "", issuer = "", issuedOn = "", url = ""] = line.split("|").map((p) => p.trim());
      return { name, number, issuer, issued_on: issuedOn ? normaliseCsvDate(issuedOn) : "", url };
    });
  return {
    key: cell("key"),
    values: {
      title_zh: cell("title_zh"),
      title_en: cell("title_en"),
      body_zh: cell("body_zh"),
      body_en: cell("body_en"),
      category: resolveChoice(cell("category"), refs.categories),
      departments: list(cell("departments")).map((d) => resolveChoice(d, refs.departments)),
      templates: list(cell("checklist_items")).map((d) => resolveChoice(d, refs.templates)),
      valid_from: normaliseCsvDate(cell("valid_from")),
      review_by: normaliseCsvDate(cell("review_by")),
      sources,
      note: "",
    },
  };
}

export type ArticleExportRow = {
  key: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  categoryCode: string;
  departmentCodes: string[];
  templateIds: string[];
  validFrom: string | null;
  reviewBy: string;
  sources: Source[];
  status: string;
};

/** One article as cells in ARTICLE_CSV_COLUMNS order; `label` names a code in the reader's language. */
export function articleToCsvCells(
  row: ArticleExportRow,
  label: (kind: "category" | "department" | "template", code: string) => string,
): string[] {
  return [
    row.key,
    row.titleZh,
    row.titleEn,
    row.bodyZh,
    row.bodyEn,
    label("category", row.categoryCode),
    row.departmentCodes.map((d) => label("department", d)).join("; "),
    row.templateIds.map((t) => label("template", t)).join("; "),
    row.validFrom ?? "",
    row.reviewBy,
    row.sources.map((s) => [s.name, s.number, s.issuer, s.issuedOn, s.url].join(" | ").replace(/( \| )+$/, "")).join("\n"),
    row.status,
  ];
}
