import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { users } from "../../db/schema";
import { can, type Permission } from "~/domain/permissions";
import { env } from "./env.server";
import { preparedQuery } from "./prepared-query.server";
import { getSession } from "./session.server";

/** Who a user is, as the session and the admin's user list read it. */
export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  disabledAt: users.disabledAt,
};

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUser>>>;

/** The signed-in user, read on every request (the root loader's and the route's). */
const sessionUserById = preparedQuery((conn) =>
  conn
    .select({ ...userColumns, centreId: users.centreId, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

export async function getUser(request: Request) {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (!userId) return null;
  const user = sessionUserById().get({ id: userId });
  if (!user || user.disabledAt) return null;
  const { totpEnabledAt, ...rest } = user;
  return { ...rest, twoFactor: Boolean(totpEnabledAt) };
}

/** Where an admin without two-factor sign-in is sent, and the only page (with sign-out) that works for them. */
export const ENROL_PATH = "/account/security";

/** Whether this user must enrol in two-factor sign-in before using the app (admins, unless ADMIN_TWO_FACTOR=optional). */
export function mustEnrolTwoFactor(user: { role: string; twoFactor: boolean }) {
  return user.role === "admin" && env.ADMIN_TWO_FACTOR === "required" && !user.twoFactor;
}

export async function requireUser(request: Request) {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  if (mustEnrolTwoFactor(user) && new URL(request.url).pathname !== ENROL_PATH) throw redirect(`${ENROL_PATH}?required=1`);
  return user;
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** A request the page cannot read (a URL parameter or form out of range): the error page, 400. */
export function badRequest(reason = "Bad request"): never {
  throw new Response(reason, { status: 400 });
}

/**
 * A model's refusal as the action's answer: 403 and 404 throw (the error page, in the user's
 * language); any other refusal (400 invalid, 409 changed meanwhile) is handed back for the
 * action to show with its form.
 */
export function formRefusal<R extends { status: number }>(refusal: R): R {
  if (refusal.status === 403) forbidden();
  if (refusal.status === 404) notFound();
  return refusal;
}

/** The one server helper for permissions: answers 403 when the user lacks it. */
export async function requirePermission(request: Request, permission: Permission) {
  const user = await requireUser(request);
  if (!can(user.role, permission)) forbidden();
  return user;
}

/** Enterprise users must belong to exactly one centre. */
export async function requireEnterpriseUser(request: Request) {
  const user = await requirePermission(request, "read:portal:own");
  if (!user.centreId) forbidden();
  return { ...user, centreId: user.centreId };
}
