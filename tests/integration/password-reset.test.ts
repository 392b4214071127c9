import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox, passwordResets, sessions, users } from "../../db/schema";
import { hashToken } from "~/utils/token.server";
import { findPasswordReset, PASSWORD_RESET_TTL_MS, requestPasswordReset } from "~/models/password-reset.server";
import { verifyLogin } from "~/models/user.server";
import { action as forgotAction, FORGOT_RATE_LIMIT } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { db } from "~/utils/db.server";
import { get, makeUser, payload, post, run, sessionCookieFor, TEST_PASSWORD } from "../helpers/requests";

let address = 0;
/** A fresh client address per test, so the per-address limits of one test do not touch another. */
const newContext = () => ({ clientAddress: `198.51.100.${++address}` });

async function ask(email: string, ctx: { clientAddress: string }, headers: Record<string, string> = {}) {
  return payload<{ sent: string | null; formError: { key: string } | null }>(
    await run(async () =>
      forgotAction({ request: await post("/forgot-password", { email }, { headers }), params: {}, context: ctx }),
    ),
  );
}

const mailsTo = (email: string) => db.select().from(outbox).where(eq(outbox.recipient, email)).all();
const linkIn = (body: string) => /http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]{43})\?lng=(en|zh-CN)/.exec(body);

beforeEach(() => {
  db.delete(outbox).run();
});

describe("asking for a reset link", () => {
  it("answers the same whether or not the account exists; only an existing, active account is emailed, in its language, with a link whose token is stored hashed", async () => {
    const user = await makeUser("enterprise", { locale: "zh-CN" });
    const disabled = await makeUser("steward", { locale: "en" });
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id)).run();
    const ctx = newContext();

    const known = await ask(user.email.toUpperCase(), ctx);
    const unknown = await ask("nobody-here@test.local", ctx);
    const off = await ask(disabled.email, ctx);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(off.status).toBe(200);
    expect(Object.keys(known.data).sort()).toEqual(Object.keys(unknown.data).sort());
    expect(known.data).toEqual({ sent: user.email, fieldErrors: {}, formError: null });
    expect(unknown.data).toEqual({ sent: "nobody-here@test.local", fieldErrors: {}, formError: null });

    expect(mailsTo("nobody-here@test.local")).toEqual([]);
    expect(mailsTo(disabled.email)).toEqual([]);
    const [mail] = mailsTo(user.email);
    expect(mail).toMatchObject({ channel: "email", status: "pending", locale: "zh-CN" });
    expect(mail!.subject).toBe("【服务管家】设置新密码");
    expect(mail!.body).toContain("仅可使用一次");
    const match = linkIn(mail!.body);
    expect(match?.[2]).toBe("zh-CN");
    const token = match![1]!;
    const stored = db.select().from(passwordResets).where(eq(passwordResets.userId, user.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(PASSWORD_RESET_TTL_MS);
  });

  it("refuses a malformed address with a field error", async () => {
    const res = await ask("not-an-email", newContext());
    expect(res.status).toBe(400);
  });

  it("limits requests per network address (with the time to retry) and per account (silently: the answer stays the same)", async () => {
    const user = await makeUser("steward", { locale: "en" });
    const ctx = newContext();
    for (let i = 0; i < FORGOT_RATE_LIMIT.email + 2; i++) expect((await ask(user.email, ctx)).data.sent).toBe(user.email);
    expect(mailsTo(user.email)).toHaveLength(FORGOT_RATE_LIMIT.email);

    for (let i = FORGOT_RATE_LIMIT.email + 2; i < FORGOT_RATE_LIMIT.address; i++) await ask(`someone-${i}@test.local`, ctx);
    const limited = await ask("one-more@test.local", ctx);
    expect(limited.status).toBe(429);
    expect(limited.data.formError?.key).toBe("passwordReset.rateLimited");
    // Another address is not affected.
    expect((await ask("one-more@test.local", newContext())).status).toBe(200);
  });

  it("replaces an earlier link when asked again: only the newest works", async () => {
    const user = await makeUser("steward", { locale: "en" });
    const first = requestPasswordReset(user.email, "en");
    const second = requestPasswordReset(user.email, "en");
    expect(findPasswordReset(first.token!).state).toBe("expired");
    expect(findPasswordReset(second.token!).state).toBe("valid");
  });
});

