import { and, asc, desc, eq, inArray, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  centres,
  checklistItems,
  followUps,
  outbox,
  referenceItems,
  requestEvents,
  requestMessages,
  satisfaction,
  settings,
  supportRequests,
  users,
  type Locale,
} from "../../db/schema";
import { emailsEnterpriseAbout, outboxStatusFor, type NotificationMode } from "~/domain/notification-policy";
import { currentDeadline } from "~/domain/request-clock";
import type { WorkingCalendar } from "~/domain/working-days";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { workingCalendar } from "./calendar.server";
import type { Tx } from "./write-types.server";
import { addInboxItems, stewardsOfRequest } from "./inbox.server";
import { enqueueNotification, type Notification } from "./outbox.server";
import { getSetting } from "./reference.server";

/**
 * ★ Message builders: each `notify…(tx, …)` reads what it needs through the caller's transaction
 * and queues the messages in the outbox in that same transaction, in each recipient's language.
 * The outbox worker (app/utils/outbox-worker.server.ts) sends them. Request emails follow
 * app/domain/notification-policy.ts: enterprises hear only of what needs them, and a recipient
 * who chose the daily digest has them held for the morning summary. The same calls write the
 * stewards' in-app items (./inbox.server.ts) in the same transaction.
 */

const DEFAULT_LOCALE: Locale = "zh-CN";
const MAX_QUOTE = 1000;

export const appLink = (path: string) => `${env.APP_URL}${path}`;
export const wecomConfigured = () => Boolean(env.WECOM_WEBHOOK_URL);

function quote(text: string) {
  const trimmed = text.trim();
  return trimmed.length > MAX_QUOTE ? `${trimmed.slice(0, MAX_QUOTE)}…` : trimmed;
}

/** Subject with the product's prefix and body in `locale`; email bodies end with the standard footer. */
function message(locale: Locale, subjectKey: string, bodyKey: string, vars: Record<string, unknown>, { footer = true } = {}) {
  const t = getFixedT(locale);
  return {
    subject: t("notify.subjectLine", { subject: t(subjectKey, vars) }),
    body: footer ? `${t(bodyKey, vars)}\n\n--\n${t("notify.footer")}` : t(bodyKey, vars),
  };
}

function enqueue(
  tx: Tx,
  channel: Notification["channel"],
  recipient: string,
  locale: Locale,
  content: { subject: string; body: string },
) {
  enqueueNotification(tx, { channel, recipient, locale, ...content });
}

/**
 * A request email to a user, as they chose: queued to be sent now, or held (without the footer,
 * which the digest adds once) for their morning digest.
 */
function deliver(tx: Tx, to: Recipient, subjectKey: string, bodyKey: string, vars: Record<string, unknown>) {
  const status = outboxStatusFor(to.mode);
  enqueueNotification(
    tx,
    {
      channel: "email",
      recipient: to.email,
      locale: to.locale,
      ...message(to.locale, subjectKey, bodyKey, vars, { footer: status === "pending" }),
    },
    { status },
  );
}

/* ---------------------------------------------------------------- support requests */

const submitter = alias(users, "submitter");
const leadSteward = alias(users, "lead_steward");
const assignedSteward = alias(users, "assigned_steward");

function requestContext(tx: Tx, requestId: string) {
  return tx
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      categoryCode: supportRequests.categoryCode,
      urgency: supportRequests.urgency,
      language: supportRequests.language,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
      submitterId: submitter.id,
      submitterName: submitter.name,
      submitterEmail: submitter.email,
      submitterRole: submitter.role,
      submitterLocale: submitter.locale,
      submitterDisabledAt: submitter.disabledAt,
      submitterMode: submitter.notificationMode,
      leadStewardId: leadSteward.id,
      leadStewardName: leadSteward.name,
      leadStewardEmail: leadSteward.email,
      leadStewardLocale: leadSteward.locale,
      leadStewardDisabledAt: leadSteward.disabledAt,
      leadStewardMode: leadSteward.notificationMode,
      assignedStewardId: assignedSteward.id,
      assignedStewardName: assignedSteward.name,
      assignedStewardEmail: assignedSteward.email,
      assignedStewardLocale: assignedSteward.locale,
      assignedStewardDisabledAt: assignedSteward.disabledAt,
      assignedStewardMode: assignedSteward.notificationMode,
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .leftJoin(submitter, eq(submitter.id, supportRequests.submitterId))
    .leftJoin(leadSteward, eq(leadSteward.id, centres.leadStewardId))
    .leftJoin(assignedSteward, eq(assignedSteward.id, supportRequests.assignedStewardId))
    .where(eq(supportRequests.id, requestId))
    .get();
}
type RequestContext = NonNullable<ReturnType<typeof requestContext>>;

