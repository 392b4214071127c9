import { Link, useFetcher } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";

type Suggestions = { suggestions: { id: string; title: string }[] };

/** Characters of the typed text sent for suggestions (title first, then the description). */
const MAX_TEXT = 1500;
const PAUSE_MS = 400;

/**
 * Beside the new-request form: while the enterprise user types a title or description, current
 * articles of the policy library that match are suggested (a fetcher to
 * /portal/answers/suggest). Opening one (in a new tab, so the form keeps what was typed) is
 * logged with the form's key, for the self-service figure. Without JavaScript it shows the
 * link to the library only.
 */
export function AnswerSuggestions({ formKey, children }: { formKey: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Suggestions>();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastText = useRef("");

  function onInput(event: React.FormEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    if (target.name !== "title" && target.name !== "description") return;
    const form = target.form;
    if (!form) return;
    const read = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
    const text = `${read("title")}\n${read("description")}`.trim().slice(0, MAX_TEXT);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (text === lastText.current) return;
      lastText.current = text;
      fetcher.load(`/portal/answers/suggest?${new URLSearchParams({ text })}`);
    }, PAUSE_MS);
  }

  const suggestions = fetcher.data?.suggestions ?? [];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="lg:col-span-2" onInput={onInput}>
        {children}
      </div>
      {/* On a phone the box sits above the form, so a suggestion shows while the title is typed, not below the submit button. */}
      <aside aria-labelledby="suggestions-title" className="order-first space-y-3 lg:order-none">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="suggestions-title" className="mb-2 text-base font-semibold text-slate-800">
            {t("answers.suggestions.title")}
          </h2>
          <div aria-live="polite" data-testid="answer-suggestions">
            {suggestions.length > 0 ? (
              <>
                <p className="mb-2 text-sm text-slate-600">{t("answers.suggestions.found")}</p>
                <ul className="space-y-2 text-sm">
                  {suggestions.map((s) => (
                    <li key={s.id}>
                      <Link
                        to={`/portal/answers/${s.id}?${new URLSearchParams({ via: "suggestion", form: formKey })}`}
                        target="_blank"
                        rel="noopener"
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {s.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="text-sm text-slate-600">{t("answers.suggestions.hint")}</p>
            )}
          </div>
          <p className="mt-3 border-t border-slate-100 pt-3 text-sm">
            <Link to="/portal/answers" className="text-brand-700 hover:underline">
              {t("answers.suggestions.browse")}
            </Link>
          </p>
        </div>
      </aside>
    </div>
  );
}
