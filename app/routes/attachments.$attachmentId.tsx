import type { LoaderFunctionArgs } from "@remix-run/node";
import fs from "node:fs";
import { attachmentPath } from "~/models/attachment.server";
import { findAttachmentFor } from "~/models/support-request.server";
import { notFound, requireUser } from "~/utils/auth.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

/** Serves an attachment only to users allowed to see its request (a guessed id answers 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attachment = findAttachmentFor(user, params.attachmentId ?? "");
  if (!attachment) notFound();
  const body = readStoredFile(attachmentPath(attachment.storageKey));
  if (!body) {
    // The row is there but its file is not (lost, or a restore without the attachments folder).
    const t = getFixedT(await getLocale(request, user));
    return new Response(t("requests.attachmentMissing", { name: attachment.fileName }), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
    });
  }
  return new Response(body, {
    headers: {
      "Content-Type": attachment.detectedType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** The file's bytes, or null when it does not exist. */
function readStoredFile(file: string) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
