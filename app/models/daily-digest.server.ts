import { and, asc, eq, inArray, isNull, lte, notInArray } from "drizzle-orm";
import { centres, checklistItems, followUps, outbox, settings, supportRequests, users, type Locale } from "../../db/schema";
import { currentDeadline } from "~/domain/request-clock";
import type { WorkingCalendar } from "~/domain/working-days";
import { db } from "~/utils/db.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { serverTurn } from "~/utils/job-worker.server";
import { getFixedT } from "~/utils/i18n.server";
import { workingCalendar } from "./calendar.server";
import { addInboxItems } from "./inbox.server";
import {
  appLink,
  DEFAULT_LOCALE,
  enqueue,
  notifyRequestDue,
  quote,
  wecomConfigured,
  type DueKind,
  type Recipient,
} from "./notifications.server";
import { getSetting } from "./reference.server";
import type { Tx } from "./write-types.server";

/**
 * The daily digest, queued on the first tick after 08:00 Beijing time: to each active steward
 * their overdue and nearly due requests, checklist items and follow-ups with the request emails
 * held for them; to everyone else who chose the digest, their held request emails; the stewards'
 * in-app items and WeCom alerts for requests due soon or overdue.
 *
 * At 30,000 centres the first digest ran as one transaction of about 70 s and left the server
 * unanswered (issue 14). Now each steward is one transaction, its queries index-led (a few ms),
 * with a turn of the event loop between stewards, and the server runs it on the dashboard's
 * figures worker (`dailyDigestsOffThread`), off the request thread; `users.digest_on` is written
 * with the steward's digest, so a run that stops half-way (the process ended) sends each digest once.
 */

const DIGEST_SETTING_KEY = "notifications.dailyDigestOn";
const OPEN_REQUEST_STATUSES = ["submitted", "accepted", "in_progress", "referred", "answered"] as const;
const CLOSED_CHECKLIST = ["done", "not_applicable"] as const;

/** A due item; its text is written only for the lines the email shows (at most DIGEST_LINES a section). */
type DigestLine = { kind: DueKind; dueOn: string; write: () => { text: string; link: string } };
/** Lines listed per section of a digest; the rest are counted, with the link to the work list. */
export const DIGEST_LINES = 25;
type StewardDigest = { steward: Recipient; requests: DigestLine[]; checklist: DigestLine[]; followUps: DigestLine[] };
type HeldRow = { id: string; recipient: string; subject: string; body: string };
type DueRequest = {
  id: string;
  receiptNo: string;
  title: string;
  centreNameZh: string;
  centreNameEn: string;
  dueOn: string;
  kind: DueKind;
};
type Day = { today: string; now: Date; calendar: WorkingCalendar; soonWithin: number };

export type DigestRun = { date: string; digests: number; alerts: number; summaries: number };
/** How far a run is: stewards done of those still to do today when it started, and the digests queued so far. */
export type DigestProgress = { done: number; of: number; digests: number };

/**
 * Between two stewards: on the figures worker, until the request thread's event loop has turned
 * (at most 110 ms), so a write the request thread is waiting on gets the lock between two
 * stewards' transactions instead of polling past one short gap after another (at scale 1 one such
 * write waited 1.1 s, holding that thread: issue 14); on the request thread, one turn of its loop.
 */
const nextTurn = () => serverTurn(110);

function dueKind(day: Day, dueOn: string): DueKind | null {
  const status = day.calendar.dueStatus(dueOn, day.today, day.soonWithin);
  return status === "on_time" ? null : status;
}

const requestColumns = {
  id: supportRequests.id,
  receiptNo: supportRequests.receiptNo,
  title: supportRequests.title,
  status: supportRequests.status,
  acceptDueOn: supportRequests.acceptDueOn,
  firstContactDueOn: supportRequests.firstContactDueOn,
  answerDueOn: supportRequests.answerDueOn,
  centreNameZh: centres.nameZh,
  centreNameEn: centres.nameEn,
};

/**
 * The open requests handled by the steward (assigned to them, or unassigned on a centre they
 * lead or steward in the district) whose current deadline is overdue or due soon. Three
 * index-led queries instead of one OR that read every open request for every steward.
 */