type Recipient = { id: string; name: string; email: string; locale: Locale; mode: NotificationMode };

/** The enterprise user who submitted the request (a steward logging on a centre's behalf gets no receipt). */
function submitterOf(r: RequestContext): Recipient | null {
  if (!r.submitterId || !r.submitterEmail || r.submitterRole !== "enterprise" || r.submitterDisabledAt) return null;
  return {
    id: r.submitterId,
    name: r.submitterName ?? "",
    email: r.submitterEmail,
    locale: r.submitterLocale ?? r.language,
    mode: r.submitterMode ?? "immediate",
  };
}

/** The steward who handles the request: the assigned steward, else the centre's lead steward. */
function stewardOf(r: RequestContext, { leadOnly = false } = {}): Recipient | null {
  if (!leadOnly && r.assignedStewardId && r.assignedStewardEmail && !r.assignedStewardDisabledAt)
    return {
      id: r.assignedStewardId,
      name: r.assignedStewardName ?? "",
      email: r.assignedStewardEmail,
      locale: r.assignedStewardLocale ?? DEFAULT_LOCALE,
      mode: r.assignedStewardMode ?? "immediate",
    };
  if (r.leadStewardId && r.leadStewardEmail && !r.leadStewardDisabledAt)
    return {
      id: r.leadStewardId,
      name: r.leadStewardName ?? "",
      email: r.leadStewardEmail,
      locale: r.leadStewardLocale ?? DEFAULT_LOCALE,
      mode: r.leadStewardMode ?? "immediate",
    };
  return null;
}

function categoryLabel(tx: Tx, code: string, locale: Locale) {
  const item = tx
    .select({ labelZh: referenceItems.labelZh, labelEn: referenceItems.labelEn })
    .from(referenceItems)
    .where(and(eq(referenceItems.kind, "request_category"), eq(referenceItems.code, code)))
    .get();
  return item ? (locale === "en" ? item.labelEn : item.labelZh) : code;
}

function departmentLabel(tx: Tx, code: string | null, locale: Locale) {
  if (!code) return "";
  const item = tx
    .select({ labelZh: referenceItems.labelZh, labelEn: referenceItems.labelEn })
    .from(referenceItems)
    .where(and(eq(referenceItems.kind, "department"), eq(referenceItems.code, code)))
    .get();
  return item ? (locale === "en" ? item.labelEn : item.labelZh) : code;
}

function requestVars(tx: Tx, r: RequestContext, locale: Locale, path: string) {
  const t = getFixedT(locale);
  return {
    receiptNo: r.receiptNo,
    title: r.title,
    centre: locale === "en" ? r.centreNameEn : r.centreNameZh,
    category: categoryLabel(tx, r.categoryCode, locale),
    urgency: t(`notify.urgency.${r.urgency}`),
    link: appLink(path),
  };
}

/**
 * A request was submitted: the centre's lead steward hears of it by email (as they chose) and,
 * when configured, in the WeCom group; its stewards get an in-app item. The submitter is not
 * emailed a receipt: the portal shows the receipt number at once.
 */
