import { eq, or } from "drizzle-orm";
import { answerArticles, checklistTemplates } from "../../db/schema";
import { VERSION_FIELDS, type VersionSnapshot } from "~/domain/answers";
import {
  ARTICLE_CSV_COLUMNS,
  articleToCsvCells,
  checkArticleHeader,
  csvColumnOfField,
  csvRowToArticleValues,
  MAX_ARTICLE_IMPORT_ROWS,
  type ArticleCsvRefs,
} from "~/domain/answer-csv";
import { parseCsvTable, toCsv } from "~/domain/centre-csv";
import { can } from "~/domain/permissions";
import { ArticleSchema } from "~/schemas/answer";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { db } from "~/utils/db.server";
import { labelByCode } from "~/utils/labels";
import { recordAudit } from "./audit.server";
import { createArticle, currentSnapshot, snapshotOf, updateArticle } from "./answers.server";
import { referenceList } from "./reference.server";
import type { Actor, Tx } from "./write-types.server";

/**
 * CSV import and export of the policy library (issue 15), as the centre import does it:
 * upload → preview (nothing saved; every row checked with the article form's schema and planned
 * as new, update, no change or skipped, with its problems) → confirm (checked again, written in
 * one transaction, each row all or nothing). Keyed on `key` (import key or article id), so a
 * repeated import writes nothing more. New articles are drafts; an update keeps the status.
 */

function refs(): ArticleCsvRefs {
  return {
    categories: referenceList("request_category", { includeInactive: true }),
    departments: referenceList("department", { includeInactive: true }),
    templates: db
      .select({ code: checklistTemplates.id, labelZh: checklistTemplates.titleZh, labelEn: checklistTemplates.titleEn })
      .from(checklistTemplates)
      .all(),
  };
}

export type ImportRowPlan = {
  line: number;
  key: string;
  title: string;
  plan: "new" | "update" | "unchanged" | "skipped";
  errors: FieldErrors;
};
export type ImportPlan =
  | { ok: true; rows: ImportRowPlan[]; ignored: string[] }
  | { ok: false; error: "empty" | "malformed" | "header" | "tooManyRows"; missing?: string[]; line?: number };

function findByKey(tx: Tx | typeof db, key: string) {
  return tx
    .select({ id: answerArticles.id, version: answerArticles.version })
    .from(answerArticles)
    .where(or(eq(answerArticles.importKey, key), eq(answerArticles.id, key)))
    .get();
}

/**
 * Checks every row and, with `write`, writes the valid ones (inside the caller's transaction,
 * each in a savepoint so a refused row leaves nothing behind).
 */
function runImport(text: string, actor: Actor, write: Tx | null): ImportPlan {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return { ok: false, error: parsed.error.key, line: "line" in parsed.error ? parsed.error.line : undefined };
  const header = checkArticleHeader(parsed.table.header);
  if (!header.ok) return { ok: false, error: "header", missing: [...header.missing, ...header.duplicate] };
  if (parsed.table.rows.length > MAX_ARTICLE_IMPORT_ROWS) return { ok: false, error: "tooManyRows" };
  const references = refs();
  const seen = new Set<string>();
  const rows = parsed.table.rows.map(({ line, cells }): ImportRowPlan => {
    const { key, values } = csvRowToArticleValues(cells, header.index, references);
    const title = values.title_zh || values.title_en;
    const skip = (errors: FieldErrors): ImportRowPlan => ({
      line,
      key,
      title,
      plan: "skipped",
      errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [csvColumnOfField(field), message])),
    });
    if (!key) return skip({ key: "validation.required" });
    if (key.length > 100) return skip({ key: "validation.tooLong:100" });
    if (seen.has(key)) return skip({ key: "answers.import.duplicateKey" });
    seen.add(key);
    const input = ArticleSchema.safeParse(values);
    if (!input.success) return skip(fieldErrorsOf(input.error));
    const existing = findByKey(write ?? db, key);
    if (!write) {
      // Preview: the same server checks as a write, without writing.
      const problem = referenceProblem(input.data.snapshot, references);
      if (problem) return skip(problem);
      if (!existing) return { line, key, title, plan: "new", errors: {} };
      const before = currentSnapshot(db, existing.id);
      const after = snapshotOf(input.data);
      const unchanged = before !== null && VERSION_FIELDS.every((f) => JSON.stringify(before[f]) === JSON.stringify(after[f]));
      return { line, key, title, plan: unchanged ? "unchanged" : "update", errors: {} };
    }
    try {
      return write.transaction((row): ImportRowPlan => {
        const result = existing
          ? updateArticle(actor, existing.id, input.data, { tx: row, expectVersion: existing.version })
          : createArticle(actor, input.data, { tx: row, importKey: key });
        if (!result.ok) throw new RowRefused(result.fieldErrors);
        const plan = existing ? ("unchanged" in result && result.unchanged ? "unchanged" : "update") : "new";
        return { line, key, title, plan, errors: {} };
      });
    } catch (error) {
      if (error instanceof RowRefused) return skip(error.fieldErrors);
      throw error;
    }
  });
  return { ok: true, rows, ignored: header.ignored };
}

class RowRefused extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super("row refused");
  }
}

function referenceProblem(snapshot: VersionSnapshot, r: ArticleCsvRefs): FieldErrors | null {
  if (!r.categories.some((c) => c.code === snapshot.categoryCode)) return { category: "validation.unknownCode" };
  if (snapshot.departmentCodes.some((d) => !r.departments.some((c) => c.code === d)))
    return { departments: "validation.unknownCode" };
  if (snapshot.templateIds.some((d) => !r.templates.some((c) => c.code === d))) return { templates: "validation.unknownCode" };
  return null;
}

/** The preview: nothing is written. */
export function previewArticleImport(text: string, actor: Actor): ImportPlan {
  return runImport(text, actor, null);
}

/** Confirm: the rows are checked again and the valid ones written in one transaction, with a summary audit row. */
export function confirmArticleImport(
  text: string,
  actor: Actor,
  fileName: string,
): ImportPlan | { ok: false; error: "forbidden" } {
  if (!can(actor.role, "write:answers:any")) return { ok: false, error: "forbidden" };
  return db.transaction((tx) => {
    const plan = runImport(text, actor, tx);
    if (plan.ok) {
      const count = (p: ImportRowPlan["plan"]) => plan.rows.filter((r) => r.plan === p).length;
      recordAudit(tx, {
        actorId: actor.id,
        entity: "answer_article",
        entityId: "import",
        action: "answer_import",
        changes: [
          { field: "file", before: null, after: fileName },
          { field: "created", before: null, after: count("new") },
          { field: "updated", before: null, after: count("update") },
          { field: "unchanged", before: null, after: count("unchanged") },
          { field: "skipped", before: null, after: count("skipped") },
        ],
      });
    }
    return plan;
  });
}

/** Every article as CSV (labels in the reader's language), keyed for re-import. */
export function exportArticlesCsv(locale: string): string {
  const r = refs();
  const label = (kind: "category" | "department" | "template", code: string) =>
    labelByCode(kind === "category" ? r.categories : kind === "department" ? r.departments : r.templates, code, locale);
  const rows = db
    .select({ id: answerArticles.id, importKey: answerArticles.importKey, status: answerArticles.status })
    .from(answerArticles)
    .all();
  return toCsv(
    [
      [...ARTICLE_CSV_COLUMNS],
      ...rows.map((a) => {
        const v = currentSnapshot(db, a.id)!;
        return articleToCsvCells({ key: a.importKey ?? a.id, status: a.status, ...v }, label);
      }),
    ],
    { bom: true },
  );
}
