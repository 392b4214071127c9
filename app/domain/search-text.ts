/**
 * Search text rules, shared by the index and the query so they can never disagree.
 *
 * - Folding: Unicode NFKC (full-width ＡＢＣ１２３ become ABC123, half-width katakana become
 *   full-width, compatibility ideographs become their unified form) then lower case. The
 *   database registers the same function as `rdc_fold` (db/client.server.ts), and the search
 *   index's triggers store folded text, so a query folded here matches whatever form was typed.
 * - A query is split on white space into terms; every term must occur (AND), as a substring.
 * - Terms of three or more characters are found through the FTS5 trigram index; shorter ones
 *   (one or two Chinese characters are a common name search) are matched with `instr` on the
 *   folded name columns only.
 */

export const MIN_INDEXED_TERM = 3;
/** Results per kind on the search page, and on a kind's own page ("more"). */
export const GROUP_LIMIT = 20;
export const KIND_LIMIT = 100;
export const MAX_TERMS = 6;
export const MAX_TERM_LENGTH = 64;

export function foldSearchText(text: string): string {
  // Normalised again after lower-casing, which can leave a non-NFKC sequence (idempotent: folding folded text changes nothing).
  return text.normalize("NFKC").toLowerCase().normalize("NFKC");
}

/** Length in characters (code points), not UTF-16 units: "𠜎" is one character. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export type SearchQuery = {
  /** Folded terms, longest first, without duplicates or terms contained in another. */
  terms: string[];
  /** Terms the trigram index can find (three characters or more). */
  indexed: string[];
  /** Terms too short for the index. */
  short: string[];
};

/** Parses a typed query; an empty `terms` means nothing to search for. */
export function parseSearchQuery(raw: string): SearchQuery {
  const folded = foldSearchText(raw)
    // Control characters and the quote FTS5 treats as syntax never help a search.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, " ")
    .trim();
  const words = folded
    .split(/\s+/u)
    .filter(Boolean)
    .map((w) => Array.from(w).slice(0, MAX_TERM_LENGTH).join(""));
  const unique = [...new Set(words)].sort((a, b) => charLength(b) - charLength(a));
  const terms: string[] = [];
  for (const w of unique) if (!terms.some((t) => t.includes(w))) terms.push(w);
  terms.splice(MAX_TERMS);
  return {
    terms,
    indexed: terms.filter((t) => charLength(t) >= MIN_INDEXED_TERM),
    short: terms.filter((t) => charLength(t) < MIN_INDEXED_TERM),
  };
}

/** Characters separated by spaces: the short-query index holds one character per token. */
export function spacedCharacters(text: string): string {
  return Array.from(text).join(" ");
}

/**
 * The FTS5 MATCH expression for short terms in the one-character-per-token index (migration
 * 0007_search_index: unicode61 tokens, the kind as a first token): each term a phrase of its
 * letters and digits. Null when no term has any (punctuation only): the caller scans instead.
 * Punctuation is left out here, so callers check the exact substring too.
 */
export function shortMatchExpression(kind: string, short: readonly string[]): string | null {
  const phrases = short.map((t) => Array.from(t).filter((c) => /[\p{L}\p{N}]/u.test(c))).filter((chars) => chars.length > 0);
  if (phrases.length === 0) return null;
  return [`kind${kind.replace(/_/g, "")}`, ...phrases.map((chars) => `"${chars.join(" ")}"`)].join(" AND ");
}

/** The FTS5 MATCH expression for the indexed terms: each a quoted string (trigram: a substring), all required. */
export function ftsMatchExpression(indexed: readonly string[]): string {
  return indexed.map((t) => `"${t.replace(/"/g, '""')}"`).join(" AND ");
}

export type Segment = { text: string; match: boolean };

/**
 * Splits a text into plain and matching segments for highlighting. Matching is done on the
 * folded text, cluster by cluster (a base character with its combining marks), and mapped back
 * to the original characters, so "ＡＢＣ" is highlighted for the query "abc".
 */
export function highlightSegments(text: string, terms: readonly string[]): Segment[] {
  if (!text) return [];
  const clusters = text.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [text];
  let folded = "";
  const owner: number[] = []; // folded UTF-16 index -> cluster index
  clusters.forEach((c, i) => {
    const f = foldSearchText(c);
    folded += f;
    for (let k = 0; k < f.length; k++) owner.push(i);
  });
  const marked = new Array<boolean>(clusters.length).fill(false);
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      for (let k = at; k < at + term.length; k++) marked[owner[k]!] = true;
      from = at + Math.max(1, term.length);
    }
  }
  const segments: Segment[] = [];
  clusters.forEach((c, i) => {
    const last = segments[segments.length - 1];
    if (last && last.match === marked[i]) last.text += c;
    else segments.push({ text: c, match: marked[i]! });
  });
  return segments;
}

/**
 * A window of a long text around its first match (whole text when short), with an ellipsis
 * where it was cut.
 */
export function snippetAround(text: string, terms: readonly string[], radius = 60): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length <= radius * 2) return chars.join("");
  const segments = highlightSegments(chars.join(""), terms);
  let first = -1;
  let pos = 0;
  for (const s of segments) {
    if (s.match) {
      first = pos;
      break;
    }
    pos += Array.from(s.text).length;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(radius / 2));
  const end = Math.min(chars.length, start + radius * 2);
  return `${start > 0 ? "…" : ""}${chars.slice(start, end).join("")}${end < chars.length ? "…" : ""}`;
}

/** Does the folded text contain every term? */
export function matchesAll(text: string, terms: readonly string[]): boolean {
  const folded = foldSearchText(text);
  return terms.every((t) => folded.includes(t));
}

export const SEARCH_KINDS = ["centre", "contact", "request", "interaction", "follow_up"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * What each role's staff search covers: admins and stewards everything a steward reads (centres,
 * contacts, requests with their messages, interactions, follow-ups); officials centres only;
 * enterprise users search their own centre in the portal instead (none here).
 */
export function searchKindsFor(role: "admin" | "steward" | "official" | "enterprise"): readonly SearchKind[] {
  if (role === "admin" || role === "steward") return SEARCH_KINDS;
  if (role === "official") return ["centre"];
  return [];
}

/** Does the query name a receipt number (RQ-2026-000048, any case or width)? Such a search includes closed requests. */
export function isReceiptNoQuery(raw: string): boolean {
  return /^rq-\d{4}-\d{1,6}$/.test(foldSearchText(raw).trim());
}

/**
 * Orders fetched results by how well their names match: a name starting with the first term,
 * then names holding every term, then the rest (matched elsewhere, e.g. the address); shorter
 * names first within each (closer to what was typed), otherwise in the order found.
 */
export function rankByName<T>(rows: readonly T[], terms: readonly string[], namesOf: (row: T) => string[]): T[] {
  const score = (row: T) => {
    const names = namesOf(row).map(foldSearchText);
    if (terms[0] && names.some((n) => n.startsWith(terms[0]!))) return 0;
    if (names.some((n) => terms.every((t) => n.includes(t)))) return 1;
    return 2;
  };
  return rows
    .map((row, index) => ({ row, index, score: score(row), length: Math.min(...namesOf(row).map((n) => n.length)) }))
    .sort((a, b) => a.score - b.score || a.length - b.length || a.index - b.index)
    .map((r) => r.row);
}