describe("using a reset link", () => {
  it("is valid for one hour", async () => {
    const user = await makeUser("steward", { locale: "en" });
    const t0 = new Date();
    const { token } = requestPasswordReset(user.email, "en", t0);
    expect(findPasswordReset(token!, new Date(t0.getTime() + PASSWORD_RESET_TTL_MS - 1000)).state).toBe("valid");
    expect(findPasswordReset(token!, new Date(t0.getTime() + PASSWORD_RESET_TTL_MS))).toEqual({ state: "expired" });
    db.update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordResets.tokenHash, hashToken(token!)))
      .run();
    const page = payload(
      await run(async () =>
        resetLoader({ request: await get(`/reset-password/${token}`), params: { token: token! }, context: newContext() }),
      ),
    );
    expect(page).toEqual({ status: 410, data: { state: "expired" } });
  });

  it("sets the new password, ends every other session of the user, signs this browser in, and works only once", async () => {
    const user = await makeUser("enterprise", { locale: "en" });
    await sessionCookieFor(user.id);
    await sessionCookieFor(user.id);
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(2);
    const { token } = requestPasswordReset(user.email, "en");
    const ctx = newContext();

    const page = payload(
      await run(async () =>
        resetLoader({ request: await get(`/reset-password/${token}`), params: { token: token! }, context: ctx }),
      ),
    );
    expect(page).toEqual({ status: 200, data: { state: "valid", email: user.email } });

    const mismatch = payload<{ fieldErrors: Record<string, string> }>(
      await run(async () =>
        resetAction({
          request: await post(`/reset-password/${token}`, { password: "a-brand-new-password", confirm: "something-else" }),
          params: { token: token! },
          context: ctx,
        }),
      ),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.fieldErrors.confirm).toBe("passwordReset.reset.mismatch");
    const short = payload<{ fieldErrors: Record<string, string> }>(
      await run(async () =>
        resetAction({
          request: await post(`/reset-password/${token}`, { password: "short", confirm: "short" }),
          params: { token: token! },
          context: ctx,
        }),
      ),
    );
    expect(short.data.fieldErrors.password).toBe("validation.passwordLength:12");

    const done = (await run(async () =>
      resetAction({
        request: await post(`/reset-password/${token}`, { password: "a-brand-new-password", confirm: "a-brand-new-password" }),
        params: { token: token! },
        context: ctx,
      }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/portal");
    const left = db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id)).all();
    expect(left).toHaveLength(1); // only the new session of this browser
    expect(done.headers.getSetCookie().some((c) => c.startsWith("__session=") && !c.includes("Expires=Thu, 01 Jan 1970"))).toBe(
      true,
    );
    expect(await verifyLogin(user.email, "a-brand-new-password")).toMatchObject({ id: user.id });
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBeNull();
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "password_reset")))
        .all(),
    ).toHaveLength(1);

    const again = payload(
      await run(async () =>
        resetAction({
          request: await post(`/reset-password/${token}`, { password: "another-new-password", confirm: "another-new-password" }),
          params: { token: token! },
          context: ctx,
        }),
      ),
    );
    expect(again.status).toBe(410);
    expect(await verifyLogin(user.email, "another-new-password")).toBeNull();
    const reopened = payload(
      await run(async () =>
        resetLoader({ request: await get(`/reset-password/${token}`), params: { token: token! }, context: ctx }),
      ),
    );
    expect(reopened).toEqual({ status: 410, data: { state: "used" } });
  });

  it("answers an unknown token with 404 and limits guessing per address", async () => {
    const ctx = newContext();
    for (let i = 0; i < 10; i++) {
      const res = payload(
        await run(async () =>
          resetLoader({
            request: await get(`/reset-password/${"A".repeat(43)}`),
            params: { token: "A".repeat(43) },
            context: ctx,
          }),
        ),
      );
      expect(res.status).toBe(404);
    }
    const blocked = payload<{ state: string }>(
      await run(async () =>
        resetLoader({ request: await get(`/reset-password/${"B".repeat(43)}`), params: { token: "B".repeat(43) }, context: ctx }),
      ),
    );
    expect(blocked.status).toBe(429);
    expect(blocked.data.state).toBe("rate_limited");
  });
});
