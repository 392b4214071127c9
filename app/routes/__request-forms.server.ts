import { data } from "@remix-run/node";
import type { Locale } from "~/domain/locales";
import { checkAttachments } from "~/models/attachment.server";
import { referenceList } from "~/models/reference.server";
import { receiptNoOf, submitRequestWithAttachments } from "~/models/request-submission.server";
import type { RequestActor } from "~/models/support-request.server";
import { actOnRequest, ConcurrentChange } from "~/models/support-request-actions.server";
import { isSubmittedKey } from "~/models/support-request-submit.server";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { NewRequestSchema, RequestActionSchema, type RequestActionInput } from "~/schemas/request";
import { formRefusal } from "~/utils/auth.server";
import { REQUEST_SUBMISSION_BODY_BYTES } from "~/utils/body-limits";
import { AnswerArticlesSchema } from "~/schemas/answer";
import { formStrings, formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatTime } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { labelByCode } from "~/utils/labels";
import { outOfSpace } from "~/utils/out-of-space";
import { hit } from "~/utils/rate-limit-hits.server";

/**
 * The request forms' HTTP side, shared by the portal's and the staff's routes: reading the form
 * (CSRF, size, schema, rate limit, attachments by content) and turning the model's answer into
 * a response. The models get parsed input only.
 */

/** Submissions allowed per user and per address in an hour. */
export const SUBMIT_LIMIT = { perUser: 20, perAddress: 60, windowMs: 60 * 60 * 1000 };

type Failure = { fieldErrors: FieldErrors; values: Record<string, string> };

/**
 * Reads, checks and submits a new-request form (portal or staff): CSRF → size → schema → rate
 * limit → attachments by content → model. Answers the 4xx data or the created request.
 */
async function submitRequestForm(
  request: Request,
  actor: RequestActor & { locale: Locale | null },
  clientAddress: string,
  locale: Locale,
) {
  const fail = (status: number, fieldErrors: FieldErrors, values: Record<string, string> = {}) => ({
    response: data<Failure>({ fieldErrors, values }, { status }),
  });
  if (Number(request.headers.get("Content-Length") ?? 0) > REQUEST_SUBMISSION_BODY_BYTES)
    return fail(413, { attachments: "requests.errors.fileTooLarge" });
  const formData = await readForm(request);
  const values = formStrings(formData);
  const parsed = NewRequestSchema.safeParse(values);
  if (!parsed.success) return fail(400, fieldErrorsOf(parsed.error), values);

  // A repeated submission of the same form (double click, reload) answers the first request and uses no quota.
  const repeated = isSubmittedKey(parsed.data.idempotencyKey);
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

  let result: ReturnType<typeof submitRequestWithAttachments>;
  try {
    result = submitRequestWithAttachments(actor, { ...parsed.data, language: actor.locale ?? locale }, checked.files);
  } catch (error) {
    throw outOfSpace(error) ?? error;
  }
  if (!result.ok) return fail(formRefusal(result).status, { [result.field ?? "_form"]: result.error }, values);
  return { created: result };
}

/**
 * The new-request action of the portal's and the staff's pages: submitRequestForm, then a
 * redirect to the new request's page (`pageOf`) saying its receipt number, or the 4xx data.
 */
export async function newRequestAction(
  request: Request,
  actor: RequestActor & { locale: Locale | null },
  clientAddress: string,
  pageOf: (requestId: string) => string,
) {
  const locale = await getLocale(request, actor);
  const outcome = await submitRequestForm(request, actor, clientAddress, locale);
  if ("response" in outcome) return outcome.response;
  const t = getFixedT(locale);
  return redirectWithToast(
    request,
    pageOf(outcome.created.id),
    t("requests.submitted", { receiptNo: outcome.created.receiptNo }),
  );
}

/**
 * Reads an action form on a request page (staff or portal) and carries it out. Answers
 * `{ failure }` (4xx data for the form) or `{ done }`: the message saying what happened, in the
 * reader's language ("Request RQ-2026-000048 accepted.").
 */
export async function requestActionForm(
  request: Request,
  actor: RequestActor,
  requestId: string,
  locale: Locale,
  /**
   * What carries the action out: the request model's, or a page's wrapper of it that also links
   * the library's articles the reply inserted (their version ids).
   */
  act: (
    actor: RequestActor,
    requestId: string,
    input: RequestActionInput,
    insertedVersionIds: string[],
  ) => ReturnType<typeof actOnRequest> = actOnRequest,
) {
  const values = formValues(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : "";
  const failure = (status: number, fieldErrors: FieldErrors) => ({ failure: data({ intent, fieldErrors }, { status }) });
  const parsed = RequestActionSchema.safeParse(values);
  if (!parsed.success) return failure(400, fieldErrorsOf(parsed.error));
  try {
    const result = act(actor, requestId, parsed.data, AnswerArticlesSchema.parse(values));
    if (result.ok) return { done: requestActionMessage(locale, requestId, parsed.data) };
    return failure(formRefusal(result).status, { [result.field ?? "_form"]: result.error });
  } catch (error) {
    if (error instanceof ConcurrentChange) return failure(409, { _form: "requests.errors.concurrent" });
    throw error;
  }
}

/** What a done request action says: the action and the receipt number (and the department of a referral). */
function requestActionMessage(locale: Locale, requestId: string, input: RequestActionInput) {
  const t = getFixedT(locale);
  const receiptNo = receiptNoOf(requestId);
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
