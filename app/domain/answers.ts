/**
 * Policy answers (issue 15): a bilingual library of answer articles.
 *
 * - An article has a title and a Markdown body in Chinese and in English; either language may
 *   be missing (a language counts as present when it has both a title and a body).
 * - Status: draft → published → retired, as the transition table below says. Editing never
 *   changes the status; every edit is a new version.
 * - Review: an article names a "review by" date. It is **due for review** from
 *   REVIEW_DUE_SOON_DAYS days before that date, and **overdue** (expired) after it.
 * - An article is **current** on a day when it is published, its valid-from date (if any) is on
 *   or before that day and its review-by date is not past. Only current articles are suggested
 *   (portal suggestions, the portal's list and search, the steward's insert picker): a retired,
 *   not yet valid or expired article never is.
 * - A published article may be read by enterprise users at its own address even when expired
 *   (with a notice); a draft or retired article never reaches an enterprise user.
 *
 * Pure functions; dates are `YYYY-MM-DD` strings in Beijing time.
 */
import { diffChars, diffWordsWithSpace } from "diff";

export const ARTICLE_STATUSES = ["draft", "published", "retired"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_ACTIONS = ["publish", "unpublish", "retire", "restore"] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

/** The transitions, as data: routes show the actions a status allows, tests read the same table. */
export const ARTICLE_TRANSITIONS: Record<ArticleAction, { from: readonly ArticleStatus[]; to: ArticleStatus }> = {
  publish: { from: ["draft"], to: "published" },
  unpublish: { from: ["published"], to: "draft" },
  retire: { from: ["draft", "published"], to: "retired" },
  restore: { from: ["retired"], to: "draft" },
};

export function isArticleStatus(value: unknown): value is ArticleStatus {
  return typeof value === "string" && (ARTICLE_STATUSES as readonly string[]).includes(value);
}

export function allowedArticleActions(status: ArticleStatus): ArticleAction[] {
  return ARTICLE_ACTIONS.filter((a) => ARTICLE_TRANSITIONS[a].from.includes(status));
}

export type ArticleContent = {
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
};

export type ArticleLanguage = "zh-CN" | "en";

/** The languages an article is written in (title and body both present). */
export function languagesOf(article: ArticleContent): ArticleLanguage[] {
  const out: ArticleLanguage[] = [];
  if (article.titleZh.trim() && article.bodyZh.trim()) out.push("zh-CN");
  if (article.titleEn.trim() && article.bodyEn.trim()) out.push("en");
  return out;
}

export type TransitionOutcome =
  { ok: true; to: ArticleStatus } | { ok: false; reason: "illegal_transition" | "no_language" | "review_date_past" };

/**
 * May the article take this action? Publishing needs at least one complete language and a
 * review-by date that is not past (an article is never published already expired).
 */
export function articleTransition(
  article: ArticleContent & { status: ArticleStatus; reviewBy: string },
  action: ArticleAction,
  today: string,
): TransitionOutcome {
  const rule = ARTICLE_TRANSITIONS[action];
  if (!rule.from.includes(article.status)) return { ok: false, reason: "illegal_transition" };
  if (action === "publish") {
    if (languagesOf(article).length === 0) return { ok: false, reason: "no_language" };
    if (article.reviewBy < today) return { ok: false, reason: "review_date_past" };
  }
  return { ok: true, to: rule.to };
}

/** Days before the review-by date from which an article is listed as due for review. */
export const REVIEW_DUE_SOON_DAYS = 30;

export type ReviewState = "ok" | "due" | "overdue";

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first day an article with this review-by date is due for review. */
export function reviewDueFrom(reviewBy: string): string {
  return addDays(reviewBy, -REVIEW_DUE_SOON_DAYS);
}

/** The latest review-by date that is due on `today` (the inverse of reviewDueFrom). */
export function reviewDueBy(today: string): string {
  return addDays(today, REVIEW_DUE_SOON_DAYS);
}

/** The library's review filter: due (including overdue) or overdue only. */
export const REVIEW_FILTERS = ["due", "overdue"] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** Retired articles are never due (nobody reviews what is withdrawn). */
export function reviewState(article: { status: ArticleStatus; reviewBy: string }, today: string): ReviewState {
  if (article.status === "retired") return "ok";
  if (article.reviewBy < today) return "overdue";
  if (reviewDueFrom(article.reviewBy) <= today) return "due";
  return "ok";
}

/** Expired: the review-by date is past, so the text may no longer be right. */
export function isExpired(article: { reviewBy: string }, today: string): boolean {
  return article.reviewBy < today;
}

/** Current on `today`: published, in force (valid-from reached) and not expired. Only these are suggested. */
export function isCurrent(
  article: { status: ArticleStatus; validFrom: string | null; reviewBy: string },
  today: string,
): boolean {
  if (article.status !== "published") return false;
  if (article.validFrom && article.validFrom > today) return false;
  return !isExpired(article, today);
}

/** The text of one language for a reply: the title as a heading line, then the body. */
export function replyTextOf(article: ArticleContent, language: ArticleLanguage | "both"): string {
  const one = (lng: ArticleLanguage) => {
    const title = lng === "en" ? article.titleEn : article.titleZh;
    const body = lng === "en" ? article.bodyEn : article.bodyZh;
    return [title.trim(), body.trim()].filter(Boolean).join("\n\n");
  };
  if (language !== "both") return one(language);
  return languagesOf(article).map(one).filter(Boolean).join("\n\n———\n\n");
}

/**
 * The language to insert for a reader: theirs when the article has it, else the one it has
 * (or "both" when asked and it has both).
 */
export function insertLanguageFor(article: ArticleContent, reader: ArticleLanguage): ArticleLanguage {
  const has = languagesOf(article);
  if (has.includes(reader) || has.length === 0) return reader;
  return has[0]!;
}

/* ---------------------------------------------------------------- versions and what changed */

export type Source = { name: string; number: string; issuer: string; issuedOn: string; url: string };

export type VersionSnapshot = ArticleContent & {
  categoryCode: string;
  departmentCodes: string[];
  templateIds: string[];
  sources: Source[];
  validFrom: string | null;
  reviewBy: string;
};

export const VERSION_FIELDS = [
  "titleZh",
  "titleEn",
  "bodyZh",
  "bodyEn",
  "categoryCode",
  "departmentCodes",
  "templateIds",
  "sources",
  "validFrom",
  "reviewBy",
] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];

