/**
 * A part of a page that opens in place (a <details>, so it works without JavaScript), its summary
 * led by a ▸ that turns when open. `open` only ever opens it (after a refused submission, so
 * the messages show); it is never forced closed.
 */
export function Disclosure({
  open,
  className,
  summaryClassName,
  testId,
  summary,
  children,
}: {
  open: boolean;
  /** The box's classes (border, margin, background). */
  className: string;
  /** The summary's padding, text size and colour. */
  summaryClassName: string;
  testId?: string;
  summary: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <details open={open ? true : undefined} className={`group ${className}`} data-testid={testId}>
      <summary className={`cursor-pointer list-none ${summaryClassName} marker:hidden`}>
        <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
          ▸
        </span>
        {summary}
      </summary>
      {children}
    </details>
  );
}

/**
 * The inline edit form of one thing in a list (a checklist item, a template): a bordered
 * Disclosure whose summary says what it does, and to screen readers which thing it edits.
 */
export function EditDisclosure({
  open,
  label,
  name,
  className = "",
  children,
}: {
  open: boolean;
  label: string;
  name: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Disclosure
      open={open}
      className={`mt-3 rounded-lg border border-slate-200 ${className}`}
      summaryClassName="px-3 py-2 text-sm font-medium text-brand-700"
      summary={
        <>
          {label}
          <span className="sr-only">: {name}</span>
        </>
      }
    >
      {children}
    </Disclosure>
  );
}
