import { useTranslation } from "react-i18next";
import type { ChecklistStatus } from "~/domain/checklist";

/** Small shared pieces of the checklist, interaction, follow-up and work pages. */

type Tone = "green" | "slate" | "amber" | "red" | "brand" | "sky";
const TONES: Record<Tone, string> = {
  green: "bg-emerald-100 text-emerald-900",
  slate: "bg-slate-100 text-slate-700",
  amber: "bg-amber-100 text-amber-900",
  red: "bg-red-100 text-red-800",
  brand: "bg-brand-100 text-brand-900",
  sky: "bg-sky-100 text-sky-900",
};

export function Pill({ tone, children, className = "" }: { tone: Tone; children: React.ReactNode; className?: string }) {
  return (
    <span
      className={`inline-flex items-center px-2 py-0.5 text-xs font-medium whitespace-nowrap rounded-full ${TONES[tone]} ${className}`}
    >
      {children}
    </span>
  );
}

const STATUS_TONES: Record<ChecklistStatus, Tone> = {
  not_started: "slate",
  in_progress: "sky",
  waiting_on_department: "amber",
  done: "green",
  not_applicable: "slate",
};

export function ChecklistStatusPill({ status }: { status: ChecklistStatus }) {
  const { t } = useTranslation();
  return <Pill tone={STATUS_TONES[status]}>{t(`checklist.statuses.${status}`)}</Pill>;
}

/** "Overdue" / "Due soon" next to a due date. */
export function DueBadge({ flag }: { flag: "overdue" | "due_soon" | null }) {
  const { t } = useTranslation();
  if (flag === "overdue") return <Pill tone="red">{t("checklist.overdue")}</Pill>;
  if (flag === "due_soon") return <Pill tone="amber">{t("checklist.dueSoon")}</Pill>;
  return null;
}

/** Said under a due date whose year has no official holiday schedule yet (it may move when the State Council publishes it). */
export function BeyondCalendarNote() {
  const { t } = useTranslation();
  return <span className="mt-0.5 block whitespace-normal text-xs text-amber-800">{t("checklist.beyondCalendar")}</span>;
}

/** Done of applicable, as a bar with its numbers. */
export function ProgressBar({ done, applicable, label }: { done: number; applicable: number; label: string }) {
  const { t } = useTranslation();
  const percent = applicable === 0 ? 0 : Math.round((done / applicable) * 100);
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="tabular-nums text-slate-700" data-testid="checklist-progress">
          {t("checklist.progress", { done, applicable, percent })}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={applicable}
        aria-valuenow={done}
        aria-valuetext={t("checklist.progress", { done, applicable, percent })}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** A link styled as a button. */
export const buttonLink = {
  primary:
    "inline-flex items-center justify-center gap-2 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700",
  secondary:
    "inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50",
};
