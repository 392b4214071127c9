import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "../../db/schema";
import { USERS_PAGE_SIZE } from "~/models/user.server";
import { action, loader } from "~/routes/admin.users";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run, sessionCookieFor } from "../helpers/requests";

async function act(adminId: string, fields: Record<string, string>) {
  const request = await post("/admin/users", fields, { userId: adminId });
  return run(() => action({ request, params: {}, context }));
}

describe("/admin/users", () => {
  it("creates a user with a hashed password and an audit row", async () => {
    const admin = await makeUser("admin");
    const res = (await act(admin.id, {
      intent: "create",
      email: "New.Steward@Test.local",
      name: "New Steward",
      role: "steward",
      password: "a-long-password-1",
      locale: "en",
    })) as Response;
    expect(res.status).toBe(302);
    const row = db.select().from(users).where(eq(users.email, "new.steward@test.local")).get()!;
    expect(row.role).toBe("steward");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, row.id)).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.id);
    expect(audit[0]!.changes).toContainEqual({ field: "role", before: null, after: "steward" });
    expect(JSON.stringify(audit[0]!.changes)).not.toContain("a-long-password-1");
  });

  it("answers field errors for bad input and a taken email, saving nothing", async () => {
    const admin = await makeUser("admin");
    const before = db.select().from(users).all().length;
    const bad = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, { intent: "create", email: "x", name: "", role: "boss", password: "short" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({
      email: "validation.email",
      name: "validation.required",
      role: "validation.invalidChoice",
      password: "validation.passwordLength:12",
    });
    const taken = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, { intent: "create", email: admin.email, name: "Dup", role: "official", password: "a-long-password-1" }),
    );
    expect(taken.data.fieldErrors).toEqual({ email: "validation.emailTaken" });
    const enterpriseWithoutCentre = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, {
        intent: "create",
        email: "e@test.local",
        name: "E",
        role: "enterprise",
        password: "a-long-password-1",
      }),
    );
    expect(enterpriseWithoutCentre.data.fieldErrors).toEqual({ centreId: "validation.centreRequired" });
    expect(db.select().from(users).all().length).toBe(before);
  });

  it("disabling a user ends their sessions at once", async () => {
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const cookie = await sessionCookieFor(steward.id);
    const signedIn = () => getUser(new Request("http://localhost/work", { headers: { Cookie: cookie } }));
    expect(await signedIn()).not.toBeNull();
    await act(admin.id, { intent: "setDisabled", userId: steward.id, disabled: "true" });
    expect(await signedIn()).toBeNull();
    await act(admin.id, { intent: "setDisabled", userId: steward.id, disabled: "false" });
    expect(await signedIn()).toBeNull(); // the old session is gone for good
  });

  it("changes a role, ending the user's sessions, and resets a password", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("steward");
    const cookie = await sessionCookieFor(user.id);
    await act(admin.id, { intent: "changeRole", userId: user.id, role: "official" });
    expect(db.select({ role: users.role }).from(users).where(eq(users.id, user.id)).get()!.role).toBe("official");
    expect(await getUser(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toBeNull();
    const hashBefore = db.select({ h: users.passwordHash }).from(users).where(eq(users.id, user.id)).get()!.h;
    await act(admin.id, { intent: "resetPassword", userId: user.id, password: "another-long-password" });
    expect(db.select({ h: users.passwordHash }).from(users).where(eq(users.id, user.id)).get()!.h).not.toBe(hashBefore);
  });

  it("refuses an admin disabling themselves", async () => {
    const admin = await makeUser("admin");
    const res = payload<{ fieldErrors: Record<string, string> }>(
      await act(admin.id, { intent: "setDisabled", userId: admin.id, disabled: "true" }),
    );
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors._form).toBe("users.cannotDisableSelf");
  });

  it("refuses non-admins", async () => {
    for (const role of ["steward", "official", "enterprise"] as const) {
      const user = await makeUser(role);
      const res = await act(user.id, {
        intent: "create",
        email: `x-${role}@test.local`,
        name: "X",
        role: "admin",
        password: "a-long-password-1",
      });
      expect((res as Response).status, role).toBe(403);
    }
  });
});

describe("/admin/users at scale", () => {
  it("lists a page of 50 users, filtered by name or email (any case, % and _ taken literally) and by role; an action keeps the page", async () => {
    const admin = await makeUser("admin");
    const count = USERS_PAGE_SIZE + 5;
    db.insert(users)
      .values(
        Array.from({ length: count }, (_, i) => ({
          email: `pager-${String(i).padStart(2, "0")}@paging.test`,
          name: `Pager Person ${String(i).padStart(2, "0")}`,
          role: "official" as const,
          passwordHash: "x",
        })),
      )
      .run();
    type Page = { users: { email: string }[]; paging: { page: number; hasOlder: boolean; total: number } };
    const open = async (query: string) =>
      (await run(async () => loader({ request: await get(`/admin/users${query}`, admin.id), params: {}, context }))) as Page;

    const first = await open("?q=paging.test&role=official");
    expect(first.users).toHaveLength(USERS_PAGE_SIZE);
    expect(first.users[0]!.email).toBe("pager-00@paging.test");
    expect(first.paging).toEqual({ page: 0, hasOlder: true, total: count });
    const second = await open("?q=paging.test&role=official&page=1");
    expect(second.users.map((u) => u.email)).toEqual(
      Array.from({ length: 5 }, (_, i) => `pager-${USERS_PAGE_SIZE + i}@paging.test`),
    );
    expect(second.paging).toEqual({ page: 1, hasOlder: false, total: count });
    expect((await open("?q=PAGER%20PERSON%2007")).users.map((u) => u.email)).toEqual(["pager-07@paging.test"]);
    expect((await open("?q=paging.test&role=steward")).paging.total).toBe(0);
    // A wildcard typed into the search is a character like any other.
    expect((await open("?q=pager%25")).paging.total).toBe(0);
    expect((await open("?q=pager_0")).paging.total).toBe(0);
    expect((await open("?role=boss&q=paging.test")).paging.total).toBe(count);

    const target = db.select().from(users).where(eq(users.email, "pager-52@paging.test")).get()!;
    const request = await post(
      "/admin/users?q=paging.test&page=1",
      { intent: "changeRole", userId: target.id, role: "steward" },
      { userId: admin.id },
    );
    const res = (await run(() => action({ request, params: {}, context }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/users?q=paging.test&page=1");
  });
});
