import { and, eq, sql } from "drizzle-orm";
import { attachments, centres, receiptCounters, referenceItems, requestEvents, supportRequests } from "../../db/schema";
import { dueDates, formatReceiptNo, storedDeadlines } from "~/domain/request-clock";
import { canSubmit } from "~/domain/request-lifecycle";
import { canHandleRequests } from "~/domain/permissions";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import type { StoredFile } from "./attachment.server";
import { workingCalendar } from "./calendar.server";
import type { Tx } from "./write-types.server";
import { requestNotifications } from "./notifications.server";
import type { RequestActor } from "./support-request.server";
import type { RequestResult } from "./support-request-actions.server";
import { timeLimits } from "./support-request-due-dates.server";

/** Submitting a support request: receipt number, first due dates, attachments, audit and notifications. */

function nextReceiptNo(tx: Tx, year: number) {
  const row = tx
    .insert(receiptCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: receiptCounters.year, set: { last: sql`${receiptCounters.last} + 1` } })
    .returning({ last: receiptCounters.last })
    .get();
  return formatReceiptNo(year, row.last);
}

export type NewRequest = {
  centreId: string;
  category: string;
  title: string;
  description: string;
  urgency: "normal" | "urgent";
  language: "zh-CN" | "en";
  idempotencyKey: string;
};

/** True when a request was already submitted with this idempotency key. */
export function isSubmittedKey(idempotencyKey: string): boolean {
  return (
    db
      .select({ id: supportRequests.id })
      .from(supportRequests)
      .where(eq(supportRequests.idempotencyKey, idempotencyKey))
      .get() !== undefined
  );
}

/**
 * Submits a request: an enterprise user for their own centre, a steward for a centre they
 * handle, an admin for any. A repeated idempotency key returns the first request instead.
 * `files` are recorded here; the caller moves them into place after success or discards them.
 */
export function submitRequest(
  actor: RequestActor,
  input: NewRequest,
  files: StoredFile[],
): RequestResult<{ id: string; receiptNo: string; duplicate: boolean }> {
  if (!canSubmit(actor.role)) return { ok: false, status: 403, error: "errors.403.body" };
  const existing = db
    .select({ id: supportRequests.id, receiptNo: supportRequests.receiptNo, submitterId: supportRequests.submitterId })
    .from(supportRequests)
    .where(eq(supportRequests.idempotencyKey, input.idempotencyKey))
    .get();
  if (existing) {
    if (existing.submitterId !== actor.id) return { ok: false, status: 409, error: "requests.errors.duplicateKey" };
    return { ok: true, id: existing.id, receiptNo: existing.receiptNo, duplicate: true };
  }
  const centreId = actor.role === "enterprise" ? actor.centreId : input.centreId;
  const centre = centreId
    ? db
        .select({ id: centres.id, leadStewardId: centres.leadStewardId, districtStewardId: centres.districtStewardId })
        .from(centres)
        .where(eq(centres.id, centreId))
        .get()
    : undefined;
  if (!centre)
    return { ok: false, status: actor.role === "enterprise" ? 403 : 400, error: "requests.errors.centre", field: "centre_id" };
  if (actor.role !== "enterprise" && !canHandleRequests(actor, centre))
    return { ok: false, status: 403, error: "errors.403.body" };
  const category = db
    .select({ code: referenceItems.code })
    .from(referenceItems)
    .where(
      and(eq(referenceItems.kind, "request_category"), eq(referenceItems.code, input.category), eq(referenceItems.active, true)),
    )
    .get();
  if (!category) return { ok: false, status: 400, error: "validation.unknownCode", field: "category" };

  const today = todayInBeijing();
  const due = dueDates(workingCalendar(), today, timeLimits(input.category), [], today);
  try {
    return db.transaction((tx) => {
      const receiptNo = nextReceiptNo(tx, Number(today.slice(0, 4)));
      const row = tx
        .insert(supportRequests)
        .values({
          receiptNo,
          centreId: centre.id,
          submitterId: actor.id,
          categoryCode: input.category,
          title: input.title,
          description: input.description,
          urgency: input.urgency,
          language: input.language,
          status: "submitted",
          assignedStewardId: centre.leadStewardId,
          submittedOn: today,
          ...storedDeadlines("submitted", due),
          idempotencyKey: input.idempotencyKey,
        })
        .returning({ id: supportRequests.id })
        .get();
      tx.insert(requestEvents)
        .values({
          requestId: row.id,
          fromStatus: null,
          toStatus: "submitted",
          action: "submit",
          actorId: actor.id,
          at: new Date(),
          onDate: today,
        })
        .run();
      for (const f of files)
        tx.insert(attachments)
          .values({ ...f, requestId: row.id, uploadedById: actor.id })
          .run();
      recordAudit(tx, {
        actorId: actor.id,
        entity: "support_request",
        entityId: row.id,
        action: "submit",
        changes: [
          { field: "receiptNo", before: null, after: receiptNo },
          { field: "category", before: null, after: input.category },
          { field: "title", before: null, after: input.title },
          { field: "attachments", before: null, after: files.map((f) => f.fileName) },
        ],
      });
      requestNotifications.submitted(tx, row.id);
      return { ok: true as const, id: row.id, receiptNo, duplicate: false };
    });
  } catch (error) {
    // A concurrent submit with the same key won the race: answer with its request.
    if (String(error).includes("UNIQUE") && String(error).includes("idempotency_key")) return submitRequest(actor, input, []);
    throw error;
  }
}
