import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  centres,
  outbox,
  referenceItems,
  requestEvents,
  requestMessages,
  satisfaction,
  supportRequests,
  users,
  type Locale,
} from "../../db/schema";
import { emailsEnterpriseAbout, outboxStatusFor, type NotificationMode } from "~/domain/notification-policy";
import { env } from "~/utils/env.server";
import { formatDate } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import type { Tx } from "./write-types.server";
import { addInboxItems, stewardsOfRequest } from "./inbox.server";
import { enqueueNotification, type Notification } from "./outbox.server";

/**
 * ★ Message builders: each `notify…(tx, …)` reads what it needs through the caller's transaction
 * and queues the messages in the outbox in that same transaction, in each recipient's language.
 * The outbox worker (app/models/outbox-worker.server.ts) sends them. Request emails follow
 * app/domain/notification-policy.ts: enterprises hear only of what needs them, and a recipient
 * who chose the daily digest has them held for the morning summary. The same calls write the
 * stewards' in-app items (./inbox.server.ts) in the same transaction. The morning digest lives
 * in ./daily-digest.server.ts.
 */

export const DEFAULT_LOCALE: Locale = "zh-CN";
const MAX_QUOTE = 1000;

export const appLink = (path: string) => `${env.APP_URL}${path}`;
export const wecomConfigured = () => Boolean(env.WECOM_WEBHOOK_URL);

export function quote(text: string) {
  const trimmed = text.trim();
  return trimmed.length > MAX_QUOTE ? `${trimmed.slice(0, MAX_QUOTE)}…` : trimmed;
}

/** Subject with the product's prefix and body in `locale`; email bodies end with the standard footer. */
export function message(
  locale: Locale,
  subjectKey: string,
  bodyKey: string,
  vars: Record<string, unknown>,
  { footer = true } = {},
) {
  const t = getFixedT(locale);
  return {
    subject: t("notify.subjectLine", { subject: t(subjectKey, vars) }),
    body: footer ? `${t(bodyKey, vars)}\n\n--\n${t("notify.footer")}` : t(bodyKey, vars),
  };
}

export function enqueue(
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

/** A user's columns as a possible recipient, from one of the aliases above. */
function personColumns(u: typeof submitter | typeof leadSteward | typeof assignedSteward) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    locale: u.locale,
    disabledAt: u.disabledAt,
    mode: u.notificationMode,
  };
}

function contextQuery(tx: Tx, requestId: string) {
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
      submitter: personColumns(submitter),
      leadSteward: personColumns(leadSteward),
      assignedSteward: personColumns(assignedSteward),
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .leftJoin(submitter, eq(submitter.id, supportRequests.submitterId))
    .leftJoin(leadSteward, eq(leadSteward.id, centres.leadStewardId))
    .leftJoin(assignedSteward, eq(assignedSteward.id, supportRequests.assignedStewardId))
    .where(eq(supportRequests.id, requestId))
    .get();
}
type ContextRow = NonNullable<ReturnType<typeof contextQuery>>;
type Person = ContextRow["submitter"];
/** The request's context; a person the query left-joins comes back as null when there is none. */
type RequestContext = Omit<ContextRow, "submitter" | "leadSteward" | "assignedSteward"> & {
  submitter: Person | null;
  leadSteward: Person | null;
  assignedSteward: Person | null;
};

function requestContext(tx: Tx, requestId: string): RequestContext | undefined {
  return contextQuery(tx, requestId);
}

export type Recipient = { id: string; name: string; email: string; locale: Locale; mode: NotificationMode };

/** A user who can be written to (there is one, with an email, not disabled), in their language or else `locale`. */
function recipientOf(person: Person | null, locale: Locale): Recipient | null {
  if (!person?.id || !person.email || person.disabledAt) return null;
  return {
    id: person.id,
    name: person.name ?? "",
    email: person.email,
    locale: person.locale ?? locale,
    mode: person.mode ?? "immediate",
  };
}

/** The enterprise user who submitted the request (a steward logging on a centre's behalf gets no receipt). */
function submitterOf(r: RequestContext): Recipient | null {
  return r.submitter?.role === "enterprise" ? recipientOf(r.submitter, r.language) : null;
}

/** The steward who handles the request: the assigned steward, else the centre's lead steward. */
function stewardOf(r: RequestContext, { leadOnly = false } = {}): Recipient | null {
  return (leadOnly ? null : recipientOf(r.assignedSteward, DEFAULT_LOCALE)) ?? recipientOf(r.leadSteward, DEFAULT_LOCALE);
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
  addInboxItems(tx, { kind: "new_request", requestId, userIds: stewardsOfRequest(tx, requestId, r.submitter?.id ?? null) });
  const steward = stewardOf(r, { leadOnly: true });
  if (steward && steward.id !== r.submitter?.id) {
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
