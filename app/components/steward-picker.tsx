import { useFetcher } from "@remix-run/react";
import { useCombobox } from "downshift";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { StewardChoice } from "~/domain/steward-pick";
import { FIELD_LABEL_CLASS, FieldError, fieldControlClass } from "./ui/field";

type Suggestions = { stewards: StewardChoice[] };

/** How long typing pauses before suggestions are asked for. */
const PAUSE_MS = 150;

/**
 * A steward picker: a text field for a steward's name or email and a hidden field with the
 * chosen steward's id, both sent with the form (the server decides which steward they name:
 * app/domain/steward-pick.ts). With JavaScript it is a combobox (downshift) that suggests the
 * stewards matching what is typed (a fetcher to /stewards/options); without it the person types
 * a name or an email. It replaces a select of every steward, which at 300 stewards made the
 * centre list's page twice as heavy to render and send.
 */
export function StewardPicker({
  id,
  idName,
  textName,
  label,
  placeholder,
  chosen,
  text,
  invalid = false,
  describedBy,
  className = "",
  labelClassName = "block text-xs font-medium text-slate-600",
  inputClassName,
  carries = "id",
}: {
  id: string;
  /** The field carrying the chosen steward's id. */
  idName: string;
  /** The field carrying the typed text. */
  textName: string;
  label: React.ReactNode;
  placeholder: string;
  chosen: { id: string; name: string } | null;
  /** The text as sent, when it named nobody or several stewards. */
  text?: string;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
  labelClassName?: string;
  inputClassName: string;
  /** What the hidden field carries: the steward's id, or their email (the centre form, like the import). */
  carries?: "id" | "email";
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Suggestions>();
  // What the hidden field carries of the chosen steward: the id, or (carries "email") the email.
  const [chosenId, setChosenId] = useState(chosen?.id ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const [asked, setAsked] = useState("");
  const items = asked ? (fetcher.data?.stewards ?? []) : [];
  // The typed text stays downshift's own (uncontrolled): a controlled value loses keystrokes typed quickly.
  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } = useCombobox<StewardChoice>({
    id: `${id}-combobox`,
    inputId: id,
    items,
    initialInputValue: text ?? chosen?.name ?? "",
    itemToString: (s) => s?.name ?? "",
    onInputValueChange: ({ inputValue: typed = "", type }) => {
      if (type !== useCombobox.stateChangeTypes.InputChange) return;
      setChosenId("");
      const q = typed.trim();
      setAsked(q);
      if (timer.current) clearTimeout(timer.current);
      if (q) timer.current = setTimeout(() => fetcher.load(`/stewards/options?${new URLSearchParams({ q })}`), PAUSE_MS);
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) setChosenId(carries === "email" ? selectedItem.email : selectedItem.id);
    },
  });
  const searched = asked && fetcher.state === "idle" && fetcher.data !== undefined;

  return (
    <div className={className}>
      <label {...getLabelProps()} className={labelClassName}>
        {label}
      </label>
      <div className="relative">
        <input type="hidden" name={idName} value={chosenId} />
        <input
          {...getInputProps({
            name: textName,
            placeholder,
            "aria-invalid": invalid || undefined,
            "aria-describedby": describedBy,
          })}
          type="text"
          autoComplete="off"
          className={inputClassName}
        />
        <ul
          {...getMenuProps()}
          className={`absolute left-0 top-full z-20 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg ${
            isOpen && asked ? "" : "hidden"
          }`}
        >
          {isOpen && asked
            ? items.map((steward, index) => (
                <li
                  key={steward.id}
                  {...getItemProps({ item: steward, index })}
                  className={`cursor-pointer px-3 py-1.5 ${highlightedIndex === index ? "bg-brand-50 text-brand-900" : "text-slate-800"}`}
                >
                  <span className="block font-medium">{steward.name}</span>
                  <span className="block text-xs text-slate-500">{steward.email}</span>
                </li>
              ))
            : null}
        </ul>
      </div>
      <p role="status" className={isOpen && searched && items.length === 0 ? "mt-1 text-xs text-slate-600" : "sr-only"}>
        {isOpen && searched && items.length === 0 ? t("stewardPicker.noMatch") : ""}
      </p>
    </div>
  );
}

/**
 * A form field choosing a steward (a checklist item's owner): label, picker, then the server's
 * message when the typed text named nobody or several stewards (`withPickedSteward`).
 */
export function StewardField({
  id,
  label,
  placeholder,
  chosen,
  text,
  error,
  idName = "owner_id",
  textName = "owner_text",
  carries = "id",
  className = "",
}: {
  id: string;
  label: string;
  placeholder: string;
  /** The steward shown first: `id` is what the hidden field carries (an email with carries "email"). */
  chosen: { id: string; name: string } | null;
  text?: string;
  error?: string;
  idName?: string;
  textName?: string;
  carries?: "id" | "email";
  className?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <div className={className}>
      <StewardPicker
        id={id}
        idName={idName}
        textName={textName}
        label={label}
        labelClassName={FIELD_LABEL_CLASS}
        placeholder={placeholder}
        chosen={chosen}
        text={text}
        carries={carries}
        invalid={Boolean(error)}
        describedBy={error ? errorId : undefined}
        inputClassName={fieldControlClass(error)}
      />
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** The owner a refused form sent back (`values`: its owner_id, as the server resolved it, and owner_text, as typed). */
export function typedOwner(values: Record<string, unknown>): { chosen: { id: string; name: string } | null; text: string } {
  const id = typeof values.owner_id === "string" ? values.owner_id : "";
  const text = typeof values.owner_text === "string" ? values.owner_text : "";
  return { chosen: id ? { id, name: text } : null, text };
}
