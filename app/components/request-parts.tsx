import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatFileSize } from "~/utils/format";
import { Pager } from "./pager";
import { Card } from "./ui/page-header";

const STATUS_TONES: Record<string, string> = {
  submitted: "bg-sky-100 text-sky-900",
  accepted: "bg-indigo-100 text-indigo-900",
  referred: "bg-violet-100 text-violet-900",
  in_progress: "bg-amber-100 text-amber-900",
  answered: "bg-teal-100 text-teal-900",
  closed: "bg-emerald-100 text-emerald-900",
  rejected: "bg-slate-200 text-slate-800",
};

export function RequestStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_TONES[status] ?? "bg-slate-100"}`}
    >
      {t(`requests.status.${status}`)}
    </span>
  );
}

/** A deadline with its state: overdue, due soon or on time (in official working days). */
export function DueBadge({ deadline, state }: { deadline: string | null; state: "overdue" | "due_soon" | "on_time" | null }) {
  const { t, i18n } = useTranslation();
  if (!deadline || !state) return <span className="text-xs text-slate-400">—</span>;
  const tone =
    state === "overdue" ? "text-red-700 font-semibold" : state === "due_soon" ? "text-amber-700 font-medium" : "text-slate-700";
  return (
    <span className={`whitespace-nowrap text-sm ${tone}`}>
      {formatDate(deadline, i18n.language)}
      {state !== "on_time" ? <span className="ml-1 text-xs">({t(`requests.due.${state}`)})</span> : null}
    </span>
  );
}

type MilestoneView = {
  key: "accept" | "firstContact" | "answer";
  dueOn: string | null;
  kind: "met" | "pending" | "paused" | "not_applicable";
  metOn: string | null;
  late: boolean;
  state: "overdue" | "due_soon" | "on_time" | null;
  beyondKnownCalendar: boolean;
};

/** One milestone of a request's clock: met (date, on time or late), pending (due date and state), paused or not applicable. */
export function MilestoneState({ milestone: m }: { milestone: MilestoneView }) {
  const { t, i18n } = useTranslation();
  const date = (d: string) => formatDate(d, i18n.language);
  if (m.kind === "met")
    return (
      <span
        data-milestone-state={m.late ? "met_late" : "met_on_time"}
        className={`text-sm ${m.late ? "text-red-700" : "text-emerald-800"}`}
      >
        {t(m.late ? "requests.milestones.metLate" : "requests.milestones.metOnTime", {
          date: date(m.metOn!),
          due: m.dueOn ? date(m.dueOn) : "—",
        })}
      </span>
    );
  if (m.kind === "not_applicable")
    return (
      <span data-milestone-state="not_applicable" className="text-sm text-slate-500">
        {t("requests.milestones.notApplicable")}
      </span>
    );
  if (m.kind === "paused")
    return (
      <span data-milestone-state="paused" className="text-sm text-violet-800">
        {t("requests.milestones.paused", { date: m.dueOn ? date(m.dueOn) : "—" })}
      </span>
    );
  return (
    <span data-milestone-state={m.state ?? "pending"}>
      <DueBadge deadline={m.dueOn} state={m.state} />
    </span>
  );
}

type CommitmentView =
  | { kind: "answer_by"; date: string; state: "overdue" | "due_soon" | "on_time" | null }
  | { kind: "answer_by_paused"; date: string }
  | { kind: "answered"; date: string; late: boolean }
  | { kind: "none" };

/** What the enterprise is promised: "we will answer by …" (always the answer's due date), or when it was answered. */
export function Commitment({ commitment: c }: { commitment: CommitmentView }) {
  const { t, i18n } = useTranslation();
  if (c.kind === "none") return <span className="text-slate-500">{t("requests.commitment.none")}</span>;
  const date = formatDate(c.date, i18n.language);
  if (c.kind === "answered") return <span>{t("requests.commitment.answered", { date })}</span>;
  if (c.kind === "answer_by_paused") return <span>{t("requests.commitment.answerByPaused", { date })}</span>;
  const tone = c.state === "overdue" ? "text-red-700" : c.state === "due_soon" ? "text-amber-700" : "";
  return (
    <span className={tone}>
      {t("requests.commitment.answerBy", { date })}
      {c.state && c.state !== "on_time" ? <span className="ml-1 text-xs">({t(`requests.due.${c.state}`)})</span> : null}
    </span>
  );
}

/** The three milestones of a request's clock as a definition list. */
export function MilestoneList({ milestones }: { milestones: MilestoneView[] }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="grid gap-3 text-sm sm:grid-cols-3" data-testid="milestones">
        {milestones.map((m) => (
          <div key={m.key} data-milestone={m.key}>
            <dt className="text-xs text-slate-500">{t(`requests.milestones.${m.key}`)}</dt>
            <dd>
              <MilestoneState milestone={m} />
            </dd>
          </div>
        ))}
      </dl>
      {milestones.some((m) => m.beyondKnownCalendar && m.kind !== "met") ? (
        <p className="mt-2 rounded bg-amber-50 p-2 text-xs text-amber-900">{t("requests.due.beyondCalendar")}</p>
      ) : null}
    </>
  );
}

type Message = {
  id: string;
  body: string;
  createdAt: string | Date;
  authorName: string | null;
  visibility?: string;
  fromStaff?: boolean;
};

/** What the enterprise asked, with the files it attached (the staff and the portal request pages). */
export function RequestDescription({
  description,
  attachments,
}: {
  description: string;
  attachments: { id: string; fileName: string; size: number }[];
}) {
  return (
    <>
      <p className="whitespace-pre-line text-sm text-slate-900">{description}</p>
      <div className="mt-3">
        <AttachmentList attachments={attachments} />
      </div>
    </>
  );
}

/**
 * A request's messages, a page at a time (newest page first, `?messagesPage=`), with what the
 * reader may write below them (`children`: the reply forms, or nothing).
 */
export function MessagesCard({
  messages,
  paging,
  children,
}: {
  messages: Message[];
  paging: { page: number; hasOlder: boolean };
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t("requests.messages")} id="messages">
      <MessageThread messages={messages} />
      <Pager param="messagesPage" page={paging.page} hasOlder={paging.hasOlder} anchor="messages" />
      {children ? <div className="mt-4 space-y-6">{children}</div> : null}
    </Card>
  );
}

export function MessageThread({ messages }: { messages: Message[] }) {
  const { t, i18n } = useTranslation();
  if (messages.length === 0) return <p className="text-sm text-slate-600">{t("requests.noMessages")}</p>;
  return (
    <ol className="space-y-3">
      {messages.map((m) => {
        const internal = m.visibility === "internal";
        return (
          <li
            key={m.id}
            data-visibility={internal ? "internal" : "public"}
            className={`rounded-lg border p-3 ${internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
          >
            <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <span className="font-medium text-slate-800">{m.authorName ?? "—"}</span>
              <span>{formatDateTime(m.createdAt, i18n.language)}</span>
              {internal ? (
                <span className="rounded bg-amber-200 px-1.5 py-0.5 font-medium text-amber-900">
                  {t("requests.internalBadge")}
                </span>
              ) : null}
            </p>
            <p className="mt-1 whitespace-pre-line text-sm text-slate-900">{m.body}</p>
          </li>
        );
      })}
    </ol>
  );
}

