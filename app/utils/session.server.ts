import { createCookie, createSessionStorage, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { db } from "./db.server";
import { env, isProduction } from "./env.server";
import { preparedQuery } from "./prepared-query.server";

/**
 * Sessions are server-side rows; the cookie holds only a random, signed id. A session ends
 * - after SESSION_IDLE_MINUTES without a request (idle lifetime: each request moves the expiry
 *   on, written at most every few minutes so reads stay reads), and
 * - SESSION_MAX_HOURS after it was created, however active (absolute lifetime; sign-in always
 *   creates a new session, so this counts from sign-in).
 * `expires_at` holds the earlier of the two, so one indexed column says which rows are dead
 * (pruneExpiredSessions deletes them a bounded batch at a time).
 */
export const SESSION_IDLE_MS = env.SESSION_IDLE_MINUTES * 60_000;
export const SESSION_MAX_MS = env.SESSION_MAX_HOURS * 3_600_000;
/** How stale the stored expiry may get before a request writes it forward. */
const TOUCH_AFTER_MS = Math.min(5 * 60_000, SESSION_IDLE_MS / 10);

export const sessionCookie = createCookie("__session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: isProduction && !env.INSECURE_COOKIES,
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_MAX_MS / 1000,
});

/** `pendingUserId`: the password was right, the second factor is still to come (see login_.two-factor.tsx). */
type SessionData = { userId: string; pendingUserId: string; pendingAt: number; pendingRedirectTo: string };
export type Toast = { kind: "success" | "error"; message: string };
type FlashData = { toast: Toast };

/** When a session created at `createdAt` and last seen at `seenAt` expires. */
export function sessionExpiry(createdAt: number, seenAt: number) {
  return new Date(Math.min(seenAt + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS));
}

/** Every request reads its session (several times): built once, not once per read. */
const sessionById = preparedQuery((conn) =>
  conn
    .select({ data: sessions.data, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare(),
);

/** Server-side sessions: the cookie holds only a random, signed id. */
export const sessionStorage = createSessionStorage<SessionData, FlashData>({
  cookie: sessionCookie,
  async createData(data) {
    const id = randomBytes(32).toString("base64url");
    const now = Date.now();
    db.insert(sessions)
      .values({ id, userId: data.userId ?? null, data, createdAt: new Date(now), expiresAt: sessionExpiry(now, now) })
      .run();
    return id;
  },
  async readData(id) {
    const row = sessionById().get({ id });
    if (!row) return null;
    const now = Date.now();
    if (row.expiresAt.getTime() <= now || row.createdAt.getTime() + SESSION_MAX_MS <= now) {
      db.delete(sessions).where(eq(sessions.id, id)).run();
      return null;
    }
    const next = sessionExpiry(row.createdAt.getTime(), now);
    if (next.getTime() - row.expiresAt.getTime() >= TOUCH_AFTER_MS) {
      db.update(sessions).set({ expiresAt: next }).where(eq(sessions.id, id)).run();
    }
    return row.data;
  },
  async updateData(id, data) {
    const now = Date.now();
    db.update(sessions)
      .set({
        data,
        userId: (data.userId as string | undefined) ?? null,
        expiresAt: sql`min(${now + SESSION_IDLE_MS}, ${sessions.createdAt} + ${SESSION_MAX_MS})`,
      })
      .where(eq(sessions.id, id))
      .run();
  },
  async deleteData(id) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

/**
 * Ends every session of a user at once (on disable, password reset, role change, two-factor
 * changes; `except` keeps the current browser's). Stable API: other features (password reset by
 * email) call it.
 */
export function endSessionsOfUser(userId: string, options: { except?: string } = {}) {
  db.delete(sessions)
    .where(options.except ? and(eq(sessions.userId, userId), ne(sessions.id, options.except)) : eq(sessions.userId, userId))
    .run();
}

/** Deletes up to `limit` expired sessions (bounded work, cheap to call often). Returns how many. */
export function pruneExpiredSessions(now = Date.now(), limit = 500) {
  return db.run(sql`delete from sessions where id in (select id from sessions where expires_at <= ${now} limit ${limit})`)
    .changes;
}

/**
 * The Set-Cookie headers that replace the request's session with a fresh id carrying `values`
 * (and a flash message): the old session, if any, is destroyed. Ids rotate on every sign-in step.
 */
export async function rotatedSessionHeaders(request: Request, values: Partial<SessionData>, toast?: FlashData["toast"]) {
  const old = await getSession(request);
  const headers = new Headers();
  if (old.id) headers.append("Set-Cookie", await sessionStorage.destroySession(old));
  const session = await sessionStorage.getSession();
  for (const [key, value] of Object.entries(values)) session.set(key as keyof SessionData, value as never);
  if (toast) session.flash("toast", toast);
  headers.append("Set-Cookie", await sessionStorage.commitSession(session));
  return headers;
}

/** Signs a user in with a brand-new session id (the old one, if any, is destroyed). */
export async function startUserSession(request: Request, userId: string, redirectTo: string, toast?: FlashData["toast"]) {
  return redirect(redirectTo, { headers: await rotatedSessionHeaders(request, { userId }, toast) });
}

/** After a right password for an account with two-factor sign-in: a session that only allows the second step. */
export async function startSecondFactor(request: Request, userId: string, redirectTo: string) {
  const headers = await rotatedSessionHeaders(request, {
    pendingUserId: userId,
    pendingAt: Date.now(),
    pendingRedirectTo: redirectTo,
  });
  return redirect("/login/two-factor", { headers });
}

async function flash(request: Request, toast: Toast) {
  const session = await getSession(request);
  session.flash("toast", toast);
  return sessionStorage.commitSession(session);
}

/**
 * The end of every successful write: a redirect whose next page shows `toast` once. A string is
 * a success message; `init` adds a status (303) or headers.
 */
export async function redirectWithToast(request: Request, to: string, toast: Toast | string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flash(request, typeof toast === "string" ? { kind: "success", message: toast } : toast));
  return redirect(to, { ...init, headers });
}
