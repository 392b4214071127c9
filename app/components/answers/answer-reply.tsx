import { Form, Link, useActionData, useLocation, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { SearchInput } from "~/components/search-page";
import { FieldLabel } from "~/components/ui/field";
import type { AnswerPicker } from "~/models/answer-picker.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { Button } from "../ui/button";

type Language = "zh-CN" | "en" | "both";

/**
 * A steward's public reply with the policy library beside it: search the library, insert an
 * article (in the enterprise contact's language, the other, or both) into the reply, edit it,
 * send. Without JavaScript the search and the insert links reload the page with the text in the
 * box; with it they insert in place. The inserted articles' versions go with the reply, so the
 * request records what answered it. The page keys it by the number of messages, so a sent reply
 * leaves an empty form.
 */
export function AnswerReplyForm({ picker, canAnswer = false }: { picker: AnswerPicker; canAnswer?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const location = useLocation();
  const navigation = useNavigation();
  const actionData = useActionData<{ intent: string; fieldErrors: FieldErrors }>();
  // The form sends a reply, or (where the request may be answered) the answer itself: both carry the articles.
  const errors = actionData?.intent === "reply" || actionData?.intent === "answer" ? actionData.fieldErrors : {};
  const body = useRef<HTMLTextAreaElement>(null);
  // Versions inserted in place (with JavaScript), on top of those the URL inserted.
  const [added, setAdded] = useState<string[]>([]);
  const versionIds = [...new Set([...picker.inserted.versionIds, ...added])];
  const sending = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const busy = sending === "reply" || sending === "answer";
  const titleOf = (a: { titleZh: string; titleEn: string }) => (lng === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn);

  function insertHref(articleId: string, language: Language) {
    const params = new URLSearchParams(location.search);
    params.append("ins", `${articleId}:${language}`);
    return `${location.pathname}?${params}#reply`;
  }

  function insert(event: React.MouseEvent, result: AnswerPicker["results"][number], language: Language) {
    const versionId = result.versionId;
    if (!body.current || !versionId) return;
    event.preventDefault();
    const box = body.current;
    const text = result.texts[language];
    const before = box.value.slice(0, box.selectionStart ?? box.value.length);
    const after = box.value.slice(box.selectionEnd ?? box.value.length);
    const spacer = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    box.value = `${before}${spacer}${text}${after}`;
    setAdded((list) => [...list, versionId]);
    box.focus();
    const end = before.length + spacer.length + text.length;
    box.setSelectionRange(end, end);
  }

  const languageLabel = (l: Language) => (l === "both" ? t("answers.picker.both") : t(`locales.${l}`));
  const error = errors.body ? translateError(t, errors.body) : undefined;
  return (
    <div className="space-y-4" id="reply">
      <details open={picker.searched || picker.inserted.params.length > 0} className="rounded-lg border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("answers.picker.title")}</summary>
        <Form method="get" className="mt-3 flex gap-2" preventScrollReset>
          {picker.inserted.params.map((p) => (
            <input key={p} type="hidden" name="ins" value={p} />
          ))}
          <SearchInput
            id="answer-picker-q"
            name="aq"
            label={t("answers.picker.search")}
            placeholder={t("answers.picker.placeholder")}
            defaultValue={picker.q}
            compact
          />
          <Button type="submit" variant="secondary" className="whitespace-nowrap">
            {t("search.submit")}
          </Button>
        </Form>
        {picker.results.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("answers.noMatches")}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="answer-picker-results">
            {picker.results.map((r) => (
              <li key={r.id} className="py-2">
                <Link to={`/answers/${r.id}`} className="font-medium text-slate-900 hover:underline">
                  {titleOf(r)}
                </Link>
                <span className="mt-1 flex flex-wrap gap-2">
                  {[
                    r.defaultLanguage,
                    ...r.languages.filter((l) => l !== r.defaultLanguage),
                    ...(r.languages.length > 1 ? (["both"] as const) : []),
                  ].map((l) => (
                    <Link
                      key={l}
                      to={insertHref(r.id, l)}
                      preventScrollReset
                      onClick={(e) => insert(e, r, l)}
                      className={`rounded-md border px-2 py-1 text-xs ${l === r.defaultLanguage ? "border-brand-600 bg-brand-50 font-medium text-brand-800" : "border-slate-300 text-slate-700"}`}
                    >
                      {t("answers.picker.insert", { language: languageLabel(l) })}
                    </Link>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-xs text-slate-500">
          {t("answers.picker.contactLanguage", { language: t(`locales.${picker.requestLanguage}`) })}
        </p>
      </details>
      {/* Keyed by what the URL inserted, so a reload with another insertion shows its text. */}
      <Form method="post" className="space-y-2" noValidate key={picker.inserted.params.join("|")}>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="answer_articles" value={versionIds.join(",")} />
        {errors._form ? (
          <p role="alert" className="text-sm text-red-700">
            {translateError(t, errors._form)}
          </p>
        ) : null}
        <FieldLabel htmlFor="reply-body">{t("requests.publicReply")}</FieldLabel>
        <textarea
          ref={body}
          id="reply-body"
          name="body"
          rows={picker.inserted.text ? 10 : 4}
          defaultValue={picker.inserted.text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "reply-body-error" : undefined}
          className={`block w-full rounded-md border px-3 py-2 text-sm ${error ? "border-red-400" : "border-slate-300"}`}
        />
        {error ? (
          <p id="reply-body-error" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        {versionIds.length > 0 ? (
          <p className="text-xs text-slate-600" data-testid="reply-articles">
            {t("answers.picker.attached", { count: versionIds.length })}
          </p>
        ) : null}
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
          {/* The first button is the form's default: Enter or a submit without a button sends a reply. */}
          <Button type="submit" name="intent" value="reply" disabled={busy} className="w-full sm:w-auto">
            {t("requests.actions.reply")}
          </Button>
          {canAnswer ? (
            <Button type="submit" name="intent" value="answer" variant="secondary" disabled={busy} className="w-full sm:w-auto">
              {t("answers.picker.sendAsAnswer")}
            </Button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}
