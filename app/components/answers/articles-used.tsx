import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/utils/format";
import { Card } from "../ui/page-header";

/** The library articles (and versions) that went into a request's replies; nothing when none did. */
export function ArticlesUsed({
  articles,
}: {
  articles: {
    articleId: string;
    versionNumber: number;
    titleZh: string;
    titleEn: string;
    actorName: string | null;
    createdAt: Date | string;
  }[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (articles.length === 0) return null;
  return (
    <Card title={t("answers.used.title")}>
      <ul className="space-y-2 text-sm" data-testid="articles-used">
        {articles.map((a, i) => (
          <li key={i}>
            <Link to={`/answers/${a.articleId}`} className="font-medium text-brand-700 hover:underline">
              {lng === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn}
            </Link>
            <span className="block text-xs text-slate-500">
              {t("answers.versionN", { n: a.versionNumber })} · {formatDateTime(a.createdAt, lng)}
              {a.actorName ? ` · ${a.actorName}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
