import type { LoaderFunctionArgs } from "@remix-run/node";
import fs from "node:fs";
import { attachmentPath } from "~/models/attachment.server";
import { findAttachmentFor } from "~/models/support-request.server";
import { notFound, requireUser } from "~/utils/auth.server";

/** Serves an attachment only to users allowed to see its request (a guessed id answers 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attachment = findAttachmentFor(user, params.attachmentId ?? "");
  if (!attachment) notFound();
  const body = fs.readFileSync(attachmentPath(attachment.storageKey));
  return new Response(body, {
    headers: {
      "Content-Type": attachment.detectedType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
