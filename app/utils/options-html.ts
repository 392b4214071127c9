import escapeHtml from "escape-html";

export type SelectOption = { value: string; label: string };

/**
 * A select's options as one HTML string: the `empty` choice (value "") first when given, then
 * `options`, the first whose value is `selected` marked so (as React marks a select's value),
 * every value and label escaped. Rendered by React, a list of 300 stewards was 300 elements per
 * select and about 2 ms of a page's CPU (issue 14); as a string it is tens of microseconds.
 */
export function optionsHtml(options: SelectOption[], selected: string, empty?: string): string {
  const all = empty === undefined ? options : [{ value: "", label: empty }, ...options];
  const chosen = all.findIndex((o) => o.value === selected);
  return all
    .map((o, i) => `<option value="${escapeHtml(o.value)}"${i === chosen ? " selected" : ""}>${escapeHtml(o.label)}</option>`)
    .join("");
}
