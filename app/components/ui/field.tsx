import { forwardRef, useId, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { SelectOption } from "~/utils/options-html";
import { LongSelect } from "./long-select";

const control =
  "block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

const borderOf = (error: string | undefined) => (error ? "border-red-400" : "border-slate-300");

/** A form control's look, its border red while it has an error (for controls the field components do not cover). */
export const fieldControlClass = (error?: string) => `${control} ${borderOf(error)}`;

/** A field's visible label's look. */
export const FIELD_LABEL_CLASS = "mb-1 block text-sm font-medium text-slate-700";

type FieldProps = { label: string; error?: string; hint?: string };

/** Ids and ARIA wiring of one field: when invalid it carries aria-invalid and points to its message. */
function useField(id: string | undefined, error: string | undefined, hint: string | undefined) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  return {
    inputId,
    errorId,
    hintId,
    aria: { "aria-invalid": error ? true : undefined, "aria-describedby": error ? errorId : hint ? hintId : undefined },
    border: borderOf(error),
  };
}

/** A field's visible label, above its control (for controls the field components do not cover). */
export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: React.ReactNode }) {
  return (
    <label htmlFor={htmlFor} className={FIELD_LABEL_CLASS}>
      {children}
    </label>
  );
}

/** A label only screen readers read, for a control whose placeholder or place says what it is. */
export function HiddenLabel({ htmlFor, children }: { htmlFor: string; children: React.ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="sr-only">
      {children}
    </label>
  );
}

/** Label, control, then the hint or the error message. */
function FieldShell({
  label,
  error,
  hint,
  className,
  field,
  children,
}: FieldProps & { className?: string; field: ReturnType<typeof useField>; children: React.ReactNode }) {
  return (
    <div className={className}>
      <FieldLabel htmlFor={field.inputId}>{label}</FieldLabel>
      {children}
      {hint && !error ? (
        <p id={field.hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={field.errorId} error={error} />
    </div>
  );
}

/** A field's error message, under its control, with the id its control's aria-describedby names. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {error}
    </p>
  ) : null;
}

export const TextField = forwardRef<HTMLInputElement, FieldProps & InputHTMLAttributes<HTMLInputElement>>(function TextField(
  { label, error, hint, id, className = "", ...props },
  ref,
) {
  const field = useField(id, error, hint);
  return (
    <FieldShell label={label} error={error} hint={hint} className={className} field={field}>
      <input ref={ref} id={field.inputId} {...field.aria} className={`${control} ${field.border}`} {...props} />
    </FieldShell>
  );
});

export const TextAreaField = forwardRef<HTMLTextAreaElement, FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function TextAreaField({ label, error, hint, id, className = "", ...props }, ref) {
    const field = useField(id, error, hint);
    return (
      <FieldShell label={label} error={error} hint={hint} className={className} field={field}>
        <textarea ref={ref} id={field.inputId} {...field.aria} className={`${control} ${field.border}`} {...props} />
      </FieldShell>
    );
  },
);

export const SelectField = forwardRef<
  HTMLSelectElement,
  FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[]; placeholder?: string }
>(function SelectField({ label, error, hint, id, options, placeholder, className = "", ...props }, ref) {
  const field = useField(id, error, hint);
  return (
    <FieldShell label={label} error={error} hint={hint} className={className} field={field}>
      <select ref={ref} id={field.inputId} {...field.aria} className={`${control} bg-white ${field.border}`} {...props}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
});

/**
 * A SelectField for a long list (the stewards: 317 at scale), its options written as one HTML
 * string (LongSelect) and uncontrolled: for forms that repeat it on every row (a centre's
 * checklist items each choose an owner), where an element per option was most of the page's
 * rendering (issue 14).
 */
export function LongSelectField({
  label,
  error,
  hint,
  id,
  options,
  placeholder,
  defaultValue,
  className = "",
  ...props
}: FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "children" | "value" | "defaultValue" | "dangerouslySetInnerHTML"> & {
    options: SelectOption[];
    /** The label of the empty choice, listed first. */
    placeholder?: string;
    defaultValue?: string;
  }) {
  const field = useField(id, error, hint);
  return (
    <FieldShell label={label} error={error} hint={hint} className={className} field={field}>
      <LongSelect
        id={field.inputId}
        {...field.aria}
        className={`${control} bg-white ${field.border}`}
        options={options}
        value={defaultValue ?? ""}
        empty={placeholder}
        {...props}
      />
    </FieldShell>
  );
}