export function notifyRequestSubmitted(tx: Tx, requestId: string) {
  const r = requestContext(tx, requestId);
  if (!r) return;
  addInboxItems(tx, { kind: "new_request", requestId, userIds: stewardsOfRequest(tx, requestId, r.submitterId) });
  const steward = stewardOf(r, { leadOnly: true });
  if (steward && steward.id !== r.submitterId) {
    const vars = { ...requestVars(tx, r, steward.locale, `/requests/${r.id}`), name: steward.name };
    deliver(tx, steward, "notify.submitted.stewardSubject", "notify.submitted.stewardBody", vars);
    if (wecomConfigured())
      enqueue(
        tx,
        "wecom",
        steward.email,
        steward.locale,
        message(steward.locale, "notify.submitted.stewardSubject", "notify.submitted.wecomBody", vars, { footer: false }),
      );
  }
}

/**
 * The request's status changed: the submitter hears of what needs them (accepted, rejected with
 * the reason, answered, closed; see domain/notification-policy.ts), never of their own action
 * (read from the latest request event of the transaction).
 */
export function notifyRequestStatusChanged(tx: Tx, requestId: string, status: string) {
  const r = requestContext(tx, requestId);
  const to = r ? submitterOf(r) : null;
  if (!r || !to) return;
  const t = getFixedT(to.locale);
  const event = tx
    .select({
      toStatus: requestEvents.toStatus,
      note: requestEvents.note,
      departmentCode: requestEvents.departmentCode,
      actorId: requestEvents.actorId,
    })
    .from(requestEvents)
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(desc(requestEvents.at), desc(sql`rowid`))
    .limit(1)
    .get();
  const matches = event?.toStatus === status;
  if (!emailsEnterpriseAbout(status, matches ? event.actorId : null, to.id)) return;
  let detail = "";
  if (status === "rejected" && matches && event.note) detail = t("notify.status.reasonLine", { reason: quote(event.note) });
  if (status === "referred" && matches && event.departmentCode)
    detail = t("notify.status.departmentLine", { department: departmentLabel(tx, event.departmentCode, to.locale) });
  const vars = {
    ...requestVars(tx, r, to.locale, `/portal/requests/${r.id}`),
    name: to.name,
    status: t(`notify.statuses.${status}`, { defaultValue: status }),
    detail: detail ? `\n${detail}\n` : "",
  };
  deliver(tx, to, "notify.status.subject", "notify.status.body", vars);
}

/** A steward replied publicly: the submitter gets the reply (never an internal note). */
export function notifyPublicReply(tx: Tx, requestId: string) {
  const r = requestContext(tx, requestId);
  const to = r ? submitterOf(r) : null;
  if (!r || !to) return;
  const reply = tx
    .select({ body: requestMessages.body, authorId: requestMessages.authorId })
    .from(requestMessages)
    .where(and(eq(requestMessages.requestId, requestId), eq(requestMessages.visibility, "public")))
    .orderBy(desc(requestMessages.createdAt), desc(sql`rowid`))
    .limit(1)
    .get();
  if (!reply || reply.authorId === to.id) return;
  const vars = { ...requestVars(tx, r, to.locale, `/portal/requests/${r.id}`), name: to.name, reply: quote(reply.body) };
  deliver(tx, to, "notify.reply.subject", "notify.reply.body", vars);
}

/** The enterprise wrote to its stewards (a reply, or a reopen with its reason): an in-app item each. */
export function notifyFromEnterprise(tx: Tx, requestId: string, actorId: string, what: "reply" | "reopen") {
  addInboxItems(tx, {
    kind: what === "reply" ? "enterprise_reply" : "reopened",
    requestId,
    userIds: stewardsOfRequest(tx, requestId, actorId),
  });
}

/** The enterprise rated the service dissatisfied: the steward hears of it, with the comment. */
export function notifyDissatisfied(tx: Tx, requestId: string) {
  const r = requestContext(tx, requestId);
  if (!r) return;
  addInboxItems(tx, { kind: "dissatisfied", requestId, userIds: stewardsOfRequest(tx, requestId, null) });
  const to = stewardOf(r);
  if (!to) return;
  const rating = tx
    .select({ comment: satisfaction.comment })
    .from(satisfaction)
    .where(eq(satisfaction.requestId, requestId))
    .get();
  const t = getFixedT(to.locale);
  const vars = {
    ...requestVars(tx, r, to.locale, `/requests/${r.id}`),
    name: to.name,
    comment: rating?.comment ? quote(rating.comment) : t("notify.dissatisfied.noComment"),
  };
  deliver(tx, to, "notify.dissatisfied.subject", "notify.dissatisfied.body", vars);
}

