import { highlightSegments, snippetAround } from "~/domain/search-text";

/**
 * Text with the search terms marked. Every segment is a React text child, never HTML, so
 * whatever a user typed into the record is shown as text.
 */
export function Highlight({ text, terms, snippet }: { text: string; terms: readonly string[]; snippet?: number }) {
  const shown = snippet ? snippetAround(text, terms, snippet) : text;
  return (
    <>
      {highlightSegments(shown, terms).map((s, i) =>
        s.match ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-inherit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
