import { Link, useLocation } from "@remix-run/react";
import { useInAppSubmit } from "~/components/in-app-links";
import { useTranslation } from "react-i18next";
import { buttonLink, DueBadge, Pill } from "~/components/steward-ui";
import { Card } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import type { ChecklistProgress } from "~/models/checklist.server";
import type { StewardWork } from "~/models/work.server";
import { formatDate, formatNumber } from "~/utils/format";
import { labelByCode } from "~/utils/labels";

/**
 * The lists of a steward's work page (/work): due for contact, due checklist items and
 * follow-ups, and the steward's centres. Each shows its first rows with "Show all"; row links
 * are plain anchors, followed in the app by the page's one handler, and the one-click actions
 * plain forms submitted in the app by one handler per list (app/components/in-app-links.tsx).
 */

/** Which lists cut to a preview ("Show all" sets `?<name>=all`). */
export type WorkListName = "contact" | "checklist" | "followups" | "centres";
export type WorkList<T> = { rows: T[]; total: number; all: boolean };

export type DueForContactRow = {
  id: string;
  nameZh: string;
  nameEn: string;
  level: string;
  cadenceDays: number;
  lastInteractionOn: string | null;
  daysSinceLast: number;
};
export type MyCentreRow = {
  id: string;
  nameZh: string;
  nameEn: string;
  isLead: boolean;
  stage: string;
  level: string;
  daysInStage: number;
  progress: ChecklistProgress;
  lastInteractionOn: string | null;
  contactDue: boolean;
};
type ChecklistRow = StewardWork["checklist"][number];
type FollowUpRow = StewardWork["followUps"][number];

function centreHref(id: string, hash = "") {
  return `/centres/${id}${hash}`;
}

/**
 * "Show all N" under a list cut to its preview; keeps the steward being viewed and the other
 * lists' choices. "All" is capped (SHOW_ALL_LIMIT in the route): past it the list says how many
 * it shows, and links to `fullList` where there is one (the paged centre list).
 */
function ShowAll({
  list,
  name,
  itemsKey,
  fullList,
}: {
  list: WorkList<unknown>;
  name: WorkListName;
  itemsKey: "work.showAll" | "work.showAllItems";
  fullList?: string;
}) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  if (list.total <= list.rows.length) return null;
  const count = { count: list.total, formattedCount: formatNumber(list.total, i18n.language) };
  if (list.all)
    return (
      <p className="mt-2 text-sm text-slate-600" data-testid={`capped-${name}`}>
        {t("work.showingFirst", { ...count, formattedShown: formatNumber(list.rows.length, i18n.language) })}{" "}
        {fullList ? (
          <Link to={fullList} className="font-medium text-brand-700 hover:underline">
            {t("work.allInCentreList", count)}
          </Link>
        ) : null}
      </p>
    );
  const params = new URLSearchParams(location.search);
  params.set(name, "all");
  return (
    <Link
      to={`?${params.toString()}`}
      preventScrollReset
      data-testid={`show-all-${name}`}
      className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
    >
      {t(itemsKey, count)}
    </Link>
  );
}

export function DueForContact({ list, here }: { list: WorkList<DueForContactRow>; here: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { rows, total } = list;
  return (
    <Card title={`${t("work.dueForContact")} (${formatNumber(total, lng)})`}>
      {total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noneDueForContact")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="due-for-contact">
            {rows.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <a href={centreHref(c.id)} className="work-link">
                    {lng === "en" ? c.nameEn : c.nameZh}
                  </a>
                  <p className="text-xs text-slate-600">
                    {t(`levels.${c.level}`)} · {t("work.everyDays", { count: c.cadenceDays })} ·{" "}
                    {c.lastInteractionOn
                      ? t("work.lastContact", { date: formatDate(c.lastInteractionOn, lng), days: c.daysSinceLast })
                      : t("work.neverContacted")}
                  </p>
                </div>
                <a
                  href={`/centres/${c.id}/interactions/new?redirectTo=${encodeURIComponent(here)}`}
                  className={`${buttonLink.secondary} shrink-0 px-3 py-1.5`}
                >
                  {t("interactions.log")}
                  <span className="sr-only">: {lng === "en" ? c.nameEn : c.nameZh}</span>
                </a>
              </li>
            ))}
          </ul>
          <ShowAll list={list} name="contact" itemsKey="work.showAll" />
        </>
      )}
    </Card>
  );
}