function dueRequestsOf(tx: Tx, stewardId: string, day: Day): DueRequest[] {
  const open = inArray(supportRequests.status, [...OPEN_REQUEST_STATUSES]);
  const assigned = tx
    .select(requestColumns)
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .where(and(eq(supportRequests.assignedStewardId, stewardId), open))
    .all();
  const unassignedOn = (column: typeof centres.leadStewardId | typeof centres.districtStewardId) =>
    tx
      .select(requestColumns)
      .from(centres)
      .innerJoin(supportRequests, eq(supportRequests.centreId, centres.id))
      .where(and(eq(column, stewardId), isNull(supportRequests.assignedStewardId), open))
      .all();
  const seen = new Set<string>();
  return [...assigned, ...unassignedOn(centres.leadStewardId), ...unassignedOn(centres.districtStewardId)].flatMap((row) => {
    if (seen.has(row.id)) return [];
    seen.add(row.id);
    const dueOn = currentDeadline(row.status, row);
    const kind = dueOn ? dueKind(day, dueOn) : null;
    return dueOn && kind ? [{ ...row, dueOn, kind }] : [];
  });
}

/** Open checklist items due by `horizon` that the steward owns, or unowned on a centre they lead (two index-led queries). */
function dueChecklistOf(tx: Tx, stewardId: string, horizon: string) {
  const columns = {
    id: checklistItems.id,
    centreId: centres.id,
    titleZh: checklistItems.titleZh,
    titleEn: checklistItems.titleEn,
    dueOn: checklistItems.dueOn,
    centreNameZh: centres.nameZh,
    centreNameEn: centres.nameEn,
  };
  const open = and(notInArray(checklistItems.status, [...CLOSED_CHECKLIST]), lte(checklistItems.dueOn, horizon));
  const owned = tx
    .select(columns)
    .from(checklistItems)
    .innerJoin(centres, eq(centres.id, checklistItems.centreId))
    .where(and(eq(checklistItems.ownerId, stewardId), open))
    .all();
  const unowned = tx
    .select(columns)
    .from(centres)
    .innerJoin(checklistItems, eq(checklistItems.centreId, centres.id))
    .where(and(eq(centres.leadStewardId, stewardId), isNull(checklistItems.ownerId), open))
    .all();
  return [...owned, ...unowned].sort((a, b) => (a.dueOn ?? "").localeCompare(b.dueOn ?? ""));
}

/** Open follow-ups due by `horizon` that the steward owns, or unowned on a centre they lead. */
function dueFollowUpsOf(tx: Tx, stewardId: string, horizon: string) {
  const columns = {
    id: followUps.id,
    centreId: centres.id,
    description: followUps.description,
    dueOn: followUps.dueOn,
    centreNameZh: centres.nameZh,
    centreNameEn: centres.nameEn,
  };
  const open = and(eq(followUps.status, "open"), lte(followUps.dueOn, horizon));
  const owned = tx
    .select(columns)
    .from(followUps)
    .innerJoin(centres, eq(centres.id, followUps.centreId))
    .where(and(eq(followUps.ownerId, stewardId), open))
    .all();
  const unowned = tx
    .select(columns)
    .from(centres)
    .innerJoin(followUps, eq(followUps.centreId, centres.id))
    .where(and(eq(centres.leadStewardId, stewardId), isNull(followUps.ownerId), open))
    .all();
  return [...owned, ...unowned].sort((a, b) => (a.dueOn ?? "").localeCompare(b.dueOn ?? ""));
}

