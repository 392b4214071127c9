import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { BeyondCalendarNote, ChecklistStatusPill, DueBadge } from "~/components/steward-ui";
import { formatDate, formatDateTime } from "~/utils/format";
import { labelByCode } from "~/utils/labels";
import type { getCentre } from "~/models/centre.server";
import type { listChecklist } from "~/models/checklist.server";
import type { listFollowUps } from "~/models/follow-up.server";
import type { listInteractions } from "~/models/interaction.server";
import type { ReferenceOption } from "~/models/reference.server";

/** The lists the handover sections show, as the models give them to the page. */
type HandoverData = SerializeFrom<
  () => {
    items: ReturnType<typeof listChecklist>;
    departments: ReferenceOption[];
    followUps: ReturnType<typeof listFollowUps>;
    interactions: ReturnType<typeof listInteractions>;
    centre: { contacts: NonNullable<ReturnType<typeof getCentre>>["contacts"] };
  }
>;

/** Printing leaves out the app's header, footer, messages and the page's own buttons. */
export const PRINT_CSS = `@media print {
  body { background: #fff !important; }
  body header, body footer, [role="status"], .handover-no-print { display: none !important; }
  main { max-width: none !important; padding: 0 !important; }
  .handover-section { break-inside: avoid-page; }
  .handover-table tr { break-inside: avoid; }
  a { color: inherit !important; text-decoration: none !important; }
}`;

function Section({
  title,
  list,
  empty,
  children,
}: {
  title: string;
  list: readonly unknown[];
  empty: string;
  children: React.ReactNode;
}) {
  return (
    <section className="handover-section mt-6 print:mt-4">
      <h2 className="mb-2 border-b border-slate-300 pb-1 text-lg font-semibold text-slate-900">
        {title}
        <span className="ml-2 text-sm font-normal text-slate-600">({list.length})</span>
      </h2>
      {list.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : children}
    </section>
  );
}

const th = "border-b border-slate-300 px-2 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const td = "border-b border-slate-100 px-2 py-1.5 align-top";

/** One entry of a section's list: a card on a phone, a line in the lists that have no table. */
function Entry({ children }: { children: React.ReactNode }) {
  return <li className="border-b border-slate-100 pb-2">{children}</li>;
}

