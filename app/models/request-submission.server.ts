import { eq } from "drizzle-orm";
import { supportRequests } from "../../db/schema";
import { db } from "~/utils/db.server";
import { discardStoredFiles, placeStoredFiles, storeAttachments } from "./attachment.server";
import type { RequestActor } from "./support-request.server";
import { submitRequest, type NewRequest } from "./support-request-submit.server";

/** Attachments as checkAttachments accepted them: the file, its bytes and the type found in them. */
export type CheckedAttachment = { file: File; bytes: Buffer; type: string };

/**
 * Submits a request with its attachments. The files are stored under `.incoming/` first and moved
 * into place only once the request is committed; a refused or repeated submission (and a failed
 * write, whose error goes on to the caller) leaves none behind.
 */
export function submitRequestWithAttachments(actor: RequestActor, input: NewRequest, files: CheckedAttachment[]) {
  const stored = storeAttachments(files);
  let placed = false;
  try {
    const result = submitRequest(actor, input, stored);
    if (result.ok && !result.duplicate) {
      placeStoredFiles(stored);
      placed = true;
    }
    return result;
  } finally {
    if (!placed) discardStoredFiles(stored);
  }
}

/** The receipt number people see (RQ-2026-000048); empty for an unknown id. */
export function receiptNoOf(requestId: string): string {
  return (
    db.select({ receiptNo: supportRequests.receiptNo }).from(supportRequests).where(eq(supportRequests.id, requestId)).get()
      ?.receiptNo ?? ""
  );
}