export function DueChecklist({ list, here, csrf }: { list: WorkList<ChecklistRow>; here: string; csrf: string }) {
  const { t, i18n } = useTranslation();
  const onSubmit = useInAppSubmit();
  const lng = i18n.language;
  return (
    <Card title={`${t("work.checklistDue")} (${formatNumber(list.total, lng)})`}>
      {list.total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noChecklistDue")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="work-checklist">
            {list.rows.map((item) => (
              <li key={item.id} className="work-row">
                <div className="min-w-0 flex-1">
                  <a href={`/centres/${item.centreId}/checklist#item-${item.id}`} className="work-link">
                    {lng === "en" ? item.titleEn : item.titleZh}
                  </a>
                  <p className="text-xs text-slate-600">
                    {lng === "en" ? item.centreNameEn : item.centreNameZh} ·{" "}
                    {t("followUps.dueOn", { date: formatDate(item.dueOn!, lng) })} <DueBadge flag={item.dueFlag} />
                  </p>
                </div>
                {item.canAct ? (
                  <form method="post" onSubmit={onSubmit} action={`/centres/${item.centreId}/checklist`}>
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="intent" value="status" />
                    <input type="hidden" name="item_id" value={item.id} />
                    <input type="hidden" name="version" value={item.version} />
                    <input type="hidden" name="status" value="done" />
                    <input type="hidden" name="redirectTo" value={here} />
                    <button type="submit" className="work-act">
                      ✓ {t("checklist.markDone")}
                      <span className="sr-only">: {lng === "en" ? item.titleEn : item.titleZh}</span>
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
          <ShowAll list={list} name="checklist" itemsKey="work.showAllItems" />
        </>
      )}
    </Card>
  );
}

export function DueFollowUps({ list, here, csrf }: { list: WorkList<FollowUpRow>; here: string; csrf: string }) {
  const { t, i18n } = useTranslation();
  const onSubmit = useInAppSubmit();
  const lng = i18n.language;
  return (
    <Card title={`${t("work.followUpsDue")} (${formatNumber(list.total, lng)})`}>
      {list.total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noFollowUpsDue")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" data-testid="work-follow-ups">
            {list.rows.map((f) => (
              <li key={f.id} className="work-row">
                <div className="min-w-0 flex-1">
                  <a href={`/centres/${f.centreId}/follow-ups#follow-up-${f.id}`} className="work-link">
                    {f.description}
                  </a>
                  <p className="text-xs text-slate-600">
                    {lng === "en" ? f.centreNameEn : f.centreNameZh} · {t("followUps.dueOn", { date: formatDate(f.dueOn!, lng) })}{" "}
                    <DueBadge flag={f.dueFlag} />
                  </p>
                </div>
                {f.canAct ? (
                  <form method="post" onSubmit={onSubmit} action={`/centres/${f.centreId}/follow-ups`}>
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="intent" value="complete" />
                    <input type="hidden" name="follow_up_id" value={f.id} />
                    <input type="hidden" name="redirectTo" value={here} />
                    <button type="submit" className="work-act">
                      ✓ {t("followUps.complete")}
                      <span className="sr-only">: {f.description}</span>
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
          <ShowAll list={list} name="followups" itemsKey="work.showAllItems" />
        </>
      )}
    </Card>
  );
}

export function MyCentres({
  list,
  stages,
  fullList,
}: {
  list: WorkList<MyCentreRow>;
  stages: { code: string; labelZh: string; labelEn: string }[];
  /** The same centres in the paged centre list, longest in their stage first. */
  fullList: string;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card title={t("work.myCentres")}>
      {list.total === 0 ? (
        <p className="text-sm text-slate-600">{t("work.noCentres")}</p>
      ) : (
        <Table
          stack
          caption={t("work.myCentres")}
          head={[
            t("common.centre"),
            t("work.stageCol"),
            t("work.levelCol"),
            t("work.daysInStage"),
            t("work.checklistCol"),
            t("work.lastContactCol"),
          ]}
        >
          {list.rows.map((c) => (
            <tr key={c.id} data-testid="my-centre">
              <Td>
                <a href={centreHref(c.id)} className="work-link">
                  {lng === "en" ? c.nameEn : c.nameZh}
                </a>
                {c.isLead ? null : (
                  <Pill tone="slate" className="ml-2">
                    {t("work.district")}
                  </Pill>
                )}
              </Td>
              <Td className="whitespace-nowrap">{labelByCode(stages, c.stage, lng)}</Td>
              <Td className="whitespace-nowrap">{t(`levels.${c.level}`)}</Td>
              <Td className="tabular-nums">{c.daysInStage}</Td>
              <Td className="whitespace-nowrap tabular-nums">
                <a
                  href={`/centres/${c.id}/checklist`}
                  className="text-brand-700 underline decoration-brand-500/40 underline-offset-2 hover:decoration-brand-700"
                >
                  {c.progress.total === 0
                    ? t("work.noChecklist")
                    : t("work.progressShort", { done: c.progress.done, applicable: c.progress.applicable })}
                </a>
                {c.progress.overdue > 0 ? (
                  <Pill tone="red" className="ml-2">
                    {t("work.overdueShort", { count: c.progress.overdue })}
                  </Pill>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap">
                {c.lastInteractionOn ? formatDate(c.lastInteractionOn, lng) : t("work.never")}
                {c.contactDue ? (
                  <Pill tone="amber" className="ml-2">
                    {t("work.contactDue")}
                  </Pill>
                ) : null}
              </Td>
            </tr>
          ))}
        </Table>
      )}
      <ShowAll list={list} name="centres" itemsKey="work.showAll" fullList={fullList} />
    </Card>
  );
}