/** The same entries twice: cards on a phone, a table from sm and in print. */
function CardsAndTable({ headings, cards, rows }: { headings: string[]; cards: React.ReactNode; rows: React.ReactNode }) {
  return (
    <>
      <ul className="space-y-2 text-sm sm:hidden print:hidden">{cards}</ul>
      <div className="hidden overflow-x-auto sm:block print:block">
        <table className="handover-table w-full text-sm">
          <thead>
            <tr>
              {headings.map((heading) => (
                <th key={heading} scope="col" className={th}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
    </>
  );
}

/** "due on …" or "no due date", for a card's line of facts. */
function useDueText() {
  const { t, i18n } = useTranslation();
  return (dueOn: string | null) =>
    dueOn ? t("followUps.dueOn", { date: formatDate(dueOn, i18n.language) }) : t("followUps.noDueDate");
}

/** A checklist item's notes, under its title. */
function ItemNotes({ notes }: { notes: string | null }) {
  return notes ? <span className="mt-0.5 block whitespace-pre-line text-xs text-slate-600">{notes}</span> : null;
}

/** Open checklist items: cards on a phone, a table from sm and in print. */
export function OpenItemsSection({ items, departments }: Pick<HandoverData, "items" | "departments">) {
  const { t, i18n } = useTranslation();
  const dueText = useDueText();
  const lng = i18n.language;
  return (
    <Section title={t("handover.openItems")} list={items} empty={t("handover.noOpenItems")}>
      <CardsAndTable
        headings={[
          t("handover.item"),
          t("checklist.fields.status"),
          t("checklist.fields.departmentCode"),
          t("checklist.fields.dueOn"),
          t("checklist.fields.ownerId"),
        ]}
        cards={items.map((item) => (
          <Entry key={item.id}>
            <span className="font-medium">{lng === "en" ? item.titleEn : item.titleZh}</span>{" "}
            <ChecklistStatusPill status={item.status} />
            <span className="block text-slate-600">
              {[
                labelByCode(departments, item.departmentCode, lng),
                dueText(item.dueOn),
                item.ownerName ?? t("checklist.noOwner"),
              ].join(" · ")}{" "}
              <DueBadge flag={item.dueFlag} />
            </span>
            {item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
            <ItemNotes notes={item.notes} />
          </Entry>
        ))}
        rows={items.map((item) => (
          <tr key={item.id}>
            <td className={td}>
              <span className="font-medium">{lng === "en" ? item.titleEn : item.titleZh}</span>
              <ItemNotes notes={item.notes} />
            </td>
            <td className={td}>
              <ChecklistStatusPill status={item.status} />
            </td>
            <td className={td}>{labelByCode(departments, item.departmentCode, lng)}</td>
            <td className={`${td} whitespace-nowrap`}>
              {item.dueOn ? formatDate(item.dueOn, lng) : "—"} <DueBadge flag={item.dueFlag} />
              {item.dueBeyondKnownCalendar ? <BeyondCalendarNote /> : null}
            </td>
            <td className={td}>{item.ownerName ?? t("checklist.noOwner")}</td>
          </tr>
        ))}
      />
    </Section>
  );
}

/** Open follow-ups with owner, due date and visibility. */
export function OpenFollowUpsSection({ followUps }: Pick<HandoverData, "followUps">) {
  const { t } = useTranslation();
  const dueText = useDueText();
  return (
    <Section title={t("handover.openFollowUps")} list={followUps} empty={t("followUps.noneOpen")}>
      <ul className="space-y-2 text-sm">
        {followUps.map((f) => (
          <Entry key={f.id}>
            <span className="font-medium">{f.description}</span>
            <span className="block text-slate-600">
              {[
                dueText(f.dueOn),
                f.ownerName ?? t("checklist.noOwner"),
                f.visibleToEnterprise ? t("checklist.visible") : t("checklist.internal"),
              ].join(" · ")}{" "}
              <DueBadge flag={f.dueFlag} />
            </span>
          </Entry>
        ))}
      </ul>
    </Section>
  );
}

/** The recent interactions, newest first, with who took part. */
export function RecentInteractionsSection({ interactions }: Pick<HandoverData, "interactions">) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Section title={t("handover.recentInteractions")} list={interactions} empty={t("handover.noInteractions")}>
      <ol className="space-y-3 text-sm">
        {interactions.map((i) => (
          <Entry key={i.id}>
            <p className="font-medium">
              {t(`interactions.kinds.${i.kind}`)} · {formatDateTime(i.occurredAt, lng)}
              {i.actorName ? <span className="font-normal text-slate-600"> · {i.actorName}</span> : null}
            </p>
            <p className="whitespace-pre-line text-slate-800">{i.summary}</p>
            {i.contacts.length + i.staff.length > 0 ? (
              <p className="text-xs text-slate-600">
                {t("handover.participants", { names: [...i.contacts, ...i.staff].join(lng === "en" ? ", " : "、") })}
              </p>
            ) : null}
          </Entry>
        ))}
      </ol>
    </Section>
  );
}

/** The centre's contacts: cards on a phone, a table from sm and in print. */
export function ContactsSection({ contacts }: { contacts: HandoverData["centre"]["contacts"] }) {
  const { t } = useTranslation();
  return (
    <Section title={t("handover.contacts")} list={contacts} empty={t("handover.noContacts")}>
      <CardsAndTable
        headings={[
          t("handover.contactName"),
          t("handover.contactRole"),
          t("handover.contactEmail"),
          t("handover.contactPhone"),
          t("handover.contactLanguage"),
        ]}
        cards={contacts.map((c) => (
          <Entry key={c.id}>
            <span className="font-medium">{c.name}</span>
            {c.role ? ` · ${c.role}` : ""}
            <span className="block break-all text-slate-600">
              {[c.email, c.phone, t(`locales.${c.language}`)].filter(Boolean).join(" · ")}
            </span>
          </Entry>
        ))}
        rows={contacts.map((c) => (
          <tr key={c.id}>
            <td className={`${td} font-medium`}>{c.name}</td>
            <td className={td}>{c.role || "—"}</td>
            <td className={`${td} break-all`}>{c.email || "—"}</td>
            <td className={`${td} whitespace-nowrap`}>{c.phone || "—"}</td>
            <td className={td}>{t(`locales.${c.language}`)}</td>
          </tr>
        ))}
      />
    </Section>
  );
}
