import type { Role } from "~/domain/permissions";
import type { FieldErrors } from "~/schemas/forms";
import type { Db } from "~/utils/db.server";

/**
 * The shapes every model shares, in one home so that models import each other only for what they
 * do (calendar → checklist → centre writes would otherwise close an import circle).
 */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Actor = { id: string; role: Role };
export type WriteResult = { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors; status: 400 | 403 | 404 | 409 };
