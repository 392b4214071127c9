import { data } from "@remix-run/node";
import { eq } from "drizzle-orm";
import type { Locale } from "~/i18n";
import { supportRequests } from "../../db/schema";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { NewRequestSchema, RequestActionSchema, type RequestActionInput } from "~/schemas/request";
import { REQUEST_SUBMISSION_BODY_BYTES } from "~/utils/body-limits";
import { readForm } from "~/utils/csrf.server";
import { db } from "~/utils/db.server";
import { formatTime } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { hit } from "~/utils/rate-limit-hits.server";
import { outOfSpace } from "~/utils/out-of-space";
import { checkAttachments, discardStoredFiles, placeStoredFiles, storeAttachments } from "./attachment.server";
import { referenceList } from "./reference.server";
import { actOnRequest, ConcurrentChange, isSubmittedKey, submitRequest, type RequestActor } from "./support-request.server";

const MAX_BODY_BYTES = REQUEST_SUBMISSION_BODY_BYTES;
/** Submissions allowed per user and per address in an hour. */
export const SUBMIT_LIMIT = { perUser: 20, perAddress: 60, windowMs: 60 * 60 * 1000 };

type Failure = { fieldErrors: FieldErrors; values: Record<string, string> };

/**
 * Reads, checks and submits a request form (portal or staff): CSRF → size → schema → rate
 * limit → attachments by content → model. Answers the 4xx data or the created request.
 */
export async function handleRequestSubmission(
  request: Request,
  actor: RequestActor & { locale: "zh-CN" | "en" | null },
  clientAddress: string,
  locale: "zh-CN" | "en",
) {
  const fail = (status: number, fieldErrors: FieldErrors, values: Record<string, string> = {}) => ({
    response: data<Failure>({ fieldErrors, values }, { status }),
  });
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES)
    return fail(413, { attachments: "requests.errors.fileTooLarge" });
  const formData = await readForm(request);
  const values = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = NewRequestSchema.safeParse(values);
  if (!parsed.success) return fail(400, fieldErrorsOf(parsed.error), values);

  // A repeated submission of the same form (double click, reload) answers the first request and uses no quota.
  const repeated = isSubmittedKey(parsed.data.idempotency_key);
  for (const [key, limit] of [
    [`request:user:${actor.id}`, SUBMIT_LIMIT.perUser],
    [`request:address:${clientAddress}`, SUBMIT_LIMIT.perAddress],
  ] as const) {
    if (repeated) break;
    const result = hit(key, limit, SUBMIT_LIMIT.windowMs);
    if (!result.allowed)
      return fail(
        429,
        { _form: "requests.errors.rateLimited" },
        { ...values, retry: result.retryAt ? formatTime(result.retryAt, locale) : "" },
      );
  }
  const files = formData.getAll("attachments").filter((f): f is File => typeof f !== "string");
  const checked = await checkAttachments(files);
  if ("error" in checked) return fail(400, { attachments: checked.error }, values);

  const stored = storeAttachments(checked.files);
  let placed = false;
  let result: ReturnType<typeof submitRequest>;
  try {
    result = submitRequest(
      actor,
      {
        centreId: parsed.data.centre_id ?? "",
        category: parsed.data.category,
        title: parsed.data.title,
        description: parsed.data.description,
        urgency: parsed.data.urgency,
        language: actor.locale ?? locale,
        idempotencyKey: parsed.data.idempotency_key,
      },
      stored,
    );
    if (result.ok && !result.duplicate) {
      placeStoredFiles(stored);
      placed = true;
    }
  } catch (error) {
    throw outOfSpace(error) ?? error;
  } finally {
    if (!placed) discardStoredFiles(stored);
  }
  if (!result.ok) {
    if (result.status === 403) throw new Response("Forbidden", { status: 403 });
    return fail(result.status, { [result.field ?? "_form"]: result.error }, values);
  }
  return { created: result };
}

/**
 * Reads an action form on a request page (staff or portal) and carries it out. Answers
 * `{ failure }` (4xx data for the form) or `{ done }`: the message saying what happened, in the
 * reader's language ("Request RQ-2026-000048 accepted.").
 */
export async function handleRequestAction(
  request: Request,
  actor: RequestActor,
  requestId: string,
  locale: Locale,
  /** What carries the action out: the request model's, or a page's wrapper of it (the library's article links). */
  act: (
    actor: RequestActor,
    requestId: string,
    input: RequestActionInput,
    values: Record<string, FormDataEntryValue>,
  ) => ReturnType<typeof actOnRequest> = actOnRequest,
) {
  const values = Object.fromEntries(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : "";
  const parsed = RequestActionSchema.safeParse(values);
  if (!parsed.success)
    return { failure: data({ intent, fieldErrors: fieldErrorsOf(parsed.error) as FieldErrors }, { status: 400 }) };
  try {
    const result = act(actor, requestId, parsed.data, values);
    if (result.ok) return { done: requestActionMessage(locale, requestId, parsed.data) };
    if (result.status === 404) throw new Response("Not found", { status: 404 });
    if (result.status === 403) throw new Response("Forbidden", { status: 403 });
    return {
      failure: data(
        { intent, fieldErrors: { [result.field ?? "_form"]: result.error } as FieldErrors },
        { status: result.status },
      ),
    };
  } catch (error) {
    if (error instanceof ConcurrentChange)
      return { failure: data({ intent, fieldErrors: { _form: "requests.errors.concurrent" } as FieldErrors }, { status: 409 }) };
    throw error;
  }
}

/** What a done request action says: the action and the receipt number (and the department of a referral). */
function requestActionMessage(locale: Locale, requestId: string, input: RequestActionInput) {
  const t = getFixedT(locale);
  const receiptNo =
    db.select({ receiptNo: supportRequests.receiptNo }).from(supportRequests).where(eq(supportRequests.id, requestId)).get()
      ?.receiptNo ?? "";
  switch (input.intent) {
    case "refer":
      return t("requests.done.refer", {
        receiptNo,
        department: labelByCode(referenceList("department", { includeInactive: true }), input.department, locale),
      });
    case "escalate":
      return t(input.escalated ? "requests.done.escalate" : "requests.done.unescalate", { receiptNo });
    default:
      return t(`requests.done.${input.intent}`, { receiptNo });
  }
}
