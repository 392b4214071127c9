import { createCookie, createSessionStorage, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { db } from "./db.server";
import { env, isProduction } from "./env.server";

const SESSION_TTL_MS = 1000 * 60 * 60 * 12; // a working day and a half

export const sessionCookie = createCookie("__session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: isProduction && !env.INSECURE_COOKIES,
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_TTL_MS / 1000,
});

type SessionData = { userId: string };
type FlashData = { toast: { kind: "success" | "error"; message: string } };

/** Server-side sessions: the cookie holds only a random, signed id. */
export const sessionStorage = createSessionStorage<SessionData, FlashData>({
  cookie: sessionCookie,
  async createData(data, expires) {
    const id = randomBytes(32).toString("base64url");
    db.insert(sessions)
      .values({ id, userId: data.userId ?? null, data, expiresAt: expires ?? new Date(Date.now() + SESSION_TTL_MS) })
      .run();
    return id;
  },
  async readData(id) {
    const row = db.select().from(sessions).where(eq(sessions.id, id)).get();
    if (!row) return null;
    if (row.expiresAt.getTime() < Date.now()) {
      db.delete(sessions).where(eq(sessions.id, id)).run();
      return null;
    }
    return row.data;
  },
  async updateData(id, data, expires) {
    db.update(sessions)
      .set({ data, userId: (data.userId as string | undefined) ?? null, expiresAt: expires ?? new Date(Date.now() + SESSION_TTL_MS) })
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

/** Ends every session of a user at once (on disable, password reset or role change). */
export function endSessionsOfUser(userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Signs a user in with a brand-new session id (the old one, if any, is destroyed). */
export async function startUserSession(request: Request, userId: string, redirectTo: string) {
  const old = await getSession(request);
  const headers = new Headers();
  if (old.id) headers.append("Set-Cookie", await sessionStorage.destroySession(old));
  const session = await sessionStorage.getSession();
  session.set("userId", userId);
  headers.append("Set-Cookie", await sessionStorage.commitSession(session, { expires: new Date(Date.now() + SESSION_TTL_MS) }));
  return redirect(redirectTo, { headers });
}

export async function flash(request: Request, toast: FlashData["toast"]) {
  const session = await getSession(request);
  session.flash("toast", toast);
  return sessionStorage.commitSession(session);
}
