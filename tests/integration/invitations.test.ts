import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, contacts, invitations, outbox, users } from "../../db/schema";
import { createInvitation, INVITATION_TTL_MS } from "~/models/invitation.server";
import { action as inviteAction, loader as inviteLoader } from "~/routes/centres.$centreId_.invite";
import { action as acceptAction, INVITE_RATE_LIMIT, loader as acceptLoader } from "~/routes/invite.$token";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { countHits, hit, peek } from "~/utils/rate-limit-hits.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let n = 0;
/** A centre led by one steward, with a district steward and two contacts. */
async function world() {
  n += 1;
  const lead = await makeUser("steward");
  const district = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: `邀请测试中心${n}`,
    nameEn: `Invitation Test Centre ${n}`,
    parentCompany: "Invite Co",
    countryCode: "DE",
    districtCode: "haidian",
    uscc: makeUscc(4_000_000 + n),
    leadStewardId: lead.id,
    districtStewardId: district.id,
    contacts: [
      {
        name: `Anna Schmidt ${n}`,
        role: "Director",
        email: `anna-${n}-${process.pid}@invite.example`,
        phone: "",
        language: "en",
      },
      { name: `王磊 ${n}`, role: "经理", email: `wang-${n}-${process.pid}@invite.example`, phone: "", language: "zh-CN" },
      { name: `No Mail ${n}`, role: "Assistant", email: "", phone: "", language: "en" },
    ],
  });
  const centreContacts = db.select().from(contacts).where(eq(contacts.centreId, centreId)).all();
  const contact = (prefix: string) => centreContacts.find((c) => c.name.startsWith(prefix))!;
  return { lead, district, centreId, anna: contact("Anna"), wang: contact("王磊"), noMail: contact("No Mail") };
}

const invite = async (userId: string, centreId: string, fields: Record<string, string>) =>
  run(async () =>
    inviteAction({
      request: await post(`/centres/${centreId}/invite`, { intent: "invite", ...fields }, { userId }),
      params: { centreId },
      context,
    }),
  );

const visit = async (token: string, address = "127.0.0.1", headers: Record<string, string> = {}) =>
  payload<Record<string, unknown>>(
    await run(async () =>
      acceptLoader({
        request: await get(`/invite/${token}`, undefined, headers),
        params: { token },
        context: { clientAddress: address },
      }),
    ),
  );

const accept = async (token: string, fields: Record<string, string>, address = "127.0.0.1") =>
  run(async () =>
    acceptAction({ request: await post(`/invite/${token}`, fields, {}), params: { token }, context: { clientAddress: address } }),
  );

const GOOD = { name: "Anna Schmidt", password: "a-long-enough-password", confirm: "a-long-enough-password", locale: "en" };

/** The link in the newest invitation email to `email`, and its token. */
function linkSentTo(email: string) {
  const mail = db.select().from(outbox).where(eq(outbox.recipient, email)).all().at(-1)!;
  const link = /http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]+)\?lng=(en|zh-CN)/.exec(mail.body);
  expect(link, mail.body).not.toBeNull();
  return { mail, link: link![0], token: link![1]!, lng: link![2] };
}