export type DueKind = "due_soon" | "overdue";

/**
 * A request is due soon or overdue: its steward hears of it by email and, when configured, in
 * the WeCom group. The daily run sends the WeCom alert only (the digest email lists it).
 */
export function notifyRequestDue(
  tx: Tx,
  requestId: string,
  alert: { kind: DueKind; dueOn: string },
  options: { channels?: Notification["channel"][] } = {},
) {
  const r = requestContext(tx, requestId);
  const to = r ? stewardOf(r) : null;
  if (!r || !to) return 0;
  const channels = options.channels ?? ["email", "wecom"];
  const vars = { ...requestVars(tx, r, to.locale, `/requests/${r.id}`), name: to.name, due: formatDate(alert.dueOn, to.locale) };
  let queued = 0;
  if (channels.includes("email")) {
    deliver(tx, to, `notify.due.${alert.kind}Subject`, `notify.due.${alert.kind}Body`, vars);
    queued++;
  }
  if (channels.includes("wecom") && wecomConfigured()) {
    const content = message(to.locale, `notify.due.${alert.kind}Subject`, "notify.due.wecomBody", vars, { footer: false });
    // One WeCom alert per request, kind and due date: the daily run may see the same state again.
    const already = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.channel, "wecom"), eq(outbox.recipient, to.email), eq(outbox.subject, content.subject)))
      .get();
    if (!already) {
      enqueue(tx, "wecom", to.email, to.locale, content);
      queued++;
    }
  }
  return queued;
}

/**
 * The request notifications the support-request model calls, with the same shape as its
 * stand-in (app/models/request-notifications.server.ts).
 */
export const requestNotifications = {
  submitted: notifyRequestSubmitted,
  statusChanged: notifyRequestStatusChanged,
  publicReply: notifyPublicReply,
  fromEnterprise: notifyFromEnterprise,
  dissatisfied: notifyDissatisfied,
  due: notifyRequestDue,
};

/* ---------------------------------------------------------------- invitations */

/** The invitation email with its single-use link, in the invitee's language. */
export function notifyInvitation(
  tx: Tx,
  invitation: {
    email: string;
    name: string;
    locale: Locale;
    centreNameZh: string;
    centreNameEn: string;
    link: string;
    expiresAt: Date;
    invitedBy: string;
  },
) {
  const { locale } = invitation;
  const t = getFixedT(locale);
  const vars = {
    name: invitation.name || t("notify.invitation.defaultName"),
    centre: locale === "en" ? invitation.centreNameEn : invitation.centreNameZh,
    link: invitation.link,
    expires: formatDate(invitation.expiresAt, locale),
    invitedBy: invitation.invitedBy,
  };
  enqueue(tx, "email", invitation.email, locale, message(locale, "notify.invitation.subject", "notify.invitation.body", vars));
}

/* ---------------------------------------------------------------- daily digest */

const DIGEST_SETTING_KEY = "notifications.dailyDigestOn";
const OPEN_REQUEST_STATUSES = ["submitted", "accepted", "in_progress", "referred", "answered"] as const;
const CLOSED_CHECKLIST = ["done", "not_applicable"] as const;

type DigestLine = { kind: DueKind; dueOn: string; text: string; link: string };
type StewardDigest = { steward: Recipient; requests: DigestLine[]; checklist: DigestLine[]; followUps: DigestLine[] };

function dueKind(calendar: WorkingCalendar, dueOn: string, today: string, soonWithin: number): DueKind | null {
  const status = calendar.dueStatus(dueOn, today, soonWithin);
  return status === "on_time" ? null : status;
}

