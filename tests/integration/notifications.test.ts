import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, inboxItems, outbox, supportRequests, users } from "../../db/schema";
import { enqueueDailyDigests } from "~/models/daily-digest.server";
import { countUnread, INBOX_PAGE_SIZE, notificationBellOf } from "~/models/inbox.server";
import { action as inboxAction, loader as inboxLoader } from "~/routes/notifications";
import { action as portalAction } from "~/routes/portal.requests.$requestId";
import { action as newAction } from "~/routes/portal.requests.new";
import { action as staffAction, loader as staffLoader } from "~/routes/requests.$requestId";
import { action as settingsAction, loader as settingsLoader } from "~/routes/settings.notifications";
import { db } from "~/utils/db.server";
import { processOutbox } from "~/models/outbox-worker.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let n = 0;
async function world(modes: { enterprise?: "immediate" | "daily_digest"; steward?: "immediate" | "daily_digest" } = {}) {
  n += 1;
  const steward = await makeUser("steward", { locale: "en" });
  const district = await makeUser("steward", { locale: "zh-CN" });
  const centreId = insertCentre(db, {
    nameZh: `通知中心${n}`,
    nameEn: `Notice Centre ${n}`,
    parentCompany: "L",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(7_100_000 + n),
    leadStewardId: steward.id,
    districtStewardId: district.id,
  });
  const enterprise = await makeUser("enterprise", { centreId, locale: "en" });
  if (modes.enterprise) db.update(users).set({ notificationMode: modes.enterprise }).where(eq(users.id, enterprise.id)).run();
  if (modes.steward) db.update(users).set({ notificationMode: modes.steward }).where(eq(users.id, steward.id)).run();
  return { steward, district, centreId, enterprise };
}

async function submit(enterpriseId: string) {
  const res = (await run(async () =>
    newAction({
      request: await post(
        "/portal/requests/new",
        {
          category: "tax",
          title: "VAT refund",
          description: "Which form?",
          urgency: "normal",
          idempotency_key: `life-${Math.random()}`,
        },
        { userId: enterpriseId },
      ),
      params: {},
      context,
    }),
  )) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Location")!.split("/").pop()!;
}

async function staffAct(stewardId: string, id: string, fields: Record<string, string>) {
  const res = (await run(async () =>
    staffAction({ request: await post(`/requests/${id}`, fields, { userId: stewardId }), params: { requestId: id }, context }),
  )) as Response;
  expect(res.status, JSON.stringify(fields)).toBe(302);
}

async function portalAct(enterpriseId: string, id: string, fields: Record<string, string>) {
  const res = (await run(async () =>
    portalAction({
      request: await post(`/portal/requests/${id}`, fields, { userId: enterpriseId }),
      params: { requestId: id },
      context,
    }),
  )) as Response;
  expect(res.status, JSON.stringify(fields)).toBe(302);
}

/** One request's whole life: submit → accept → refer → department answer → reply → answer → close. */
async function lifeOfOneRequest(stewardId: string, enterpriseId: string) {
  const id = await submit(enterpriseId);
  await staffAct(stewardId, id, { intent: "accept", note: "" });
  await staffAct(stewardId, id, { intent: "refer", department: "tax", note: "" });
  await staffAct(stewardId, id, { intent: "record_department_answer", note: "The tax bureau answered." });
  await staffAct(stewardId, id, { intent: "reply", body: "The tax bureau says form 12 is the one." });
  await staffAct(stewardId, id, { intent: "answer", body: "Use form 12." });
  await staffAct(stewardId, id, { intent: "close", note: "" });
  const receiptNo = db.select({ r: supportRequests.receiptNo }).from(supportRequests).where(eq(supportRequests.id, id)).get()!.r;
  return { id, receiptNo };
}

const emails = () =>
  db
    .select({ recipient: outbox.recipient, subject: outbox.subject, body: outbox.body, status: outbox.status })
    .from(outbox)
    .where(eq(outbox.channel, "email"))
    .all();

beforeEach(() => {
  db.delete(outbox).run();
});