describe("inviting an enterprise user", () => {
  it("stores only the token's hash, queues the email with the link in the contact's language, and audits", async () => {
    const { lead, centreId, anna } = await world();
    const res = (await invite(lead.id, centreId, { contactId: anna.id, locale: "" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/centres/${centreId}/invite`);

    const row = db.select().from(invitations).where(eq(invitations.email, anna.email)).get()!;
    expect(row.centreId).toBe(centreId);
    expect(row.name).toBe(anna.name);
    expect(row.createdById).toBe(lead.id);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(INVITATION_TTL_MS);

    const { mail, token, lng } = linkSentTo(anna.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(db.select().from(invitations).all())).not.toContain(token);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(token);
    expect(mail).toMatchObject({ channel: "email", locale: "en", status: "pending" });
    expect(lng).toBe("en");
    expect(mail.subject).toBe(`[RDC Steward] Your invitation to the portal of Invitation Test Centre ${n}`);
    expect(mail.body).toContain(`Dear ${anna.name}`);

    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, row.id)).all();
    expect(audit.map((a) => a.action)).toEqual(["create"]);
    expect(audit[0]!.actorId).toBe(lead.id);
    expect(audit[0]!.changes).toContainEqual({ field: "email", before: null, after: anna.email });
  });

  it("writes the email in the invitee's language, here Chinese", async () => {
    const { district, centreId, wang } = await world();
    expect(((await invite(district.id, centreId, { contactId: wang.id })) as Response).status).toBe(302);
    const { mail, lng } = linkSentTo(wang.email);
    expect(lng).toBe("zh-CN");
    expect(mail.locale).toBe("zh-CN");
    expect(mail.subject).toBe(`【服务管家】邀请您使用邀请测试中心${n}的企业门户`);
    expect(mail.body).toContain("有效期至");
  });

  it("queues the email in the same transaction: when the outbox write fails, no invitation exists", async () => {
    const { lead, centreId } = await world();
    const email = `atomic-${n}@invite.example`;
    db.$client.exec(
      "CREATE TEMP TRIGGER outbox_down BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END;",
    );
    try {
      expect(() =>
        createInvitation({ id: lead.id, role: "steward", name: "Lead" }, centreId, {
          contactId: null,
          email,
          name: "Atomic",
          locale: "en",
        }),
      ).toThrow(/outbox unavailable/);
    } finally {
      db.$client.exec("DROP TRIGGER outbox_down");
    }
    expect(db.select().from(invitations).where(eq(invitations.email, email)).all()).toEqual([]);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => JSON.stringify(a.changes).includes(email)),
    ).toEqual([]);
  });

  it("invites someone who is not a contact yet, given email, name and language", async () => {
    const { lead, centreId } = await world();
    const missing = payload<{ fieldErrors: Record<string, string> }>(
      await invite(lead.id, centreId, { contactId: "", email: "", name: "", locale: "" }),
    );
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors).toEqual({
      email: "validation.required",
      name: "validation.required",
      locale: "invite.errors.chooseLanguage",
    });
    const bad = payload<{ fieldErrors: Record<string, string> }>(
      await invite(lead.id, centreId, { email: "not-an-email", name: "X", locale: "en" }),
    );
    expect(bad.data.fieldErrors).toEqual({ email: "validation.email" });
    const email = `New.Person-${n}@Invite.Example`;
    expect(((await invite(lead.id, centreId, { email, name: "New Person", locale: "zh-CN" })) as Response).status).toBe(302);
    expect(db.select().from(invitations).where(eq(invitations.email, email.toLowerCase())).get()?.name).toBe("New Person");
  });

  it("refuses a contact of another centre, a contact without email, and an address that already has an account", async () => {
    const { lead, centreId, noMail } = await world();
    const other = await world();
    const foreign = payload<{ fieldErrors: Record<string, string> }>(
      await invite(lead.id, centreId, { contactId: other.anna.id }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.data.fieldErrors).toEqual({ contactId: "validation.invalidChoice" });
    const noEmail = payload<{ fieldErrors: Record<string, string> }>(await invite(lead.id, centreId, { contactId: noMail.id }));
    expect(noEmail.data.fieldErrors).toEqual({ contactId: "invite.errors.contactWithoutEmail" });
    const existing = await makeUser("official");
    const taken = payload<{ fieldErrors: Record<string, string> }>(
      await invite(lead.id, centreId, { email: existing.email, name: "Dup", locale: "en" }),
    );
    expect(taken.data.fieldErrors).toEqual({ email: "validation.emailTaken" });
    expect(db.select().from(invitations).where(eq(invitations.centreId, centreId)).all()).toEqual([]);
  });

  it("lets only the centre's lead or district steward, or an admin, invite: 403 for everyone else", async () => {
    const { lead, district, centreId, anna } = await world();
    const otherSteward = await makeUser("steward");
    const official = await makeUser("official");
    const enterprise = await makeUser("enterprise", { centreId });
    const admin = await makeUser("admin");
    for (const user of [otherSteward, official, enterprise]) {
      const page = await run(async () =>
        inviteLoader({ request: await get(`/centres/${centreId}/invite`, user.id), params: { centreId }, context }),
      );
      expect((page as Response).status, `${user.role} loader`).toBe(403);
      const res = await invite(user.id, centreId, { contactId: anna.id });
      expect((res as Response).status, `${user.role} action`).toBe(403);
    }
    expect(db.select().from(invitations).where(eq(invitations.centreId, centreId)).all()).toEqual([]);
    for (const user of [lead, district, admin]) {
      const page = payload<{ contacts: { email: string }[] }>(
        await run(async () =>
          inviteLoader({ request: await get(`/centres/${centreId}/invite`, user.id), params: { centreId }, context }),
        ),
      );
      expect(page.status, user.role).toBe(200);
      expect(page.data.contacts.map((c) => c.email)).toContain(anna.email);
      expect(page.data.contacts.some((c) => c.email === "")).toBe(false);
    }
    expect(((await invite(admin.id, centreId, { contactId: anna.id })) as Response).status).toBe(302);
    const anonymous = await run(async () =>
      inviteLoader({ request: await get(`/centres/${centreId}/invite`), params: { centreId }, context }),
    );
    expect((anonymous as Response).headers.get("Location")).toMatch(/^\/login/);
    const unknown = await run(async () =>
      inviteLoader({ request: await get(`/centres/nope/invite`, admin.id), params: { centreId: "nope" }, context }),
    );
    expect((unknown as Response).status).toBe(404);
  });

  it("lists the centre's invitations with their status, revokes a pending one, and replaces an earlier link on re-invite", async () => {
    const { lead, centreId, anna, wang } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const first = linkSentTo(anna.email).token;
    await invite(lead.id, centreId, { contactId: anna.id });
    const second = linkSentTo(anna.email).token;
    expect((await visit(first)).data).toMatchObject({ state: "expired" });
    expect((await visit(second)).data).toMatchObject({ state: "valid" });
    await invite(lead.id, centreId, { contactId: wang.id });
    const wangRow = db.select().from(invitations).where(eq(invitations.email, wang.email)).get()!;
    const revoked = await run(async () =>
      inviteAction({
        request: await post(`/centres/${centreId}/invite`, { intent: "revoke", invitationId: wangRow.id }, { userId: lead.id }),
        params: { centreId },
        context,
      }),
    );
    expect((revoked as Response).status).toBe(302);
    expect((await visit(linkSentTo(wang.email).token)).data).toMatchObject({ state: "expired" });
    const again = payload<{ fieldErrors: Record<string, string> }>(
      await run(async () =>
        inviteAction({
          request: await post(`/centres/${centreId}/invite`, { intent: "revoke", invitationId: wangRow.id }, { userId: lead.id }),
          params: { centreId },
          context,
        }),
      ),
    );
    expect(again.status).toBe(409);
    const page = payload<{ invitations: { email: string; status: string }[] }>(
      await run(async () =>
        inviteLoader({ request: await get(`/centres/${centreId}/invite`, lead.id), params: { centreId }, context }),
      ),
    );
    expect(page.data.invitations.map((i) => `${i.email}:${i.status}`)).toEqual([
      `${wang.email}:revoked`,
      `${anna.email}:pending`,
      `${anna.email}:revoked`,
    ]);
  });
});

describe("accepting an invitation", () => {
  it("shows the centre, then creates the enterprise user bound to it with the chosen language, uses the link up and signs them in", async () => {
    const { lead, centreId, anna } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const { token } = linkSentTo(anna.email);
    const page = await visit(token);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      state: "valid",
      email: anna.email,
      name: anna.name,
      centre: { nameEn: `Invitation Test Centre ${n}` },
      signedInAs: null,
    });
    expect(JSON.stringify(page.data)).not.toContain("tokenHash");

    const res = (await accept(token, { ...GOOD, locale: "zh-CN" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/portal");
    const user = db.select().from(users).where(eq(users.email, anna.email)).get()!;
    expect(user).toMatchObject({ role: "enterprise", centreId, locale: "zh-CN", name: "Anna Schmidt" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const row = db.select().from(invitations).where(eq(invitations.email, anna.email)).get()!;
    expect(row.usedAt).not.toBeNull();
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .find((c) => c.startsWith("__session=") && c !== "__session=")!;
    const signedIn = await getUser(new Request("http://localhost/portal", { headers: { Cookie: cookie } }));
    expect(signedIn?.id).toBe(user.id);
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, row.id))
        .all()
        .map((a) => a.action),
    ).toEqual(["create", "accept"]);
    expect(JSON.stringify(db.select().from(auditLog).where(eq(auditLog.entityId, user.id)).all())).not.toContain(GOOD.password);
  });

  it("is single use: a used link shows a clear page and creates nothing more", async () => {
    const { lead, centreId, anna } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const { token } = linkSentTo(anna.email);
    expect(((await accept(token, GOOD)) as Response).status).toBe(302);
    const page = await visit(token);
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ state: "used", centre: { nameZh: `邀请测试中心${n}`, nameEn: `Invitation Test Centre ${n}` } });
    const again = payload<{ formError: { key: string } }>(
      await accept(token, { ...GOOD, password: "another-password-1", confirm: "another-password-1" }),
    );
    expect(again.status).toBe(410);
    expect(again.data.formError.key).toBe("invite.gone.used.title");
    expect(db.select().from(users).where(eq(users.email, anna.email)).all()).toHaveLength(1);
  });

  it("expires after seven days", async () => {
    const { lead, centreId } = await world();
    const sent = createInvitation(
      { id: lead.id, role: "steward", name: "Lead" },
      centreId,
      { contactId: null, email: `late-${n}@invite.example`, name: "Late", locale: "en" },
      new Date(Date.now() - INVITATION_TTL_MS - 1000),
    );
    if (!sent.ok) throw new Error("not invited");
    const page = await visit(sent.token);
    expect(page.status).toBe(410);
    expect(page.data.state).toBe("expired");
    expect(payload(await accept(sent.token, GOOD)).status).toBe(410);
    expect(
      db
        .select()
        .from(users)
        .where(eq(users.email, `late-${n}@invite.example`))
        .all(),
    ).toEqual([]);
  });

  it("refuses an unknown token with a clear page, and answers in the visitor's language", async () => {
    const unknown = await visit("x".repeat(43), "192.0.2.50");
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ state: "unknown" });
    expect(payload(await accept("y".repeat(43), GOOD, "192.0.2.50")).status).toBe(404);
    expect((await visit("../../etc", "192.0.2.50")).data).toEqual({ state: "unknown" });

    const { lead, centreId, anna } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const { token } = linkSentTo(anna.email);
    expect((await visit(token, "192.0.2.51", { "Accept-Language": "en-GB,en;q=0.9" })).data.locale).toBe("en");
    expect((await visit(token, "192.0.2.51", { "Accept-Language": "zh-CN,zh;q=0.9" })).data.locale).toBe("zh-CN");
  });

  it("checks the password: at least 12 characters, typed twice the same", async () => {
    const { lead, centreId, anna } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const { token } = linkSentTo(anna.email);
    const short = payload<{ fieldErrors: Record<string, string> }>(
      await accept(token, { ...GOOD, password: "short", confirm: "short" }),
    );
    expect(short.status).toBe(400);
    expect(short.data.fieldErrors).toEqual({ password: "validation.passwordLength:12" });
    const mismatch = payload<{ fieldErrors: Record<string, string> }>(
      await accept(token, { ...GOOD, confirm: "something-else-entirely" }),
    );
    expect(mismatch.data.fieldErrors).toEqual({ confirm: "invite.accept.mismatch" });
    const noLanguage = payload<{ fieldErrors: Record<string, string> }>(await accept(token, { ...GOOD, locale: "fr" }));
    expect(noLanguage.data.fieldErrors).toEqual({ locale: "validation.invalidChoice" });
    const csrfMissing = await run(async () =>
      acceptAction({ request: await post(`/invite/${token}`, GOOD, { csrfToken: false }), params: { token }, context }),
    );
    expect((csrfMissing as Response).status).toBe(403);
    expect(db.select().from(users).where(eq(users.email, anna.email)).all()).toEqual([]);
  });

  it("limits attempts per network address, in the database", async () => {
    const { lead, centreId, anna } = await world();
    await invite(lead.id, centreId, { contactId: anna.id });
    const { token } = linkSentTo(anna.email);
    const address = `203.0.113.${n}`;
    for (let i = 0; i < INVITE_RATE_LIMIT.limit; i++)
      expect(payload(await accept(token, { ...GOOD, password: "short" }, address)).status).toBe(400);
    const blocked = payload<{ formError: { key: string; time: string } }>(await accept(token, GOOD, address));
    expect(blocked.status).toBe(429);
    expect(blocked.data.formError).toMatchObject({ key: "invite.rateLimited", time: expect.stringMatching(/\d{2}:\d{2}/) });
    expect((await visit(token, address)).data.state).toBe("rate_limited");
    expect(db.select().from(users).where(eq(users.email, anna.email)).all()).toEqual([]);
    // Another address is not affected.
    expect(((await accept(token, GOOD, "198.51.100.9")) as Response).status).toBe(302);
  });
});

describe("rate-limit-hits", () => {
  it("allows `limit` hits per window, then says when to retry; refused hits are not counted", () => {
    const key = `test:${Math.random()}`;
    const t0 = Date.parse("2026-03-02T02:00:00Z");
    expect(hit(key, 3, 60_000, t0)).toEqual({ allowed: true, retryAt: null });
    expect(hit(key, 3, 60_000, t0 + 10_000).allowed).toBe(true);
    expect(hit(key, 3, 60_000, t0 + 20_000).allowed).toBe(true);
    expect(hit(key, 3, 60_000, t0 + 30_000)).toEqual({ allowed: false, retryAt: new Date(t0 + 60_000) });
    expect(countHits(key, 60_000, t0 + 30_000)).toBe(3);
    expect(peek(key, 3, 60_000, t0 + 59_999).allowed).toBe(false);
    expect(peek(key, 3, 60_000, t0 + 60_001).allowed).toBe(true);
    expect(hit(key, 3, 60_000, t0 + 60_001).allowed).toBe(true);
    expect(hit(key, 3, 60_000, t0 + 60_002)).toEqual({ allowed: false, retryAt: new Date(t0 + 70_000) });
    expect(hit(`${key}:other`, 3, 60_000, t0 + 60_002).allowed).toBe(true);
  });
});
