import { and, asc, count, desc, eq, gte, lte, sql } from "drizzle-orm";
import { outbox } from "../../db/schema";
import { db } from "~/utils/db.server";
import { diffFields, recordAudit } from "./audit.server";
import type { Tx } from "./write-types.server";

export type Notification = {
  channel: "email" | "wecom";
  recipient: string;
  locale: "zh-CN" | "en";
  subject: string;
  body: string;
};

/**
 * ★ Queues a notification in the same transaction as the event it reports; the outbox worker
 * (app/models/outbox-worker.server.ts) sends it and retries with backoff. A `held` message waits
 * for its recipient's daily digest instead (see daily-digest.server.ts).
 */
export function enqueueNotification(tx: Tx, notification: Notification, options: { status?: "pending" | "held" } = {}) {
  tx.insert(outbox)
    .values({ ...notification, status: options.status ?? "pending", attempts: 0, nextAttemptAt: new Date() })
    .run();
}

// ---------------------------------------------------------------------------------------------
// Sending (the worker's queries: app/models/outbox-worker.server.ts keeps the timer and the transports)

export type DueOutboxRow = {
  id: string;
  channel: "email" | "wecom";
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
};

/** Up to `limit` pending messages due at `now`, the longest waiting first. */
export function dueOutboxRows(now: Date, limit: number): DueOutboxRow[] {
  return db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      recipient: outbox.recipient,
      subject: outbox.subject,
      body: outbox.body,
      attempts: outbox.attempts,
    })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit)
    .all();
}

/** Leases a due row for `leaseMs` (another worker skips it meanwhile); false when someone else has it. */
export function leaseOutboxRow(id: string, now: Date, leaseMs: number): boolean {
  const leased = db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .run();
  return leased.changes === 1;
}

export function markOutboxSent(id: string, attempts: number) {
  db.update(outbox).set({ status: "sent", attempts, sentAt: new Date(), lastError: null }).where(eq(outbox.id, id)).run();
}

/** How many messages were sent (or captured) at or after `since`, by whichever worker or process. */
export function sentSince(since: Date): number {
  return (
    db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, "sent"), gte(outbox.sentAt, since)))
      .get()?.n ?? 0
  );
}

/** A failed attempt: tried again at `nextAttemptAt`, or marked failed for good. */
export function markOutboxAttemptFailed(
  id: string,
  attempt: { attempts: number; lastError: string; failed: boolean; nextAttemptAt: Date },
) {
  db.update(outbox)
    .set({
      status: attempt.failed ? "failed" : "pending",
      attempts: attempt.attempts,
      lastError: attempt.lastError,
      nextAttemptAt: attempt.nextAttemptAt,
    })
    .where(eq(outbox.id, id))
    .run();
}

// ---------------------------------------------------------------------------------------------
// The admin page (/admin/outbox)

/** Counts of outbox rows by status (for the admin page). */
export function outboxCounts() {
  return db
    .select({ status: outbox.status, count: sql<number>`count(*)` })
    .from(outbox)
    .groupBy(outbox.status)
    .all();
}

export const OUTBOX_PAGE_SIZE = 100;

/** An outbox message as the admin's list shows it (its text only on its own page). */
const OUTBOX_ROW = {
  id: outbox.id,
  channel: outbox.channel,
  recipient: outbox.recipient,
  locale: outbox.locale,
  subject: outbox.subject,
  status: outbox.status,
  attempts: outbox.attempts,
  nextAttemptAt: outbox.nextAttemptAt,
  lastError: outbox.lastError,
  sentAt: outbox.sentAt,
  createdAt: outbox.createdAt,
};
/** The latest outbox rows (newest first), optionally of one status; bodies are left out. */
export function listOutbox(
  filters: {
    status?: (typeof outbox.status.enumValues)[number] | null;
    channel?: (typeof outbox.channel.enumValues)[number] | null;
  } = {},
) {
  const where = [];
  if (filters.status) where.push(eq(outbox.status, filters.status));
  if (filters.channel) where.push(eq(outbox.channel, filters.channel));
  return db
    .select(OUTBOX_ROW)
    .from(outbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .all();
}

/** One outbox message with its text. */
export function getOutboxMessage(id: string) {
  return db
    .select({ ...OUTBOX_ROW, body: outbox.body })
    .from(outbox)
    .where(eq(outbox.id, id))
    .get();
}

/**
 * "Retry now": a failed (or waiting) message becomes due at once; it keeps its attempt count,
 * so a message that fails again after MAX_ATTEMPTS goes straight back to failed. Audited. The
 * caller kicks the worker (kickOutboxWorker) when it answers "ok".
 */
export function retryOutboxMessage(actorId: string, id: string, now = new Date()): "ok" | "not_found" | "already_sent" {
  const result = db.transaction((tx) => {
    const row = tx
      .select({ status: outbox.status, nextAttemptAt: outbox.nextAttemptAt })
      .from(outbox)
      .where(eq(outbox.id, id))
      .get();
    if (!row) return "not_found" as const;
    // Sent, or held for (or already in) a daily digest: nothing to retry.
    if (row.status !== "pending" && row.status !== "failed") return "already_sent" as const;
    tx.update(outbox).set({ status: "pending", nextAttemptAt: now }).where(eq(outbox.id, id)).run();
    recordAudit(tx, {
      actorId,
      entity: "outbox",
      entityId: id,
      action: "retry",
      changes: diffFields({ status: row.status, nextAttemptAt: row.nextAttemptAt }, { status: "pending", nextAttemptAt: now }, [
        "status",
        "nextAttemptAt",
      ]),
    });
    return "ok" as const;
  });
  return result;
}