describe("the emails of one request's life", () => {
  // Before this change the same life sent 8 emails: 7 to the enterprise (receipt, accepted,
  // referred, in progress, reply, answered, closed) and 1 to the steward (new request).
  it("sends 5 when everyone chose immediate email: the enterprise hears of acceptance, the reply, the answer and the closing; the steward of the new request", async () => {
    const { steward, enterprise } = await world();
    const { receiptNo } = await lifeOfOneRequest(steward.id, enterprise.id);
    const mails = emails();
    expect(mails).toHaveLength(5);
    expect(mails.every((m) => m.status === "pending")).toBe(true);
    expect(mails.filter((m) => m.recipient === enterprise.email).map((m) => m.subject)).toEqual([
      `[RDC Steward] Request ${receiptNo}: Accepted`,
      `[RDC Steward] New reply to your request ${receiptNo}`,
      `[RDC Steward] Request ${receiptNo}: Answered`,
      `[RDC Steward] Request ${receiptNo}: Closed`,
    ]);
    expect(mails.filter((m) => m.recipient === steward.email).map((m) => m.subject)).toEqual([
      `[RDC Steward] New request ${receiptNo} from Notice Centre ${n}`,
    ]);
  });

  it("sends nothing during the day to those who chose the daily digest, then one summary each the next morning, which the worker sends", async () => {
    const { steward, enterprise } = await world({ enterprise: "daily_digest", steward: "daily_digest" });
    const { id, receiptNo } = await lifeOfOneRequest(steward.id, enterprise.id);
    expect(emails().map((m) => m.status)).toEqual(["held", "held", "held", "held", "held"]);
    // The worker leaves held messages alone.
    expect(await processOutbox({ mailer: null, captureEmail: true })).toMatchObject({ sent: 0 });

    const run1 = await enqueueDailyDigests(new Date(Date.now() + 24 * 3600_000));
    expect(run1?.summaries).toBeGreaterThanOrEqual(1);
    const pending = emails().filter((m) => m.status === "pending");
    const toEnterprise = pending.filter((m) => m.recipient === enterprise.email);
    expect(toEnterprise).toHaveLength(1);
    expect(toEnterprise[0]!.subject).toMatch(/^\[RDC Steward\] Updates on your requests, .+: 4$/);
    for (const line of [
      `■ Request ${receiptNo}: Accepted`,
      `■ New reply to your request ${receiptNo}`,
      "form 12 is the one",
      `■ Request ${receiptNo}: Closed`,
      "/settings/notifications",
    ])
      expect(toEnterprise[0]!.body).toContain(line);
    expect(toEnterprise[0]!.body.match(/Please do not reply/g)).toHaveLength(1); // one footer, not five
    expect(toEnterprise[0]!.body.match(/^Dear /gm)).toHaveLength(1); // one greeting
    const toSteward = pending.filter((m) => m.recipient === steward.email);
    expect(toSteward).toHaveLength(1);
    expect(toSteward[0]!.body).toContain(`■ New request ${receiptNo} from Notice Centre ${n}`);
    expect(toSteward[0]!.body).toContain(`/requests/${id}`);
    // Every held message went into a digest; none is sent on its own.
    expect(emails().filter((m) => m.status === "held")).toEqual([]);
    expect(emails().filter((m) => m.status === "digested")).toHaveLength(5);
    expect(await processOutbox({ mailer: null, captureEmail: true, limit: 100 })).toMatchObject({ sent: pending.length });
  });

  it("emails a rejection with its reason, and never tells the enterprise of its own closing or reopening", async () => {
    const { steward, enterprise } = await world();
    const rejected = await submit(enterprise.id);
    await staffAct(steward.id, rejected, { intent: "reject", reason: "Outside the scheme." });
    expect(
      emails()
        .filter((m) => m.recipient === enterprise.email)
        .map((m) => m.body),
    ).toEqual([expect.stringContaining("Reason: Outside the scheme.")]);

    db.delete(outbox).run();
    const id = await submit(enterprise.id);
    await staffAct(steward.id, id, { intent: "accept", note: "" });
    await staffAct(steward.id, id, { intent: "answer", body: "Done." });
    await portalAct(enterprise.id, id, { intent: "close" });
    expect(
      emails()
        .filter((m) => m.recipient === enterprise.email)
        .map((m) => m.subject.replace(/RQ-\d{4}-\d{6}/, "RQ")),
    ).toEqual(["[RDC Steward] Request RQ: Accepted", "[RDC Steward] Request RQ: Answered"]);
  });
});

