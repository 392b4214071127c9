import { useTranslation } from "react-i18next";
import type { FieldDiff, ReviewState, Source } from "~/domain/answers";
import { formatDate } from "~/utils/format";
import { Card } from "../ui/page-header";

const STATUS_TONES: Record<string, string> = {
  draft: "bg-amber-100 text-amber-900",
  published: "bg-emerald-100 text-emerald-900",
  retired: "bg-slate-200 text-slate-700",
};

export function ArticleStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_TONES[status] ?? "bg-slate-100"}`}
    >
      {t(`answers.status.${status}`)}
    </span>
  );
}

/** The review-by date, marked when due or overdue. */
export function ReviewDate({ reviewBy, state }: { reviewBy: string; state: ReviewState }) {
  const { t, i18n } = useTranslation();
  const tone =
    state === "overdue" ? "font-semibold text-red-700" : state === "due" ? "font-medium text-amber-800" : "text-slate-700";
  return (
    <span className={`whitespace-nowrap text-sm ${tone}`}>
      {formatDate(reviewBy, i18n.language)}
      {state !== "ok" ? <span className="ml-1 text-xs">({t(`answers.review.${state}`)})</span> : null}
    </span>
  );
}

/** An article body rendered from Markdown on the server (raw HTML off: app/utils/markdown.server.ts). */
export function MarkdownBody({ html, lang }: { html: string; lang?: string }) {
  return (
    <div
      lang={lang}
      className="space-y-3 text-sm leading-relaxed text-slate-900 [&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** Says that a language is missing, in place of its text. */
export function MissingLanguage({ language }: { language: "zh-CN" | "en" }) {
  const { t } = useTranslation();
  return (
    <p className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-4 text-sm italic text-slate-600">
      {t("answers.missingLanguage", { language: t(`locales.${language}`) })}
    </p>
  );
}

/** An article's sources, as staff and the portal both show them: a card of the documents it rests on. */
export function SourcesCard({ sources }: { sources: Source[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t("answers.fields.sources")}>
      <SourceList sources={sources} />
    </Card>
  );
}

function SourceList({ sources }: { sources: Source[] }) {
  const { t, i18n } = useTranslation();
  if (sources.length === 0) return <p className="text-sm text-slate-600">{t("answers.noSources")}</p>;
  return (
    <ul className="space-y-2 text-sm">
      {/* A standard is often named by its number (GB 32100-2015): then the number is said once. */}
      {sources.map((s, i) => (
        <li key={i}>
          {s.url ? (
            <a href={s.url} className="font-medium text-brand-700 underline" rel="noopener noreferrer">
              {s.name}
            </a>
          ) : (
            <span className="font-medium">{s.name}</span>
          )}
          <span className="block text-xs text-slate-600">
            {[s.number === s.name ? "" : s.number, s.issuer, s.issuedOn ? formatDate(s.issuedOn, i18n.language) : ""]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** What changed in a version, field by field: removed text struck through, added text underlined. */
export function VersionDiff({ diff }: { diff: FieldDiff[] }) {
  const { t } = useTranslation();
  if (diff.length === 0) return <p className="text-sm text-slate-600">{t("answers.versions.noChanges")}</p>;
  return (
    <dl className="space-y-3">
      {diff.map((d) => (
        <div key={d.field}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t(`answers.fields.${d.field}`)}</dt>
          <dd className="whitespace-pre-wrap break-words text-sm">
            {d.parts.map((p, i) =>
              p.change === "added" ? (
                <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline">
                  <span className="sr-only">{t("answers.versions.added")} </span>
                  {p.text}
                </ins>
              ) : p.change === "removed" ? (
                <del key={i} className={`bg-red-100 text-red-900 ${d.parts[i + 1]?.change === "added" ? "mr-1" : ""}`}>
                  <span className="sr-only">{t("answers.versions.removed")} </span>
                  {p.text}
                </del>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
