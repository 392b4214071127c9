import {
  Children,
  cloneElement,
  Fragment,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type TdHTMLAttributes,
} from "react";

/**
 * A table in a card. With `stack`, each row becomes a card of labelled lines below the `sm`
 * breakpoint (a phone), so no column hides off-screen; the cells of rows written directly as
 * `<tr>` children get their column's heading as `data-label` (shown before the value), and from
 * `sm` up the headings wrap so a wide table fits its card on a laptop. Without
 * `stack`, the first column (a name) keeps a readable width and the table scrolls inside its card.
 */
export function Table({
  caption,
  head,
  children,
  stack = false,
  testId,
}: {
  caption?: string;
  head: ReactNode[];
  children: ReactNode;
  stack?: boolean;
  testId?: string;
}) {
  const labels = head.map((h) => (typeof h === "string" ? h : ""));
  return (
    <div
      className={`rounded-xl border border-slate-200 bg-white shadow-sm ${stack ? "max-sm:overflow-hidden sm:overflow-x-auto" : "overflow-x-auto"}`}
    >
      <table
        data-testid={testId}
        className={`min-w-full divide-y divide-slate-200 text-sm ${stack ? "table-stack sm:[&_td:first-child]:min-w-[8rem]" : "[&_td:first-child]:min-w-[8rem]"}`}
      >
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50">
          <tr>
            {head.map((h, i) => (
              <th
                key={i}
                scope="col"
                className={`${stack ? "" : "whitespace-nowrap "}px-4 py-2.5 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-slate-600`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{stack ? labelRows(children, labels) : children}</tbody>
      </table>
    </div>
  );
}

/** Gives each cell of each `<tr>` its column heading, counting colspans. */
function labelRows(children: ReactNode, labels: string[]): ReactNode {
  return Children.map(children, (row) => {
    if (!isValidElement(row)) return row;
    if (row.type === Fragment)
      return <Fragment key={row.key}>{labelRows((row.props as { children?: ReactNode }).children, labels)}</Fragment>;
    if (row.type !== "tr") return row;
    let column = 0;
    const cells = Children.map((row.props as { children?: ReactNode }).children, (cell) => {
      if (!isValidElement(cell)) return cell;
      const props = cell.props as { colSpan?: number; "data-label"?: string };
      const label = labels[column] ?? "";
      column += props.colSpan ?? 1;
      return props["data-label"] !== undefined || !label
        ? cell
        : cloneElement(cell as ReactElement<{ "data-label"?: string }>, { "data-label": label });
    });
    return cloneElement(row as ReactElement<{ children?: ReactNode }>, {}, cells);
  });
}

export function Td({
  children,
  className = "",
  ...props
}: { children?: ReactNode; className?: string } & TdHTMLAttributes<HTMLTableCellElement> & { "data-label"?: string }) {
  return (
    <td className={`px-4 py-2.5 align-top ${className}`} {...props}>
      {children}
    </td>
  );
}
