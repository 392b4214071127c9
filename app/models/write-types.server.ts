import type { Role } from "~/domain/permissions";
import type { FieldErrors } from "~/schemas/forms";
import type { Db } from "~/utils/db.server";

/**
 * The contract every model shares, in one home so that models import each other only for what
 * they do (calendar → checklist → centre writes would otherwise close an import circle):
 *
 * - a write takes the acting user (`Actor`, or a system actor with a null id where there is
 *   none) first, then its input, and runs on the process's connection or on the caller's
 *   transaction (`Tx`);
 * - it answers one shape, `WriteResult<T>`: ok with its value (by default the new or changed
 *   record's id), or a `Refusal`: the HTTP status the route answers (400 invalid, 403 not
 *   allowed, 404 not found, 409 changed meanwhile) and a message key per field ("_form" for the
 *   whole form). Routes hand a refusal to `formRefusal` (utils/auth.server.ts).
 */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Actor = { id: string; role: Role };

export type Refusal = { ok: false; status: 400 | 403 | 404 | 409; fieldErrors: FieldErrors };
export type WriteResult<T = { id: string }> = ({ ok: true } & T) | Refusal;

/** A refusal with these field errors (400 unless said otherwise). */
export function refusal(fieldErrors: FieldErrors, status: Refusal["status"] = 400): Refusal {
  return { ok: false, status, fieldErrors };
}

/** The record is not there (or not the actor's to see). */
export const NOT_FOUND: Refusal & { status: 404 } = { ok: false, status: 404, fieldErrors: Object.freeze({}) };
/** The actor may not do this. */
export const FORBIDDEN: Refusal & { status: 403 } = {
  ok: false,
  status: 403,
  fieldErrors: Object.freeze({ _form: "errors.403.body" }),
};