export type DiffPart = { text: string; change: "same" | "added" | "removed" };
export type FieldDiff = { field: VersionField; parts: DiffPart[] };

const TEXT_FIELDS: ReadonlySet<VersionField> = new Set(["titleZh", "titleEn", "bodyZh", "bodyEn"]);
const CHINESE_FIELDS: ReadonlySet<VersionField> = new Set(["titleZh", "bodyZh"]);

function valueText(field: VersionField, snapshot: VersionSnapshot): string {
  const value = snapshot[field];
  if (field === "sources")
    return (value as Source[])
      .map((s) =>
        // A standard is often named by its number (GB 32100-2015): then the number is said once.
        [s.name, s.number === s.name ? "" : s.number, s.issuer, s.issuedOn, s.url].filter(Boolean).join(" · "),
      )
      .join("\n");
  if (Array.isArray(value)) return [...value].sort().join(", ");
  return (value as string | null) ?? "";
}

/**
 * What changed from one version to the next, field by field (unchanged fields left out). Texts
 * are compared word by word (English) or character by character (Chinese, which has no spaces
 * between words), with the `diff` library; lists and dates as a whole.
 */
export function diffVersions(before: VersionSnapshot | null, after: VersionSnapshot): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of VERSION_FIELDS) {
    const a = before ? valueText(field, before) : "";
    const b = valueText(field, after);
    if (a === b) continue;
    if (!TEXT_FIELDS.has(field) || !a || !b) {
      const parts: DiffPart[] = [];
      if (a) parts.push({ text: a, change: "removed" });
      if (b) parts.push({ text: b, change: "added" });
      out.push({ field, parts });
      continue;
    }
    const chinese = CHINESE_FIELDS.has(field);
    const changes = chinese ? diffChars(a, b) : diffWordsWithSpace(a, b);
    const parts: DiffPart[] = changes.map((c) => ({ text: c.value, change: c.added ? "added" : c.removed ? "removed" : "same" }));
    out.push({ field, parts: coalesceChanges(parts, chinese ? /^[^\n]$|^[ \t\u3000]+$/u : /^[ \t]+$/) });
  }
  return out;
}

/**
 * A change of several words reads as one: "~~as early as you can~~ at least two months ahead",
 * not word against word. Unchanged text that only separates two changes (spaces; in Chinese one
 * character) joins them, so each run of changes becomes its removed text, then its added text.
 * A line break never joins: changes on different lines stay apart.
 */
export function coalesceChanges(parts: DiffPart[], joins: RegExp): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  let held = "";
  let inRun = false;
  const flush = () => {
    if (removed) out.push({ text: removed, change: "removed" });
    if (added) out.push({ text: added, change: "added" });
    removed = added = "";
    inRun = false;
  };
  for (const part of parts) {
    if (part.change !== "same") {
      // The separator goes to the side it separates (a side not yet begun needs none).
      if (removed) removed += held;
      if (added) added += held;
      held = "";
      if (part.change === "removed") removed += part.text;
      else added += part.text;
      inRun = true;
    } else if (inRun && !held && joins.test(part.text)) {
      held = part.text;
    } else {
      flush();
      if (held) out.push({ text: held, change: "same" });
      held = "";
      out.push(part);
    }
  }
  flush();
  if (held) out.push({ text: held, change: "same" });
  return mergeSame(out);
}

function mergeSame(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && last.change === "same" && part.change === "same") last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/* ---------------------------------------------------------------- suggestions */

const STOP_WORDS = new Set([
  "the",
  "and",
  "for",
  "our",
  "are",
  "with",
  "how",
  "what",
  "can",
  "does",
  "need",
  "from",
  "that",
  "this",
  "have",
  "has",
  "was",
  "who",
  "you",
  "your",
  "will",
  "when",
  "which",
  "into",
  "about",
  "please",
  "would",
  "could",
  "should",
]);

/** At most this many terms go into one suggestion query. */
export const MAX_SUGGESTION_TERMS = 40;

/**
 * The terms a free text (a request being typed) is matched on, for the trigram index: Latin
 * words of three letters or more (without common words), and every three-character window of
 * each run of Chinese characters (the text has no spaces between words; any shared three
 * characters with an article is a hint). Folded text in, deduplicated terms out.
 */
export function suggestionTerms(folded: string): string[] {
  const terms = new Set<string>();
  for (const m of folded.matchAll(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu)) {
    const run = m[0];
    if (/\p{Script=Han}/u.test(run)) {
      const chars = Array.from(run);
      if (chars.length < 3) continue;
      for (let i = 0; i + 3 <= chars.length; i++) terms.add(chars.slice(i, i + 3).join(""));
    } else if (run.length >= 3 && !STOP_WORDS.has(run) && !/^\d+$/.test(run)) {
      terms.add(run);
    }
    if (terms.size >= MAX_SUGGESTION_TERMS) break;
  }
  return [...terms].slice(0, MAX_SUGGESTION_TERMS);
}

/* ---------------------------------------------------------------- figures */

/** Share as a whole percentage, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null;
}