/** The open requests handled by `stewardId` whose current deadline is overdue or due soon. */
function dueRequestsOf(tx: Tx, stewardId: string, calendar: WorkingCalendar, today: string, soonWithin: number) {
  const rows = tx
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      status: supportRequests.status,
      acceptDueOn: supportRequests.acceptDueOn,
      firstContactDueOn: supportRequests.firstContactDueOn,
      answerDueOn: supportRequests.answerDueOn,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .where(
      and(
        inArray(supportRequests.status, [...OPEN_REQUEST_STATUSES]),
        or(
          eq(supportRequests.assignedStewardId, stewardId),
          and(
            isNull(supportRequests.assignedStewardId),
            or(eq(centres.leadStewardId, stewardId), eq(centres.districtStewardId, stewardId)),
          ),
        ),
      ),
    )
    .all();
  return rows.flatMap((row) => {
    const dueOn = currentDeadline(row.status, row);
    const kind = dueOn ? dueKind(calendar, dueOn, today, soonWithin) : null;
    return dueOn && kind ? [{ ...row, dueOn, kind }] : [];
  });
}

/** Work owned by the steward, or unowned on a centre they lead. */
const ownedBy = (ownerColumn: typeof checklistItems.ownerId | typeof followUps.ownerId, stewardId: string) =>
  or(eq(ownerColumn, stewardId), and(isNull(ownerColumn), eq(centres.leadStewardId, stewardId)));

function digestOf(
  tx: Tx,
  steward: Recipient,
  calendar: WorkingCalendar,
  today: string,
  soonWithin: number,
  dueRequests: ReturnType<typeof dueRequestsOf>,
): StewardDigest {
  const t = getFixedT(steward.locale);
  const lng = steward.locale;
  const horizon = calendar.addWorkingDays(today, soonWithin).date;
  const centreName = (row: { centreNameZh: string; centreNameEn: string }) =>
    lng === "en" ? row.centreNameEn : row.centreNameZh;
  const line = (kind: DueKind, dueOn: string, text: string) =>
    t(`notify.digest.line.${kind}`, { text, due: formatDate(dueOn, lng) });

  const requests = dueRequests.map((r) => ({
    kind: r.kind,
    dueOn: r.dueOn,
    text: line(r.kind, r.dueOn, `${r.receiptNo} · ${r.title} · ${centreName(r)}`),
    link: appLink(`/requests/${r.id}`),
  }));

  const checklist = tx
    .select({
      id: checklistItems.id,
      centreId: centres.id,
      titleZh: checklistItems.titleZh,
      titleEn: checklistItems.titleEn,
      dueOn: checklistItems.dueOn,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
    })
    .from(checklistItems)
    .innerJoin(centres, eq(centres.id, checklistItems.centreId))
    .where(
      and(
        notInArray(checklistItems.status, [...CLOSED_CHECKLIST]),
        lte(checklistItems.dueOn, horizon),
        ownedBy(checklistItems.ownerId, steward.id),
      ),
    )
    .orderBy(asc(checklistItems.dueOn))
    .all()
    .flatMap((item) => {
      const kind = item.dueOn ? dueKind(calendar, item.dueOn, today, soonWithin) : null;
      if (!item.dueOn || !kind) return [];
      const title = lng === "en" ? item.titleEn : item.titleZh;
      return [
        {
          kind,
          dueOn: item.dueOn,
          text: line(kind, item.dueOn, `${centreName(item)}: ${title}`),
          link: appLink(`/centres/${item.centreId}`),
        },
      ];
    });

  const followUpLines = tx
    .select({
      id: followUps.id,
      centreId: centres.id,
      description: followUps.description,
      dueOn: followUps.dueOn,
      centreNameZh: centres.nameZh,
      centreNameEn: centres.nameEn,
    })
    .from(followUps)
    .innerJoin(centres, eq(centres.id, followUps.centreId))
    .where(and(eq(followUps.status, "open"), lte(followUps.dueOn, horizon), ownedBy(followUps.ownerId, steward.id)))
    .orderBy(asc(followUps.dueOn))
    .all()
    .flatMap((f) => {
      const kind = f.dueOn ? dueKind(calendar, f.dueOn, today, soonWithin) : null;
      if (!f.dueOn || !kind) return [];
      return [
        {
          kind,
          dueOn: f.dueOn,
          text: line(kind, f.dueOn, `${centreName(f)}: ${quote(f.description).split("\n")[0]}`),
          link: appLink(`/centres/${f.centreId}`),
        },
      ];
    });

  const byDue = (a: DigestLine, b: DigestLine) => a.dueOn.localeCompare(b.dueOn);
  return { steward, requests: requests.sort(byDue), checklist, followUps: followUpLines };
}

