import { z } from "zod";
import { ARTICLE_ACTIONS, type VersionSnapshot } from "~/domain/answers";
import { dateField, issuedOnField, optionalDateField } from "./dates";
import { formValues } from "./form-values";
import { optionalText, requiredText } from "./forms";

/** The answer-article form (issue 15), shared by the browser and the action. */
export const MAX_SOURCES = 5;
export const MAX_BODY = 20_000;

const optionalUrl = optionalText(500).refine((v) => v === "" || /^https?:\/\/\S+$/i.test(v), "validation.url");

export const SourceSchema = z
  .object({
    name: optionalText(300),
    number: optionalText(120),
    issuer: optionalText(200),
    issued_on: issuedOnField,
    url: optionalUrl,
  })
  // A source is a document: a row with anything in it needs the document's name.
  .refine((s) => s.name !== "" || ![s.number, s.issuer, s.issued_on, s.url].some(Boolean), {
    path: ["name"],
    message: "validation.required",
  });

export const ArticleSchema = z
  .object({
    title_zh: optionalText(200),
    title_en: optionalText(200),
    body_zh: optionalText(MAX_BODY),
    body_en: optionalText(MAX_BODY),
    category: requiredText(64),
    departments: z.array(z.string().max(64)).max(30).optional().default([]),
    templates: z.array(z.string().max(64)).max(40).optional().default([]),
    // The form always offers a few source rows: the empty ones are dropped after checking, so
    // an error names the row as the form shows it.
    sources: z
      .array(SourceSchema)
      .max(MAX_SOURCES)
      .optional()
      .default([])
      .transform((rows) => rows.filter((r) => Object.values(r).some(Boolean))),
    valid_from: optionalDateField,
    review_by: dateField,
    note: optionalText(500),
    /** The version the edit was made on (optimistic concurrency); absent when creating. */
    version: z.coerce.number().int().min(0).optional(),
  })
  .superRefine((v, ctx) => {
    // A title without its body (or the reverse) is half a language: say which half is missing.
    for (const lng of ["zh", "en"] as const) {
      const title = v[`title_${lng}`];
      const body = v[`body_${lng}`];
      if (title && !body) ctx.addIssue({ code: "custom", path: [`body_${lng}`], message: "answers.errors.bodyMissing" });
      if (body && !title) ctx.addIssue({ code: "custom", path: [`title_${lng}`], message: "answers.errors.titleMissing" });
    }
    if (!v.title_zh && !v.title_en) ctx.addIssue({ code: "custom", path: ["title_zh"], message: "answers.errors.noLanguage" });
    if (v.valid_from && v.valid_from > v.review_by)
      ctx.addIssue({ code: "custom", path: ["review_by"], message: "answers.errors.reviewBeforeValid" });
  })
  // The models' input: the version's content as stored, the editor's note and the version edited.
  .transform((v): ArticleInput => ({
    snapshot: {
      titleZh: v.title_zh,
      titleEn: v.title_en,
      bodyZh: v.body_zh,
      bodyEn: v.body_en,
      categoryCode: v.category,
      departmentCodes: v.departments,
      templateIds: v.templates,
      sources: v.sources.map((s) => ({ name: s.name, number: s.number, issuer: s.issuer, issuedOn: s.issued_on, url: s.url })),
      validFrom: v.valid_from,
      reviewBy: v.review_by,
    },
    note: v.note,
    version: v.version,
  }));
/** What the article models take: the version's content as stored, the editor's note, the version the edit was made on. */
export type ArticleInput = { snapshot: VersionSnapshot; note: string; version?: number };
export type ArticleFormValues = z.input<typeof ArticleSchema>;

/** The form's values for editing a version: the schema's output read back into its fields. */
export function articleFormDefaults(current: VersionSnapshot, version: number): ArticleFormValues {
  return {
    title_zh: current.titleZh,
    title_en: current.titleEn,
    body_zh: current.bodyZh,
    body_en: current.bodyEn,
    category: current.categoryCode,
    departments: current.departmentCodes,
    templates: current.templateIds,
    sources: current.sources.map((s) => ({
      name: s.name,
      number: s.number,
      issuer: s.issuer,
      issued_on: s.issuedOn,
      url: s.url,
    })),
    valid_from: current.validFrom ?? "",
    review_by: current.reviewBy,
    note: "",
    version,
  };
}

/** Reads the article form: department and template checkboxes as lists, sources as rows (sources.N.field). */
export function articleFormValues(formData: FormData) {
  return formValues(formData, { arrays: ["departments", "templates"] });
}

/** The reply form's hidden field with the inserted articles' version ids, comma-separated. */
export const ANSWER_ARTICLES_FIELD = "answer_articles";
const MAX_LINKED_ARTICLES = 10;

/** The version ids a reply or answer inserted (none when the field is absent), each once, at most ten. */
export const AnswerArticlesSchema = z.object({ [ANSWER_ARTICLES_FIELD]: z.unknown() }).transform((v) => {
  const raw = v[ANSWER_ARTICLES_FIELD];
  if (typeof raw !== "string") return [];
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_LINKED_ARTICLES);
});

export const ArticleActionSchema = z.object({
  intent: z.enum(ARTICLE_ACTIONS, { errorMap: () => ({ message: "validation.invalidChoice" }) }),
  version: z.coerce.number().int().min(1),
});

/** The steward's library search on a request page (GET, works without JavaScript). */
export const AnswerPickSchema = z.object({
  aq: z.string().max(200).optional().default(""),
  insert: z.string().max(64).optional(),
  ilang: z.enum(["zh-CN", "en", "both"]).optional(),
});
