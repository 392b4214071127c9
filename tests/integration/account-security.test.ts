import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, loginAttempts, outbox, rateLimitHits, recoveryCodes, sessions, users } from "../../db/schema";
import { totpCode } from "~/domain/two-factor";
import { action as securityAction, loader as securityLoader } from "~/routes/account.security";
import { action as adminUsersAction, loader as adminUsersLoader } from "~/routes/admin.users";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as statsLoader } from "~/routes/api.v1.stats.centres";
import { action as loginAction } from "~/routes/login";
import { action as stepAction, loader as stepLoader } from "~/routes/login_.two-factor";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { pruneStaleRows, RATE_LIMIT_HITS_KEPT_MS } from "~/utils/housekeeping.server";
import { LOGIN_LIMITS, LOGIN_WINDOW_MS, recordLoginFailure } from "~/utils/rate-limit.server";
import { pruneExpiredSessions, SESSION_IDLE_MS, SESSION_MAX_MS } from "~/utils/session.server";
import { context, get, makeUser, payload, post, run, sessionCookieFor, TEST_PASSWORD } from "../helpers/requests";

/* ---------------------------------------------------------------- helpers */

/** The `__session=…` pair a response sets (the live one, not the deletion of the old one). */
function sessionCookieOf(res: Response) {
  const live = res.headers.getSetCookie().filter((c) => c.startsWith("__session=") && !c.includes("Expires=Thu, 01 Jan 1970"));
  return live.at(-1)!.split(";")[0]!;
}

/** A form POST (with CSRF) that also carries the given session cookie. */
async function postWithCookie(path: string, fields: Record<string, string>, sessionCookie: string) {
  const request = await post(path, fields);
  const headers = new Headers(request.headers);
  headers.set("Cookie", `${request.headers.get("Cookie")}; ${sessionCookie}`);
  return new Request(request, { headers });
}

const login = async (fields: Record<string, string>, address = "10.20.0.1") =>
  run(async () => loginAction({ request: await post("/login", fields), params: {}, context: { clientAddress: address } }));

const userIdOf = async (cookie: string) =>
  (await getUser(new Request("http://localhost/", { headers: { Cookie: cookie } })))?.id ?? null;

async function passwordStep(email: string) {
  const res = (await login({ email, password: TEST_PASSWORD, redirectTo: "/centres" })) as Response;
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/login/two-factor");
  return sessionCookieOf(res);
}

async function codeStep(cookie: string, code: string) {
  return run(async () =>
    stepAction({ request: await postWithCookie("/login/two-factor", { code }, cookie), params: {}, context }),
  );
}

/** The code an authenticator app shows for a secret `offsetSteps` 30-second steps from now. */
const appCode = (secret: string, offsetSteps = 0) => totpCode(secret, Date.now() + offsetSteps * 30_000);

const auditActions = (userId: string) =>
  db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.entityId, userId))
    .all()
    .map((r) => r.action);

/* ---------------------------------------------------------------- sessions */