/** A held request email as a digest entry: its subject without the product prefix, then its text. */
function heldEntry(locale: Locale, row: HeldRow) {
  const [before = "", after = ""] = getFixedT(locale)("notify.subjectLine", { subject: "\u0000" }).split("\u0000");
  const bare =
    row.subject.startsWith(before) && row.subject.endsWith(after)
      ? row.subject.slice(before.length, row.subject.length - after.length)
      : row.subject;
  // Each message opens with its own greeting ("Dear …," / "…，您好："): the digest greets once.
  const paragraphs = row.body.trim().split("\n\n");
  const text =
    paragraphs.length > 1 && /^[^\n]{1,80}[,，:：]$/.test(paragraphs[0]!)
      ? paragraphs.slice(1).join("\n\n")
      : paragraphs.join("\n\n");
  return `■ ${bare}\n\n${text}\n`;
}

function digestMessage(d: StewardDigest, held: HeldRow[], today: string) {
  const { locale } = d.steward;
  const t = getFixedT(locale);
  const count = d.requests.length + d.checklist.length + d.followUps.length;
  const overdue = [...d.requests, ...d.checklist, ...d.followUps].filter((l) => l.kind === "overdue").length;
  const section = (key: string, lines: DigestLine[]) =>
    lines.length === 0
      ? []
      : [`${t(`notify.digest.${key}`, { count: lines.length })}`, ...lines.map((l) => `- ${l.text}\n  ${l.link}`), ""];
  const updates =
    held.length === 0
      ? []
      : [t("notifications.digest.updates", { count: held.length }), "", ...held.map((row) => heldEntry(locale, row))];
  const body = [
    t("notify.digest.greeting", { name: d.steward.name, date: formatDate(today, locale) }),
    t("notify.digest.summary", { count, overdue }),
    "",
    ...section("requests", d.requests),
    ...section("checklist", d.checklist),
    ...section("followUps", d.followUps),
    ...updates,
    t("notify.digest.workLink", { link: appLink("/work") }),
    "",
    "--",
    t("notify.footer"),
  ].join("\n");
  const subject =
    held.length === 0
      ? t("notify.digest.subject", { date: formatDate(today, locale), count })
      : t("notifications.digest.stewardSubject", { date: formatDate(today, locale), count, updates: held.length });
  return { subject: t("notify.subjectLine", { subject }), body };
}

/** The morning summary of someone who is not a steward (an enterprise user): their held request emails. */
function summaryMessage(to: { name: string; locale: Locale }, held: HeldRow[], today: string) {
  const t = getFixedT(to.locale);
  const body = [
    t("notifications.digest.greeting", { name: to.name || t("notify.invitation.defaultName") }),
    "",
    t("notifications.digest.intro", { count: held.length }),
    "",
    ...held.map((row) => heldEntry(to.locale, row)),
    t("notifications.digest.settingsLink", { link: appLink("/settings/notifications") }),
    "",
    "--",
    t("notify.footer"),
  ].join("\n");
  return {
    subject: t("notify.subjectLine", {
      subject: t("notifications.digest.subject", { date: formatDate(today, to.locale), count: held.length }),
    }),
    body,
  };
}

type HeldRow = { id: string; recipient: string; subject: string; body: string };

/** Request emails held for their recipients' digests, oldest first, grouped by recipient. */
function heldByRecipient(tx: Tx, now: Date) {
  const rows = tx
    .select({ id: outbox.id, recipient: outbox.recipient, subject: outbox.subject, body: outbox.body })
    .from(outbox)
    .where(and(eq(outbox.status, "held"), eq(outbox.channel, "email"), lte(outbox.createdAt, now)))
    .orderBy(asc(outbox.createdAt), asc(outbox.id))
    .all();
  const byRecipient = new Map<string, HeldRow[]>();
  for (const row of rows) byRecipient.set(row.recipient, [...(byRecipient.get(row.recipient) ?? []), row]);
  return byRecipient;
}