describe("choosing how to be emailed", () => {
  it("lets enterprise users and stewards choose immediate or daily digest for their own account, audited; officials have no such page", async () => {
    const { enterprise, steward } = await world();
    const page = payload<{ mode: string; enterprise: boolean }>(
      await run(async () =>
        settingsLoader({ request: await get("/settings/notifications", enterprise.id), params: {}, context }),
      ),
    );
    expect(page.data).toMatchObject({ mode: "immediate", enterprise: true });

    const saved = (await run(async () =>
      settingsAction({
        request: await post("/settings/notifications", { mode: "daily_digest" }, { userId: enterprise.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/settings/notifications");
    expect(db.select({ m: users.notificationMode }).from(users).where(eq(users.id, enterprise.id)).get()!.m).toBe("daily_digest");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, enterprise.id), eq(auditLog.action, "notification_settings")))
        .get()?.changes,
    ).toEqual([{ field: "notificationMode", before: "immediate", after: "daily_digest" }]);
    // The steward's own setting is untouched.
    expect(db.select({ m: users.notificationMode }).from(users).where(eq(users.id, steward.id)).get()!.m).toBe("immediate");

    const bad = payload(
      await run(async () =>
        settingsAction({
          request: await post("/settings/notifications", { mode: "hourly" }, { userId: steward.id }),
          params: {},
          context,
        }),
      ),
    );
    expect(bad.status).toBe(400);
    const official = await makeUser("official");
    expect(
      (
        (await run(async () =>
          settingsLoader({ request: await get("/settings/notifications", official.id), params: {}, context }),
        )) as Response
      ).status,
    ).toBe(403);
  });
});

describe("the stewards' in-app notifications", () => {
  const itemsOf = (userId: string) => db.select().from(inboxItems).where(eq(inboxItems.userId, userId)).all();

  it("tells the centre's stewards of a new request, an enterprise reply and reopening, and a dissatisfied rating; never the one who acted", async () => {
    const { steward, district, enterprise } = await world();
    const id = await submit(enterprise.id);
    expect(itemsOf(steward.id).map((i) => i.kind)).toEqual(["new_request"]);
    expect(itemsOf(district.id).map((i) => i.kind)).toEqual(["new_request"]);
    expect(itemsOf(enterprise.id)).toEqual([]);

    await staffAct(steward.id, id, { intent: "accept", note: "" });
    await staffAct(steward.id, id, { intent: "reply", body: "Please send the invoice." });
    expect(itemsOf(steward.id)).toHaveLength(1); // staff actions add nothing
    await portalAct(enterprise.id, id, { intent: "reply", body: "Here it is." });
    await staffAct(steward.id, id, { intent: "answer", body: "Form 12." });
    await portalAct(enterprise.id, id, { intent: "reopen", reason: "Form 12 was refused." });
    await staffAct(steward.id, id, { intent: "answer", body: "Form 13 then." });
    await staffAct(steward.id, id, { intent: "close", note: "" });
    await portalAct(enterprise.id, id, { intent: "rate", rating: "dissatisfied", comment: "Slow." });
    expect(itemsOf(steward.id).map((i) => i.kind)).toEqual(["new_request", "enterprise_reply", "reopened", "dissatisfied"]);
    expect(itemsOf(district.id).map((i) => i.kind)).toEqual(["new_request", "enterprise_reply", "reopened", "dissatisfied"]);
    expect(countUnread(steward.id)).toBe(4);
    expect(notificationBellOf({ id: steward.id, role: "steward" })).toEqual({ href: "/notifications", unread: 4 });
    expect(notificationBellOf({ id: enterprise.id, role: "enterprise" })).toEqual({
      href: "/settings/notifications",
      unread: null,
    });
    expect(notificationBellOf({ id: enterprise.id, role: "official" })).toBeNull();
  });

  it("writes the item in the same transaction as the event: when it cannot be written, the request is not submitted", async () => {
    const { enterprise } = await world();
    const before = db.select({ id: supportRequests.id }).from(supportRequests).all().length;
    db.$client.exec(
      "CREATE TEMP TRIGGER inbox_down BEFORE INSERT ON inbox_items BEGIN SELECT RAISE(ABORT, 'inbox unavailable'); END;",
    );
    try {
      await expect(submit(enterprise.id)).rejects.toThrow(/inbox unavailable/);
    } finally {
      db.$client.exec("DROP TRIGGER inbox_down");
    }
    expect(db.select({ id: supportRequests.id }).from(supportRequests).all()).toHaveLength(before);
  });

  it("adds due-soon and overdue items from the daily run, once per request and deadline", async () => {
    const { steward, enterprise } = await world();
    const id = await submit(enterprise.id);
    const accept = db.select({ d: supportRequests.acceptDueOn }).from(supportRequests).where(eq(supportRequests.id, id)).get()!
      .d!;
    const later = new Date(`${accept}T02:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 10);
    await enqueueDailyDigests(later);
    const dayAfter = new Date(later.getTime() + 24 * 3600_000);
    await enqueueDailyDigests(dayAfter);
    const due = itemsOf(steward.id).filter((i) => i.requestId === id && i.kind !== "new_request");
    expect(due.map((i) => [i.kind, i.dueOn])).toEqual([["overdue", accept]]);
  });

  it("lists the steward's own items newest first, in bounded pages; opening one marks it read and leads to the request", async () => {
    const { steward, enterprise } = await world();
    const other = await makeUser("steward");
    const requests = [await submit(enterprise.id), await submit(enterprise.id)];
    db.delete(inboxItems).where(eq(inboxItems.userId, steward.id)).run();
    // Items a minute apart, oldest first, alternating between the two requests.
    const t0 = Date.now() - 3600_000;
    const ids = Array.from(
      { length: INBOX_PAGE_SIZE + 3 },
      (_, i) =>
        db
          .insert(inboxItems)
          .values({
            userId: steward.id,
            kind: "enterprise_reply",
            requestId: requests[i % 2]!,
            createdAt: new Date(t0 + i * 60_000),
          })
          .returning({ id: inboxItems.id })
          .get().id,
    );
    const load = async (url: string, userId = steward.id) =>
      payload<{ items: { id: string; requestId: string; readAt: unknown }[]; page: number; pages: number; unread: number }>(
        await run(async () => inboxLoader({ request: await get(url, userId), params: {}, context })),
      ).data;
    const first = await load("/notifications");
    expect(first).toMatchObject({ page: 1, pages: 2, unread: INBOX_PAGE_SIZE + 3 });
    expect(first.items).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.items.map((i) => i.id)).toEqual(ids.slice(3).reverse());
    const second = await load("/notifications?page=2");
    expect(second.items.map((i) => i.id)).toEqual(ids.slice(0, 3).reverse());
    expect((await load("/notifications?page=999")).page).toBe(2);
    expect((await load("/notifications?page=-3")).page).toBe(1);
    expect((await load("/notifications", other.id)).items).toEqual([]);

    const item = first.items[0]!;
    // Another steward cannot open (or learn of) this item.
    const foreign = await run(async () =>
      inboxAction({
        request: await post("/notifications", { intent: "open", id: item.id }, { userId: other.id }),
        params: {},
        context,
      }),
    );
    expect((foreign as Response).status).toBe(404);
    const opened = (await run(async () =>
      inboxAction({
        request: await post("/notifications", { intent: "open", id: item.id }, { userId: steward.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(`/requests/${item.requestId}`);
    // Opening one settles the other unread items about the same request.
    expect(countUnread(steward.id)).toBe(Math.floor((INBOX_PAGE_SIZE + 3) / 2));

    // Opening the request page itself (from the queue or an email) reads its items too.
    const unreadOfOther = () =>
      db
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.userId, steward.id), eq(inboxItems.requestId, requests[1]!)))
        .all()
        .filter((i) => !i.readAt).length;
    expect(unreadOfOther()).toBeGreaterThan(0);
    await run(async () =>
      staffLoader({ request: await get(`/requests/${requests[1]}`, steward.id), params: { requestId: requests[1]! }, context }),
    );
    expect(unreadOfOther()).toBe(0);
    expect(countUnread(steward.id)).toBe(0);
    db.update(inboxItems).set({ readAt: null }).where(eq(inboxItems.userId, steward.id)).run();

    const all = (await run(async () =>
      inboxAction({
        request: await post("/notifications?page=2", { intent: "read_all" }, { userId: steward.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(all.headers.get("Location")).toBe("/notifications?page=2");
    expect(countUnread(steward.id)).toBe(0);
    expect(
      db
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.userId, steward.id), inArray(inboxItems.id, ids)))
        .all()
        .every((i) => i.readAt),
    ).toBe(true);
  });
});