export function AttachmentList({ attachments }: { attachments: { id: string; fileName: string; size: number }[] }) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={`/attachments/${a.id}`} className="text-brand-700 underline">
            {a.fileName}
          </a>{" "}
          <span className="text-xs text-slate-500">
            ({formatFileSize(a.size, i18n.language)}) · {t("requests.download")}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A request's status changes, newest first, one page at a time (the staff see who made each). */
export function HistoryCard({
  history,
  paging,
}: {
  history: { toStatus: string; at: string | Date; actorName?: string | null }[];
  paging: { page: number; hasOlder: boolean };
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t("requests.history")} id="history">
      <ol className="space-y-2 border-l border-slate-200 pl-4 text-sm">
        {history.map((h, i) => (
          <li key={i}>
            <RequestStatusBadge status={h.toStatus} />{" "}
            <span className="text-xs text-slate-500">{formatDateTime(h.at, i18n.language)}</span>
            {h.actorName ? <span className="text-xs text-slate-500"> · {h.actorName}</span> : null}
            <span className="sr-only">{t(`requests.status.${h.toStatus}`)}</span>
          </li>
        ))}
      </ol>
      <Pager param="historyPage" page={paging.page} hasOlder={paging.hasOlder} anchor="history" />
    </Card>
  );
}

/** The enterprise's satisfaction rating, once given, with what each side sees below it. */
export function RatingGivenCard({ rating, children }: { rating: string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card title={t("requests.actions.rate")}>
      <p className="text-sm">{t("requests.rating.given", { rating: t(`requests.rating.${rating}`) })}</p>
      {children}
    </Card>
  );
}