function markDigested(tx: Tx, held: HeldRow[], now: Date) {
  if (held.length === 0) return;
  tx.update(outbox)
    .set({ status: "digested", sentAt: now })
    .where(
      and(
        inArray(
          outbox.id,
          held.map((h) => h.id),
        ),
        eq(outbox.status, "held"),
      ),
    )
    .run();
}

/** Active stewards, for the digest. */
function activeStewards(tx: Tx): Recipient[] {
  return tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, mode: users.notificationMode })
    .from(users)
    .where(and(eq(users.role, "steward"), isNull(users.disabledAt)))
    .orderBy(asc(users.email))
    .all()
    .map((u) => ({ ...u, locale: u.locale ?? DEFAULT_LOCALE }));
}

/**
 * Queues the day's digest to each active steward with anything due (their overdue and nearly
 * due requests, checklist items and follow-ups) or any request email held for them, the
 * morning summary of everyone else who chose the daily digest, the stewards' in-app items for
 * requests due soon or overdue (once per request and deadline), and the WeCom alerts for
 * requests newly due soon or overdue. Idempotent per Beijing day: a second call the same day
 * queues nothing and answers null.
 */
export function enqueueDailyDigests(
  now = new Date(),
): { date: string; digests: number; alerts: number; summaries: number } | null {
  const today = todayInBeijing(now);
  if (db.select({ value: settings.value }).from(settings).where(eq(settings.key, DIGEST_SETTING_KEY)).get()?.value === today)
    return null;
  return db.transaction(
    (tx) => {
      const done = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, DIGEST_SETTING_KEY)).get();
      if (done?.value === today) return null;
      const calendar = workingCalendar(tx);
      const soonWithin = getSetting("dueSoonWorkingDays");
      const held = heldByRecipient(tx, now);
      let digests = 0;
      let alerts = 0;
      let summaries = 0;
      for (const steward of activeStewards(tx)) {
        const dueRequests = dueRequestsOf(tx, steward.id, calendar, today, soonWithin);
        for (const r of dueRequests) addInboxItems(tx, { kind: r.kind, requestId: r.id, userIds: [steward.id], dueOn: r.dueOn });
        const digest = digestOf(tx, steward, calendar, today, soonWithin, dueRequests);
        const mine = held.get(steward.email) ?? [];
        held.delete(steward.email);
        if (digest.requests.length + digest.checklist.length + digest.followUps.length + mine.length === 0) continue;
        enqueue(tx, "email", steward.email, steward.locale, digestMessage(digest, mine, today));
        markDigested(tx, mine, now);
        digests++;
      }
      for (const [recipient, rows] of held) {
        const user = tx
          .select({ name: users.name, locale: users.locale, disabledAt: users.disabledAt })
          .from(users)
          .where(eq(users.email, recipient))
          .get();
        markDigested(tx, rows, now);
        if (!user || user.disabledAt) continue;
        const locale = user.locale ?? DEFAULT_LOCALE;
        enqueue(tx, "email", recipient, locale, summaryMessage({ name: user.name, locale }, rows, today));
        summaries++;
      }
      if (wecomConfigured()) {
        const seen = new Set<string>();
        for (const steward of activeStewards(tx)) {
          for (const r of dueRequestsOf(tx, steward.id, calendar, today, soonWithin)) {
            if (seen.has(r.id)) continue;
            seen.add(r.id);
            alerts += notifyRequestDue(tx, r.id, { kind: r.kind, dueOn: r.dueOn }, { channels: ["wecom"] });
          }
        }
      }
      tx.insert(settings)
        .values({ key: DIGEST_SETTING_KEY, value: today })
        .onConflictDoUpdate({ target: settings.key, set: { value: today } })
        .run();
      return { date: today, digests, alerts, summaries };
    },
    { behavior: "immediate" },
  );
}