function digestOf(tx: Tx, steward: Recipient, day: Day, dueRequests: DueRequest[]): StewardDigest {
  const t = getFixedT(steward.locale);
  const lng = steward.locale;
  const horizon = day.calendar.addWorkingDays(day.today, day.soonWithin).date;
  const centreName = (row: { centreNameZh: string; centreNameEn: string }) =>
    lng === "en" ? row.centreNameEn : row.centreNameZh;
  const line = (kind: DueKind, dueOn: string, text: string) =>
    t(`notify.digest.line.${kind}`, { text, due: formatDate(dueOn, lng) });

  const requests = dueRequests.map((r) => ({
    kind: r.kind,
    dueOn: r.dueOn,
    write: () => ({
      text: line(r.kind, r.dueOn, `${r.receiptNo} · ${r.title} · ${centreName(r)}`),
      link: appLink(`/requests/${r.id}`),
    }),
  }));
  const checklist = dueChecklistOf(tx, steward.id, horizon).flatMap((item) => {
    const kind = item.dueOn ? dueKind(day, item.dueOn) : null;
    if (!item.dueOn || !kind) return [];
    const title = lng === "en" ? item.titleEn : item.titleZh;
    return [
      {
        kind,
        dueOn: item.dueOn,
        write: () => ({
          text: line(kind, item.dueOn!, `${centreName(item)}: ${title}`),
          link: appLink(`/centres/${item.centreId}`),
        }),
      },
    ];
  });
  const followUpLines = dueFollowUpsOf(tx, steward.id, horizon).flatMap((f) => {
    const kind = f.dueOn ? dueKind(day, f.dueOn) : null;
    if (!f.dueOn || !kind) return [];
    return [
      {
        kind,
        dueOn: f.dueOn,
        write: () => ({
          text: line(kind, f.dueOn!, `${centreName(f)}: ${quote(f.description).split("\n")[0]}`),
          link: appLink(`/centres/${f.centreId}`),
        }),
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
      : [
          `${t(`notify.digest.${key}`, { count: lines.length })}`,
          ...lines.slice(0, DIGEST_LINES).map((l) => {
            const { text, link } = l.write();
            return `- ${text}\n  ${link}`;
          }),
          ...(lines.length > DIGEST_LINES
            ? [t("notify.digest.more", { count: lines.length - DIGEST_LINES, link: appLink("/work") })]
            : []),
          "",
        ];
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

/** Request emails held for `recipient` (or, without one, for everyone), oldest first. */
function heldRows(tx: Tx, now: Date, recipient?: string): HeldRow[] {
  return tx
    .select({ id: outbox.id, recipient: outbox.recipient, subject: outbox.subject, body: outbox.body })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "held"),
        eq(outbox.channel, "email"),
        lte(outbox.createdAt, now),
        recipient === undefined ? undefined : eq(outbox.recipient, recipient),
      ),
    )
    .orderBy(asc(outbox.createdAt), asc(outbox.id))
    .all();
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
function activeStewards(): (Recipient & { digestOn: string | null })[] {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      mode: users.notificationMode,
      digestOn: users.digestOn,
    })
    .from(users)
    .where(and(eq(users.role, "steward"), isNull(users.disabledAt)))
    .orderBy(asc(users.email))
    .all()
    .map((u) => ({ ...u, locale: u.locale ?? DEFAULT_LOCALE }));
}

/**
 * One steward's part of the day, in one transaction: in-app items for their due requests, their
 * digest email (with the request emails held for them) when there is anything to say, the WeCom
 * alerts for their due requests, and the mark that it is done for the day.
 */
function digestForSteward(steward: Recipient, day: Day): { digest: boolean; alerts: number } {
  return db.transaction((tx) => {
    const mark = tx.select({ digestOn: users.digestOn }).from(users).where(eq(users.id, steward.id)).get();
    if (mark?.digestOn === day.today) return { digest: false, alerts: 0 };
    const dueRequests = dueRequestsOf(tx, steward.id, day);
    for (const r of dueRequests) addInboxItems(tx, { kind: r.kind, requestId: r.id, userIds: [steward.id], dueOn: r.dueOn });
    const digest = digestOf(tx, steward, day, dueRequests);
    const mine = heldRows(tx, day.now, steward.email);
    const any = digest.requests.length + digest.checklist.length + digest.followUps.length + mine.length > 0;
    if (any) {
      enqueue(tx, "email", steward.email, steward.locale, digestMessage(digest, mine, day.today));
      markDigested(tx, mine, day.now);
    }
    let alerts = 0;
    // One WeCom alert per request, kind and due date (notifyRequestDue skips one already queued).
    if (wecomConfigured())
      for (const r of dueRequests)
        alerts += notifyRequestDue(tx, r.id, { kind: r.kind, dueOn: r.dueOn }, { channels: ["wecom"] });
    tx.update(users).set({ digestOn: day.today }).where(eq(users.id, steward.id)).run();
    return { digest: any, alerts };
  });
}

/** The morning summary of one reader who is not an active steward: their held request emails. */
function summaryFor(recipient: string, day: Day): boolean {
  return db.transaction((tx) => {
    const rows = heldRows(tx, day.now, recipient);
    if (rows.length === 0) return false;
    const user = tx
      .select({ name: users.name, locale: users.locale, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.email, recipient))
      .get();
    markDigested(tx, rows, day.now);
    if (!user || user.disabledAt) return false;
    const locale = user.locale ?? DEFAULT_LOCALE;
    enqueue(tx, "email", recipient, locale, summaryMessage({ name: user.name, locale }, rows, day.today));
    return true;
  });
}

/** How often a long run logs how far it is. */
const PROGRESS_LOG_EVERY_MS = 5_000;

/**
 * A progress callback that logs a long run (its first run of the day at 30,000 centres takes
 * seconds): how far it is every few seconds, and its end; a run of under 5 s says nothing.
 */
export function digestProgressLog(log: (line: string) => void = console.log): (p: DigestProgress) => void {
  const started = performance.now();
  let said = started;
  return ({ done, of, digests }) => {
    const last = done === of && said > started;
    if (!last && performance.now() - said < PROGRESS_LOG_EVERY_MS) return;
    said = performance.now();
    log(`Daily digest: ${done} of ${of} stewards done, ${digests} digests queued (${Math.round(said - started)} ms).`);
  };
}

/**
 * Queues the day's digests, summaries, in-app items and WeCom alerts (see the header), one
 * steward or reader per transaction with `pause()` awaited between them (by default `nextTurn`
 * above, so requests are answered and their writes get in meanwhile); `progress` hears after each
 * steward. Idempotent per Beijing day: a second call the same day queues nothing and answers
 * null, and a run that stopped half-way sends only what it had not sent.
 */
export async function enqueueDailyDigests(
  now = new Date(),
  { pause = nextTurn, progress }: { pause?: () => Promise<void>; progress?: (p: DigestProgress) => void } = {},
): Promise<DigestRun | null> {
  const today = todayInBeijing(now);
  const doneOn = () =>
    db.select({ value: settings.value }).from(settings).where(eq(settings.key, DIGEST_SETTING_KEY)).get()?.value;
  if (doneOn() === today) return null;
  const day: Day = { today, now, calendar: workingCalendar(), soonWithin: getSetting("dueSoonWorkingDays") };
  const run: DigestRun = { date: today, digests: 0, alerts: 0, summaries: 0 };
  const stewards = activeStewards();
  const toDo = stewards.filter((s) => s.digestOn !== today);
  for (const [i, steward] of toDo.entries()) {
    const done = digestForSteward(steward, day);
    if (done.digest) run.digests++;
    run.alerts += done.alerts;
    progress?.({ done: i + 1, of: toDo.length, digests: run.digests });
    await pause();
  }
  const stewardEmails = new Set(stewards.map((s) => s.email));
  const readers = db
    .selectDistinct({ recipient: outbox.recipient })
    .from(outbox)
    .where(and(eq(outbox.status, "held"), eq(outbox.channel, "email"), lte(outbox.createdAt, now)))
    .all()
    .map((r) => r.recipient)
    .filter((r) => !stewardEmails.has(r));
  for (const recipient of readers) {
    if (summaryFor(recipient, day)) run.summaries++;
    await pause();
  }
  // Another process may have finished the day meanwhile: then this run found nothing left to do.
  const finished = db.transaction((tx) => {
    const already = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, DIGEST_SETTING_KEY)).get();
    if (already?.value === today) return false;
    tx.insert(settings)
      .values({ key: DIGEST_SETTING_KEY, value: today })
      .onConflictDoUpdate({ target: settings.key, set: { value: today } })
      .run();
    return true;
  });
  return finished || run.digests + run.summaries + run.alerts > 0 ? run : null;
}
