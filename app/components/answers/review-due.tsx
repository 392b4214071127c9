import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReviewState } from "~/domain/answers";
import { Card } from "../ui/page-header";
import { ReviewDate } from "./article-parts";

/** On a steward's /work: the policy answers they wrote that are due (or overdue) for review; nothing when none are. */
export function AnswersDueForReview({
  articles,
}: {
  articles: { id: string; titleZh: string; titleEn: string; reviewBy: string; reviewState: ReviewState }[];
}) {
  const { t, i18n } = useTranslation();
  if (articles.length === 0) return null;
  return (
    <Card title={`${t("answers.review.workTitle")} (${articles.length})`} className="mb-6">
      <ul className="divide-y divide-slate-100 text-sm" data-testid="answers-due">
        {articles.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <Link to={`/answers/${a.id}/edit`} className="font-medium text-brand-700 hover:underline">
              {i18n.language === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn}
            </Link>
            <ReviewDate reviewBy={a.reviewBy} state={a.reviewState} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
