/**
 * The words of a Markdown text without its markup, for a one-line preview (a search result's
 * snippet). Not a renderer: pages show article bodies through micromark (utils/markdown.server.ts).
 *
 * - Block markers go: headings' `#`, quotes' `>`, list bullets (`-`, `*`, `+`) and numbers (`1.`).
 * - Emphasis and code marks go (`**`, `__`, `*`, `_` around words, backticks); the words stay.
 * - A link or image keeps its text and drops its address: `[the notice](https://…)` → `the notice`.
 * - Lines join with a space; runs of white space become one.
 */
export function markdownPlainText(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s{0,3}(?:>\s?)+/, "")
        .replace(/^\s*#{1,6}\s+/, "")
        .replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, "")
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
        .replace(/(^|[^\w*])[*_](?=\S)([^*_]*?\S)[*_](?=[^\w*]|$)/g, "$1$2")
        .replace(/`+([^`]*)`+/g, "$1"),
    )
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}
