import { MAX_ARTICLE_IMPORT_BYTES } from "~/domain/answer-csv";
import { MAX_IMPORT_BYTES } from "~/domain/centre-csv";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/schemas/request";

/**
 * How large a request body each URL accepts. server.js refuses a larger one with 413 from its
 * Content-Length, before anything is read, and a body of unstated length with 411.
 * Forms: a few hundred KB (the longest text field, 5,000 Chinese characters, is about 45 KB
 * form-encoded). Pages with file uploads: their file limits plus a margin for the other fields.
 */
export const FORM_BODY_BYTES = 512 * 1024;
const MULTIPART_MARGIN = 64 * 1024;
export const REQUEST_SUBMISSION_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + MULTIPART_MARGIN;
export const IMPORT_BODY_BYTES = MAX_IMPORT_BYTES + MULTIPART_MARGIN;
/** The policy library's import: the file, then (on confirm) its text again as a multipart field. */
export const ARTICLE_IMPORT_BODY_BYTES = MAX_ARTICLE_IMPORT_BYTES + MULTIPART_MARGIN;

export function bodyLimitFor(pathname: string): number {
  // Remix's client submits to the same path with ".data" (single fetch).
  const path = pathname.replace(/\.data$/, "").replace(/(.)\/$/, "$1");
  if (path === "/requests/new" || path === "/portal/requests/new") return REQUEST_SUBMISSION_BODY_BYTES;
  if (path === "/centres/import") return IMPORT_BODY_BYTES;
  if (path === "/answers/import") return ARTICLE_IMPORT_BODY_BYTES;
  return FORM_BODY_BYTES;
}