describe("session lifetimes", () => {
  it("end after the idle lifetime without a request", async () => {
    const user = await makeUser("steward");
    const cookie = await sessionCookieFor(user.id);
    expect(await userIdOf(cookie)).toBe(user.id);
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id))
      .run();
    expect(await userIdOf(cookie)).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
  });

  it("end at the absolute lifetime however active, and activity never moves the expiry past it", async () => {
    const user = await makeUser("steward");
    const cookie = await sessionCookieFor(user.id);
    // Signed in almost SESSION_MAX_HOURS ago, last seen long enough ago that a request writes the expiry forward.
    const createdAt = Date.now() - SESSION_MAX_MS + 10 * 60_000;
    db.update(sessions)
      .set({ createdAt: new Date(createdAt), expiresAt: new Date(Date.now() + 1000) })
      .where(eq(sessions.userId, user.id))
      .run();
    expect(await userIdOf(cookie)).toBe(user.id);
    const row = db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.userId, user.id)).get()!;
    expect(row.expiresAt.getTime()).toBe(createdAt + SESSION_MAX_MS);

    // Past the absolute lifetime the session is gone even though its idle expiry is in the future.
    db.update(sessions)
      .set({ createdAt: new Date(Date.now() - SESSION_MAX_MS - 1000), expiresAt: new Date(Date.now() + SESSION_IDLE_MS) })
      .where(eq(sessions.userId, user.id))
      .run();
    expect(await userIdOf(cookie)).toBeNull();
  });

  it("move the idle expiry on with activity, writing it at most every few minutes", async () => {
    const user = await makeUser("steward");
    const cookie = await sessionCookieFor(user.id);
    const expiry = () =>
      db.select({ e: sessions.expiresAt }).from(sessions).where(eq(sessions.userId, user.id)).get()!.e.getTime();
    const soon = Date.now() + 10 * 60_000;
    db.update(sessions)
      .set({ expiresAt: new Date(soon) })
      .where(eq(sessions.userId, user.id))
      .run();
    await userIdOf(cookie);
    const moved = expiry();
    expect(moved).toBeGreaterThan(soon);
    expect(moved).toBeLessThanOrEqual(Date.now() + SESSION_IDLE_MS);
    await userIdOf(cookie);
    expect(expiry()).toBe(moved); // a request right after does not write again
  });
});

describe("pruning", () => {
  it("deletes expired sessions a bounded batch at a time, leaving live ones", async () => {
    const user = await makeUser("steward");
    const now = Date.now();
    const dead = Array.from({ length: 5 }, (_, i) => ({
      id: `dead-${now}-${i}`,
      userId: user.id,
      data: {},
      expiresAt: new Date(now - 1000),
    }));
    db.insert(sessions)
      .values([...dead, { id: `live-${now}`, userId: user.id, data: {}, expiresAt: new Date(now + 60_000) }])
      .run();
    const left = () =>
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(like(sessions.id, `%-${now}%`))
        .all().length;
    expect(pruneExpiredSessions(now, 3)).toBe(3);
    expect(left()).toBe(3);
    pruneExpiredSessions(now, 3);
    expect(
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(like(sessions.id, `%-${now}%`))
        .all(),
    ).toEqual([{ id: `live-${now}` }]);
  });

  it("forgets old sign-in failures and rate-limit hits, keeping the ones still in their window", () => {
    const now = Date.now();
    db.insert(loginAttempts)
      .values([
        { key: "account:prune-old@test.local", at: new Date(now - LOGIN_WINDOW_MS - 1000) },
        { key: "account:prune-new@test.local", at: new Date(now - 1000) },
      ])
      .run();
    db.insert(rateLimitHits)
      .values([
        { key: "prune:old", at: new Date(now - RATE_LIMIT_HITS_KEPT_MS - 1000) },
        { key: "prune:new", at: new Date(now - 1000) },
      ])
      .run();
    const result = pruneStaleRows({ now, force: true })!;
    expect(result.loginAttempts).toBeGreaterThanOrEqual(1);
    expect(
      db
        .select()
        .from(loginAttempts)
        .where(like(loginAttempts.key, "account:prune-%"))
        .all()
        .map((r) => r.key),
    ).toEqual(["account:prune-new@test.local"]);
    expect(
      db
        .select()
        .from(rateLimitHits)
        .where(like(rateLimitHits.key, "prune:%"))
        .all()
        .map((r) => r.key),
    ).toEqual(["prune:new"]);
    // Called again within the minute it does nothing (cheap on every sign-in).
    expect(pruneStaleRows({ now: now + 1000 })).toBeNull();
  });
});

/* ---------------------------------------------------------------- lockouts */

