import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { can, type Permission } from "~/domain/permissions";
import { db } from "./db.server";
import { getSession } from "./session.server";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUser>>>;

export async function getUser(request: Request) {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (!userId) return null;
  const user = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      centreId: users.centreId,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user || user.disabledAt) return null;
  return user;
}

export async function requireUser(request: Request) {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
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
