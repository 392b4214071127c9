import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Under an open checklist item in the portal: the policy answers that explain it. */
export function ChecklistAnswers({ articles }: { articles?: { id: string; titleZh: string; titleEn: string }[] }) {
  const { t, i18n } = useTranslation();
  if (!articles || articles.length === 0) return null;
  return (
    <span className="mt-1 block text-xs" data-testid="checklist-answers">
      <span className="text-slate-600">{t("answers.checklistRead")} </span>
      {articles.map((a, i) => (
        <span key={a.id}>
          {i > 0 ? " · " : null}
          <Link to={`/portal/answers/${a.id}`} className="text-brand-700 underline">
            {i18n.language === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn}
          </Link>
        </span>
      ))}
    </span>
  );
}