describe("lockouts", () => {
  const lockoutMails = (email: string) => db.select().from(outbox).where(eq(outbox.recipient, email)).all();

  it("lock the account at the fifth failure and tell the user once, by email in their language, with an audit row", async () => {
    const user = await makeUser("steward", { locale: "en" });
    for (let i = 0; i < 4; i++)
      expect(payload(await login({ email: user.email, password: "wrong" }, `10.30.0.${i}`)).status).toBe(401);
    expect(lockoutMails(user.email)).toEqual([]);
    expect(payload(await login({ email: user.email, password: "wrong" }, "10.30.0.9")).status).toBe(429);
    // Attempts while locked (right password or not) are refused and send nothing more.
    expect(payload(await login({ email: user.email, password: "wrong" }, "10.30.0.10")).status).toBe(429);
    expect(payload(await login({ email: user.email, password: TEST_PASSWORD }, "10.30.0.11")).status).toBe(429);
    const mails = lockoutMails(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe("en");
    expect(mails[0]!.subject).toContain("Your account was locked");
    expect(mails[0]!.body).toMatch(/locked until/);
    expect(auditActions(user.id)).toContain("locked_out");
  });

  it("write the email in Chinese for a Chinese-speaking user, and send nothing for an unknown address", async () => {
    const user = await makeUser("official", { locale: "zh-CN" });
    for (let i = 0; i < LOGIN_LIMITS.account; i++)
      recordLoginFailure({ account: user.email, address: "10.31.0.1" }, Date.now(), undefined);
    // recordLoginFailure without a callback sends nothing; the sign-in action passes notifyAccountLocked.
    expect(lockoutMails(user.email)).toEqual([]);
    const other = await makeUser("official", { locale: "zh-CN" });
    for (let i = 0; i < LOGIN_LIMITS.account; i++) await login({ email: other.email, password: "wrong" }, "10.31.0.2");
    const mails = lockoutMails(other.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("账号已被锁定");
    for (let i = 0; i < LOGIN_LIMITS.account; i++)
      await login({ email: "nobody-here@test.local", password: "wrong" }, "10.31.0.3");
    expect(lockoutMails("nobody-here@test.local")).toEqual([]);
  });

  it("are shown to admins at /admin/users, who unlock the account (audited) so the user signs in again", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("steward");
    for (let i = 0; i < LOGIN_LIMITS.account; i++) await login({ email: user.email, password: "wrong" }, "10.32.0.1");
    expect(payload(await login({ email: user.email, password: TEST_PASSWORD }, "10.32.0.2")).status).toBe(429);

    const listed = payload<{ users: { id: string; lockedUntil: string | null }[] }>(
      await run(async () => adminUsersLoader({ request: await get("/admin/users", admin.id), params: {}, context })),
    );
    expect(listed.data.users.find((u) => u.id === user.id)!.lockedUntil).not.toBeNull();

    const unlocked = (await run(async () =>
      adminUsersAction({
        request: await post("/admin/users", { intent: "unlock", userId: user.id }, { userId: admin.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(unlocked.status).toBe(302);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "unlock")))
      .get()!;
    expect(audit.actorId).toBe(admin.id);
    expect((await login({ email: user.email, password: TEST_PASSWORD }, "10.32.0.3")) as Response).toHaveProperty("status", 302);
  });

  it("do not lock out an office behind one NAT address: many colleagues' typos there leave the next colleague free to sign in", async () => {
    const office = "10.33.0.1";
    // 30 colleagues each mistype their password once (the old limit per address was 20).
    for (let i = 0; i < 30; i++) recordLoginFailure({ account: `colleague${i}@test.local`, address: office });
    const user = await makeUser("steward");
    expect((await login({ email: user.email, password: TEST_PASSWORD }, office)) as Response).toHaveProperty("status", 302);
    expect(LOGIN_LIMITS.address).toBeGreaterThanOrEqual(100);
  });
});

/* ---------------------------------------------------------------- two-factor sign-in */

describe("two-factor sign-in", () => {
  it("asks for a code after the right password; the session is not signed in until the code is right", async () => {
    const user = await makeUser("steward", { twoFactor: true });
    const pending = await passwordStep(user.email);
    expect(await userIdOf(pending)).toBeNull();
    expect(
      await run(async () =>
        stepLoader({
          request: new Request("http://localhost/login/two-factor", { headers: { Cookie: pending } }),
          params: {},
          context,
        }),
      ),
    ).toEqual({ demoSecret: null });

    const wrong = payload<{ fieldErrors: Record<string, string> }>(await codeStep(pending, "000000"));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.code).toBe("account.security.invalidCode");

    const right = (await codeStep(pending, appCode(user.totpSecret!))) as Response;
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/centres");
    const signedIn = sessionCookieOf(right);
    expect(signedIn).not.toBe(pending); // the id rotates again
    expect(await userIdOf(signedIn)).toBe(user.id);
    expect(await userIdOf(pending)).toBeNull();
  });

  it("accepts each code once: the same code in a second sign-in is refused as used", async () => {
    const user = await makeUser("official", { twoFactor: true });
    const code = appCode(user.totpSecret!);
    expect(((await codeStep(await passwordStep(user.email), code)) as Response).status).toBe(302);
    const again = payload<{ fieldErrors: Record<string, string> }>(await codeStep(await passwordStep(user.email), code));
    expect(again.data.fieldErrors.code).toBe("account.security.reusedCode");
  });

  it("limits code attempts: after five wrong codes even the right one is refused until the window passes", async () => {
    const user = await makeUser("steward", { twoFactor: true });
    const pending = await passwordStep(user.email);
    for (let i = 0; i < 5; i++) expect(payload(await codeStep(pending, `00000${i}`)).status).toBe(400);
    const limited = payload<{ formError: { key: string } }>(await codeStep(pending, appCode(user.totpSecret!)));
    expect(limited.status).toBe(429);
    expect(limited.data.formError.key).toBe("account.security.rateLimited");
  });

  it("sends a stale second step (over 10 minutes) back to the password", async () => {
    const user = await makeUser("steward", { twoFactor: true });
    const pending = await passwordStep(user.email);
    const row = db
      .select()
      .from(sessions)
      .where(like(sessions.data, `%${user.id}%`))
      .get()!;
    db.update(sessions)
      .set({ data: { ...row.data, pendingAt: Date.now() - 11 * 60_000 } })
      .where(eq(sessions.id, row.id))
      .run();
    const res = (await codeStep(pending, appCode(user.totpSecret!))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?expired=1");
  });

  it("enrols from /account/security: QR and key while enrolling, confirmed by a code, ten hashed recovery codes, key never shown again", async () => {
    const user = await makeUser("steward");
    const cookie = await sessionCookieFor(user.id);
    const otherBrowser = await sessionCookieFor(user.id);
    const load = async () =>
      payload<{
        status: { enabled: boolean; enrolling: boolean; recoveryCodesLeft: number };
        enrolment: { secret: string; qrSvg: string } | null;
        required: boolean;
      }>(
        await run(() =>
          securityLoader({
            request: new Request("http://localhost/account/security", { headers: { Cookie: cookie } }),
            params: {},
            context,
          }),
        ),
      ).data;
    const act = async (fields: Record<string, string>) =>
      run(async () =>
        securityAction({ request: await postWithCookie("/account/security", fields, cookie), params: {}, context }),
      );

    expect((await load()).status).toEqual({ enabled: false, enrolling: false, recoveryCodesLeft: 0 });
    expect(((await act({ intent: "start" })) as Response).status).toBe(302);
    const enrolling = await load();
    expect(enrolling.status.enrolling).toBe(true);
    expect(enrolling.enrolment!.qrSvg).toMatch(/^<svg/);
    const secret = enrolling.enrolment!.secret.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // At rest the key is sealed: the plain key is nowhere in the row.
    const stored = db.select({ s: users.totpSecret }).from(users).where(eq(users.id, user.id)).get()!.s!;
    expect(stored.startsWith("v1.")).toBe(true);
    expect(stored).not.toContain(secret);

    expect(
      payload<{ fieldErrors: Record<string, string> }>(await act({ intent: "confirm", code: "000000" })).data.fieldErrors.code,
    ).toBe("account.security.invalidCode");
    const confirmed = payload<{ recoveryCodes: string[] }>(await act({ intent: "confirm", code: appCode(secret) }));
    expect(confirmed.status).toBe(200);
    expect(confirmed.data.recoveryCodes).toHaveLength(10);
    const rows = db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).all();
    expect(rows).toHaveLength(10);
    for (const code of confirmed.data.recoveryCodes) expect(JSON.stringify(rows)).not.toContain(code.replace("-", ""));

    const after = await load();
    expect(after.status).toEqual({ enabled: true, enrolling: false, recoveryCodesLeft: 10 });
    expect(after.enrolment).toBeNull();
    // This browser stays signed in; the user's other sessions end.
    expect(await userIdOf(cookie)).toBe(user.id);
    expect(await userIdOf(otherBrowser)).toBeNull();
    expect(auditActions(user.id)).toEqual(expect.arrayContaining(["start_two_factor", "enable_two_factor"]));

    // A recovery code signs in once, then never again.
    const recovery = confirmed.data.recoveryCodes[3]!;
    const first = (await codeStep(await passwordStep(user.email), recovery.toUpperCase())) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/account/security?recoveryLeft=9");
    expect(
      payload<{ fieldErrors: Record<string, string> }>(await codeStep(await passwordStep(user.email), recovery)).data.fieldErrors
        .code,
    ).toBe("account.security.invalidCode");
    expect(auditActions(user.id)).toContain("use_recovery_code");
  });

  it("lets a user make new recovery codes and turn it off with a current code (audited); an admin may not turn theirs off", async () => {
    const user = await makeUser("steward", { twoFactor: true });
    const secret = user.totpSecret!;
    const cookie = await sessionCookieFor(user.id);
    const act = async (fields: Record<string, string>, c = cookie) =>
      run(async () => securityAction({ request: await postWithCookie("/account/security", fields, c), params: {}, context }));

    expect(payload(await act({ intent: "regenerate", code: "999999" })).status).toBe(400);
    const regenerated = payload<{ recoveryCodes: string[] }>(await act({ intent: "regenerate", code: appCode(secret, -1) }));
    expect(regenerated.data.recoveryCodes).toHaveLength(10);
    const off = (await act({ intent: "disable", code: appCode(secret, 0) })) as Response;
    expect(off.status).toBe(302);
    expect(db.select({ s: users.totpSecret, e: users.totpEnabledAt }).from(users).where(eq(users.id, user.id)).get()).toEqual({
      s: null,
      e: null,
    });
    expect(db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).all()).toEqual([]);
    expect(auditActions(user.id)).toEqual(expect.arrayContaining(["regenerate_recovery_codes", "disable_two_factor"]));
    // Without two-factor the password alone signs in again.
    expect(((await login({ email: user.email, password: TEST_PASSWORD })) as Response).headers.get("Location")).toBe("/work");

    const admin = await makeUser("admin");
    const refused = payload<{ formError: { key: string } }>(
      await act({ intent: "disable", code: appCode(admin.totpSecret!) }, await sessionCookieFor(admin.id)),
    );
    expect(refused.status).toBe(403);
    expect(refused.data.formError.key).toBe("account.security.adminCannotDisable");
  });

  it("is required for admins: one without it is sent to enrol before any page works, and can enrol there", async () => {
    const admin = await makeUser("admin", { twoFactor: false });
    const res = (await run(async () => adminLoader({ request: await get("/admin", admin.id), params: {}, context }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account/security?required=1");
    const page = payload<{ required: boolean }>(
      await run(async () => securityLoader({ request: await get("/account/security", admin.id), params: {}, context })),
    );
    expect(page.status).toBe(200);
    expect(page.data.required).toBe(true);
    // Nor does the statistics API answer their session.
    const api = (await statsLoader({ request: await get("/api/v1/stats/centres", admin.id), params: {}, context })) as Response;
    expect(api.status).toBe(403);
  });

  it("can be turned off by an admin for a user who lost their phone (audited; the user's sessions end)", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("official", { twoFactor: true });
    const cookie = await sessionCookieFor(user.id);
    const res = (await run(async () =>
      adminUsersAction({
        request: await post("/admin/users", { intent: "resetTwoFactor", userId: user.id }, { userId: admin.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(db.select({ e: users.totpEnabledAt }).from(users).where(eq(users.id, user.id)).get()!.e).toBeNull();
    expect(await userIdOf(cookie)).toBeNull();
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "disable_two_factor")))
      .get()!;
    expect(audit.actorId).toBe(admin.id);
  });
});
