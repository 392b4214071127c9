import type { SelectHTMLAttributes } from "react";
import { optionsHtml, type SelectOption } from "~/utils/options-html";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children" | "value" | "defaultValue" | "dangerouslySetInnerHTML"> & {
  options: SelectOption[];
  /** The option chosen when the page is rendered ("" for the empty choice). */
  value?: string | number;
  /** The label of the empty choice (value ""), listed first; none without it. */
  empty?: string;
};

/**
 * A select that may list hundreds of options (the stewards at scale): its options are written as
 * one HTML string (`optionsHtml`) instead of an element each, which costs the server far less to
 * render; the browser sees the same options, and the chosen one is marked in the HTML, so it shows
 * without JavaScript. Uncontrolled, as a plain form field.
 */
export function LongSelect({ options, value, empty, ...props }: Props) {
  const selected = String(value ?? "");
  return (
    <select {...props} defaultValue={selected} dangerouslySetInnerHTML={{ __html: optionsHtml(options, selected, empty) }} />
  );
}
