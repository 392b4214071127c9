import net from "node:net";
import { and, eq } from "drizzle-orm";
import { setupServer } from "msw/node";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import {
  auditLog,
  checklistItems,
  followUps,
  outbox,
  requestEvents,
  requestMessages,
  satisfaction,
  supportRequests,
} from "../../db/schema";
import { enqueueDailyDigests } from "~/models/daily-digest.server";
import { createInvitation } from "~/models/invitation.server";
import {
  notifyDissatisfied,
  notifyPublicReply,
  notifyRequestStatusChanged,
  notifyRequestSubmitted,
} from "~/models/notifications.server";
import { enqueueNotification, OUTBOX_PAGE_SIZE, sentSince } from "~/models/outbox.server";
import { action as outboxAction, loader as outboxLoader } from "~/routes/admin.outbox";
import { db } from "~/utils/db.server";
import {
  backoffMs,
  createSmtpMailer,
  drainOutbox,
  MAX_ATTEMPTS,
  processOutbox,
  runDailyJobs,
  startOutboxWorker,
} from "~/models/outbox-worker.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";
import { wecom, wecomHandlers, WECOM_TEST_URL } from "../mocks/wecom";

// The WeCom webhook is configured for this file (before the app's environment is parsed).
vi.hoisted(() => {
  process.env.WECOM_WEBHOOK_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-robot-key";
});

/* ---------------------------------------------------------------- a real SMTP server */

type Received = { from: string; to: string[]; raw: string };
const smtp = {
  server: null as SMTPServer | null,
  port: 0,
  received: [] as Received[],
  /** Reject this many next recipients with a 550. */
  rejectNext: 0,
};

beforeAll(async () => {
  smtp.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (smtp.rejectNext > 0) {
        smtp.rejectNext -= 1;
        const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        smtp.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.server!.listen(0, "127.0.0.1", resolve));
  smtp.port = (smtp.server.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.server!.close(() => resolve()));
});

/** A port nothing listens on (an SMTP server that is down). */
async function closedPort() {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A received message as text: its headers, then its body with the transfer encoding (base64 or quoted-printable) undone. */
function decoded(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/^Content-Transfer-Encoding: base64/im.test(headers))
    return `${headers}\n\n${Buffer.from(body, "base64").toString("utf8")}`;
  const qp = body.replace(/=\r?\n/g, "");
  return `${headers}\n\n${Buffer.from(
    qp.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8")}`;
}

/* ---------------------------------------------------------------- WeCom through msw */

const msw = setupServer(...wecomHandlers);
beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

beforeEach(() => {
  db.delete(outbox).run();
  smtp.received = [];
  smtp.rejectNext = 0;
  wecom.reset();
});

const mailer = () => createSmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}` }, "RDC Steward <no-reply@rdc-steward.test>");
const outboxRows = () => db.select().from(outbox).all();
const queue = (n: Partial<Parameters<typeof enqueueNotification>[1]> = {}) =>
  db.transaction((tx) =>
    enqueueNotification(tx, {
      channel: "email",
      recipient: "someone@centre.example",
      locale: "en",
      subject: "Test subject",
      body: "Hello from the outbox.",
      ...n,
    }),
  );

let seq = 0;
async function requestWorld(options: { stewardLocale?: "en" | "zh-CN"; submitterLocale?: "en" | "zh-CN" } = {}) {
  seq += 1;
  const steward = await makeUser("steward", { locale: options.stewardLocale ?? "en" });
  const centreId = insertCentre(db, {
    nameZh: `通知测试中心${seq}`,
    nameEn: `Notify Test Centre ${seq}`,
    parentCompany: "Notify",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(5_000_000 + seq),
    leadStewardId: steward.id,
  });
  const submitter = await makeUser("enterprise", { centreId, locale: options.submitterLocale ?? "en" });
  const receiptNo = `RQ-2026-${String(900000 + seq).padStart(6, "0")}`;
  const requestId = db
    .insert(supportRequests)
    .values({
      receiptNo,
      centreId,
      submitterId: submitter.id,
      categoryCode: "talent_entry_exit",
      title: "Work permit for a researcher",
      description: "Our new lead scientist needs a work permit.",
      urgency: "urgent",
      language: "en",
      submittedOn: "2026-11-23",
      acceptDueOn: "2026-11-24",
      firstContactDueOn: "2026-11-25",
      answerDueOn: "2026-11-30",
    })
    .returning({ id: supportRequests.id })
    .get().id;
  return { steward, centreId, submitter, requestId, receiptNo };
}

describe("sending email over SMTP", () => {
  it("delivers a queued invitation to a real SMTP server and marks it sent", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "邮件中心",
      nameEn: "Mail Centre",
      parentCompany: "M",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(5_900_001),
      leadStewardId: steward.id,
    });
    const invited = createInvitation({ id: steward.id, role: "steward", name: "Wang Fang" }, centreId, {
      contactId: null,
      email: "invitee@centre.example",
      name: "Ida Invitee",
      locale: "en",
    });
    if (!invited.ok) throw new Error("not invited");

    const result = await processOutbox({ mailer: mailer() });
    expect(result).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(["invitee@centre.example"]);
    expect(mail!.from).toBe("no-reply@rdc-steward.test");
    const text = decoded(mail!.raw);
    expect(text).toContain("Subject: [RDC Steward] Your invitation to the portal of Mail Centre");
    expect(text).toContain(`http://localhost:3000/invite/${invited.token}?lng=en`);
    expect(text).toContain("Dear Ida Invitee");
    const [row] = outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row!.sentAt).toBeInstanceOf(Date);
    // Nothing left to do.
    expect(await processOutbox({ mailer: mailer() })).toEqual({ sent: 0, captured: 0, retrying: 0, failed: 0 });
  });

  it("sends Chinese text intact", async () => {
    queue({ subject: "【服务管家】诉求已登记：RQ-2026-000001", body: "王磊，您好：\n\n我们已收到您的诉求。", locale: "zh-CN" });
    await processOutbox({ mailer: mailer() });
    const raw = smtp.received[0]!.raw;
    expect(raw).toMatch(/Subject: =\?UTF-8\?/);
    expect(decoded(raw)).toContain("我们已收到您的诉求。");
  });

  it("on a rejecting server counts the attempt, keeps the error and backs off; the retry then succeeds", async () => {
    queue();
    const t0 = new Date();
    smtp.rejectNext = 1;
    expect(await processOutbox({ now: t0, mailer: mailer() })).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toMatch(/550/);
    expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + 60_000);
    expect(smtp.received).toHaveLength(0);

    // Not due yet: nothing is tried.
    expect(await processOutbox({ now: new Date(t0.getTime() + 30_000), mailer: mailer() })).toEqual({
      sent: 0,
      captured: 0,
      retrying: 0,
      failed: 0,
    });
    // Due: the server accepts now.
    expect(await processOutbox({ now: new Date(t0.getTime() + 60_000), mailer: mailer() })).toMatchObject({ sent: 1 });
    [row] = outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(smtp.received.map((m) => m.to)).toEqual([["someone@centre.example"]]);
  });

  it("on a server that is down counts the attempt with the connection error, then delivers when it is back", async () => {
    queue();
    const t0 = new Date();
    const down = createSmtpMailer({ host: "127.0.0.1", port: await closedPort() });
    expect(await processOutbox({ now: t0, mailer: down })).toMatchObject({ retrying: 1 });
    let [row] = outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toMatch(/ECONNREFUSED/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());
    expect(await processOutbox({ now: new Date(t0.getTime() + backoffMs(1)), mailer: mailer() })).toMatchObject({ sent: 1 });
    [row] = outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("backs off exponentially, capped, and fails for good after the last attempt; an admin's retry sends it", async () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(30)).toBe(6 * 60 * 60_000);

    queue({ subject: "Will fail" });
    const t0 = new Date();
    db.update(outbox)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .run();
    smtp.rejectNext = 1;
    expect(await processOutbox({ now: t0, mailer: mailer() })).toMatchObject({ failed: 1 });
    let [row] = outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(await processOutbox({ now: new Date(t0.getTime() + 24 * 3600_000), mailer: mailer() })).toMatchObject({ sent: 0 });

    const admin = await makeUser("admin");
    const page = payload<{ rows: { id: string; status: string; lastError: string | null }[] }>(
      await run(async () => outboxLoader({ request: await get("/admin/outbox?status=failed", admin.id), params: {}, context })),
    );
    expect(page.data.rows).toEqual([
      expect.objectContaining({ id: row!.id, status: "failed", lastError: expect.stringMatching(/550/) }),
    ]);

    const steward = await makeUser("steward");
    const refused = await run(async () =>
      outboxAction({
        request: await post("/admin/outbox", { intent: "retry", id: row!.id }, { userId: steward.id }),
        params: {},
        context,
      }),
    );
    expect((refused as Response).status).toBe(403);
    expect(
      (
        (await run(async () =>
          outboxLoader({ request: await get("/admin/outbox", steward.id), params: {}, context }),
        )) as Response
      ).status,
    ).toBe(403);

    const retried = await run(async () =>
      outboxAction({
        request: await post("/admin/outbox?status=failed", { intent: "retry", id: row!.id }, { userId: admin.id }),
        params: {},
        context,
      }),
    );
    expect((retried as Response).status).toBe(302);
    expect((retried as Response).headers.get("Location")).toBe("/admin/outbox?status=failed");
    [row] = outboxRows();
    expect(row!.status).toBe("pending");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "outbox"), eq(auditLog.entityId, row!.id)))
        .get()?.action,
    ).toBe("retry");
    expect(await processOutbox({ mailer: mailer() })).toMatchObject({ sent: 1 });
    expect(outboxRows()[0]).toMatchObject({ status: "sent", attempts: MAX_ATTEMPTS + 1 });
  });

  it("captures email in demo mode without SMTP, and shows admins its text", async () => {
    queue({ subject: "Captured message", body: "Only the admin reads this." });
    expect(await processOutbox()).toMatchObject({ sent: 1, captured: 1 });
    expect(smtp.received).toHaveLength(0);
    const [row] = outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const admin = await makeUser("admin");
    const page = payload<{ captured: boolean; message: { body: string } | null }>(
      await run(async () => outboxLoader({ request: await get(`/admin/outbox?view=${row!.id}`, admin.id), params: {}, context })),
    );
    expect(page.data.captured).toBe(true);
    expect(page.data.message?.body).toBe("Only the admin reads this.");
  });

  it("lets the event loop turn between messages, even when none of them awaits anything (captured email)", async () => {
    for (let i = 0; i < 20; i++) queue({ subject: `Captured ${i}` });
    let turns = 0;
    let turning = true;
    const turn = () => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const sent = await processOutbox({ limit: 20 });
    turning = false;
    expect(sent).toMatchObject({ sent: 20, captured: 20 });
    expect(turns).toBeGreaterThanOrEqual(19);
  });

  it("without SMTP outside demo mode, fails the attempt with a clear error", async () => {
    queue();
    expect(await processOutbox({ mailer: null, captureEmail: false })).toMatchObject({ retrying: 1 });
    expect(outboxRows()[0]!.lastError).toMatch(/No SMTP server is configured/);
  });
});

describe("WeCom group robot", () => {
  it("posts the new-request alert as a text message; a refusal is retried", async () => {
    const { requestId, receiptNo, steward, submitter } = await requestWorld();
    db.transaction((tx) => notifyRequestSubmitted(tx, requestId));
    const rows = outboxRows();
    // No receipt email to the submitter (the portal shows the receipt number at once).
    expect(rows.map((r) => `${r.channel}:${r.recipient}`).sort()).toEqual(
      [`email:${steward.email}`, `wecom:${steward.email}`].sort(),
    );
    expect(rows.some((r) => r.recipient === submitter.email)).toBe(false);

    wecom.refuseNext = 1;
    const t0 = new Date();
    expect(await processOutbox({ now: t0, mailer: mailer() })).toMatchObject({ sent: 1, retrying: 1 });
    const failed = outboxRows().find((r) => r.channel === "wecom")!;
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.lastError).toMatch(/errcode 45009/);

    expect(await processOutbox({ now: new Date(t0.getTime() + 60_000), mailer: mailer() })).toMatchObject({ sent: 1 });
    expect(wecom.messages).toEqual([
      {
        msgtype: "text",
        text: {
          content: expect.stringContaining(
            `[RDC Steward] New request ${receiptNo} from Notify Test Centre ${seq}\n\nWork permit for a researcher [`,
          ),
        },
      },
    ]);
    const content = (wecom.messages[0] as { text: { content: string } }).text.content;
    expect(content).toMatch(new RegExp(`\\], urgent\\. Steward: steward \\d+\\.\\nhttp://localhost:3000/requests/${requestId}$`));
    expect(content).not.toContain("do not reply");
    expect(outboxRows().every((r) => r.status === "sent")).toBe(true);
  });

  it("is addressed to the configured webhook (an unknown key is refused by WeCom)", async () => {
    queue({ channel: "wecom", subject: "Test", body: "Body" });
    expect(await processOutbox({ wecomWebhookUrl: WECOM_TEST_URL.replace("test-robot-key", "wrong") })).toMatchObject({
      retrying: 1,
    });
    expect(outboxRows()[0]!.lastError).toMatch(/93000/);
    expect(wecom.messages).toEqual([]);
  });
});

describe("request notifications", () => {
  it("tells the steward of the new request in their language; the submitter gets no receipt email", async () => {
    const { requestId, receiptNo, steward, submitter } = await requestWorld({ stewardLocale: "zh-CN", submitterLocale: "en" });
    db.transaction((tx) => notifyRequestSubmitted(tx, requestId));
    expect(outboxRows().filter((r) => r.recipient === submitter.email)).toEqual([]);
    const toSteward = outboxRows().find((r) => r.recipient === steward.email && r.channel === "email")!;
    expect(toSteward).toMatchObject({ locale: "zh-CN", subject: `【服务管家】新诉求 ${receiptNo}：通知测试中心${seq}` });
    expect(toSteward.body).toContain(`受理编号：${receiptNo}`);
    expect(toSteward.body).toContain("（紧急）");
  });

  it("tells the submitter of status changes (with the reason of a rejection), public replies, never internal notes", async () => {
    const { requestId, receiptNo, submitter, steward } = await requestWorld();
    db.transaction((tx) => {
      tx.insert(requestEvents)
        .values({
          requestId,
          fromStatus: "submitted",
          toStatus: "rejected",
          action: "reject",
          actorId: steward.id,
          at: new Date(),
          onDate: "2026-11-24",
          note: "Outside the scheme.",
        })
        .run();
      notifyRequestStatusChanged(tx, requestId, "rejected");
    });
    const status = outboxRows().find((r) => r.recipient === submitter.email)!;
    expect(status.subject).toBe(`[RDC Steward] Request ${receiptNo}: Rejected`);
    expect(status.body).toContain("Reason: Outside the scheme.");

    db.delete(outbox).run();
    db.transaction((tx) => {
      tx.insert(requestMessages)
        .values({ requestId, authorId: steward.id, visibility: "internal", body: "INTERNAL: do not share" })
        .run();
      notifyPublicReply(tx, requestId);
    });
    expect(outboxRows()).toEqual([]); // no public reply yet: nothing to tell
    db.transaction((tx) => {
      tx.insert(requestMessages)
        .values({ requestId, authorId: steward.id, visibility: "public", body: "The permit office needs your passport copy." })
        .run();
      tx.insert(requestMessages)
        .values({ requestId, authorId: steward.id, visibility: "internal", body: "INTERNAL: do not share" })
        .run();
      notifyPublicReply(tx, requestId);
    });
    const reply = outboxRows();
    expect(reply).toHaveLength(1);
    expect(reply[0]!.body).toContain("The permit office needs your passport copy.");
    expect(JSON.stringify(outboxRows())).not.toContain("INTERNAL");
  });

  it("tells the steward of a dissatisfied rating, with the comment", async () => {
    const { requestId, receiptNo, steward, submitter } = await requestWorld();
    db.transaction((tx) => {
      tx.insert(satisfaction)
        .values({ requestId, rating: "dissatisfied", comment: "Nobody called back.", byId: submitter.id, at: new Date() })
        .run();
      notifyDissatisfied(tx, requestId);
    });
    const [mail] = outboxRows();
    expect(mail).toMatchObject({
      recipient: steward.email,
      subject: `[RDC Steward] Dissatisfied rating on request ${receiptNo}`,
    });
    expect(mail!.body).toContain("Comment: Nobody called back.");
  });
});

describe("daily digest", () => {
  // Thursday 26 Nov 2026, 09:00 in Beijing; "due soon" is 1 working day ahead (Fri 27 Nov).
  const NOW = new Date("2026-11-26T01:00:00Z");

  it("sends each steward their overdue and nearly due requests, checklist items and follow-ups, once a day", async () => {
    db.delete(supportRequests).run();
    const { steward, centreId, requestId, receiptNo } = await requestWorld({ stewardLocale: "en" });
    const idle = await makeUser("steward");
    db.insert(checklistItems)
      .values({
        centreId,
        titleZh: "工作许可",
        titleEn: "Work permits for foreign staff",
        departmentCode: "stc",
        dueOn: "2026-11-20",
        ownerId: steward.id,
      })
      .run();
    db.insert(checklistItems)
      .values({
        centreId,
        titleZh: "远期事项",
        titleEn: "Far away item",
        departmentCode: "stc",
        dueOn: "2026-12-20",
        ownerId: steward.id,
      })
      .run();
    db.insert(checklistItems)
      .values({
        centreId,
        titleZh: "已完成",
        titleEn: "Done item",
        departmentCode: "stc",
        dueOn: "2026-11-01",
        ownerId: steward.id,
        status: "done",
      })
      .run();
    db.insert(followUps)
      .values({ centreId, description: "Send the lab space list", ownerId: steward.id, dueOn: "2026-11-27" })
      .run();
    db.insert(followUps)
      .values({ centreId, description: "Cancelled follow-up", ownerId: steward.id, dueOn: "2026-11-20", status: "cancelled" })
      .run();

    expect(await runDailyJobs(new Date("2026-11-25T23:00:00Z"))).toBeNull(); // 07:00 in Beijing: too early
    expect(outboxRows()).toEqual([]);

    const first = await enqueueDailyDigests(NOW);
    expect(first).toMatchObject({ date: "2026-11-26" });
    const digest = outboxRows().find((r) => r.recipient === steward.email && r.channel === "email")!;
    expect(digest.subject).toBe("[RDC Steward] Your work for Nov 26, 2026: 3 items due");
    expect(digest.body).toContain(
      `OVERDUE since Nov 24, 2026: ${receiptNo} · Work permit for a researcher · Notify Test Centre ${seq}`,
    );
    expect(digest.body).toContain(`http://localhost:3000/requests/${requestId}`);
    expect(digest.body).toContain(`OVERDUE since Nov 20, 2026: Notify Test Centre ${seq}: Work permits for foreign staff`);
    expect(digest.body).toContain(`Due Nov 27, 2026: Notify Test Centre ${seq}: Send the lab space list`);
    expect(digest.body).not.toMatch(/Far away item|Done item|Cancelled follow-up/);
    expect(outboxRows().some((r) => r.recipient === idle.email)).toBe(false);
    // The overdue request also goes to the WeCom group, once.
    const alerts = outboxRows().filter((r) => r.channel === "wecom");
    expect(alerts.map((a) => a.subject)).toEqual([`[RDC Steward] Overdue: request ${receiptNo} (was due Nov 24, 2026)`]);

    // Idempotent for the day, whoever calls it.
    const count = outboxRows().length;
    expect(await enqueueDailyDigests(new Date(NOW.getTime() + 3600_000))).toBeNull();
    expect(await runDailyJobs(new Date(NOW.getTime() + 7200_000))).toBeNull();
    expect(outboxRows()).toHaveLength(count);

    // The next day: a new digest, but no second WeCom alert for the same overdue deadline.
    const next = await enqueueDailyDigests(new Date(NOW.getTime() + 24 * 3600_000));
    expect(next).toMatchObject({ date: "2026-11-27", alerts: 0 });
    expect(outboxRows().filter((r) => r.recipient === steward.email && r.channel === "email")).toHaveLength(2);
    expect(outboxRows().filter((r) => r.channel === "wecom")).toHaveLength(1);
  });

  it("writes the digest in the steward's language", async () => {
    db.delete(supportRequests).run();
    const { steward, receiptNo } = await requestWorld({ stewardLocale: "zh-CN" });
    await enqueueDailyDigests(new Date("2026-12-01T01:00:00Z"));
    const digest = outboxRows().find((r) => r.recipient === steward.email && r.channel === "email")!;
    expect(digest.locale).toBe("zh-CN");
    expect(digest.subject).toMatch(/^【服务管家】2026年12月1日 待办提醒：1 项到期事项$/);
    expect(digest.body).toContain(`【已超期，应于 2026年11月24日 完成】${receiptNo}`);
  });
});

describe("the worker", () => {
  it("sends due messages on its interval in the background, once started, until stopped", async () => {
    queue({ subject: "Sent by the worker" });
    const worker = startOutboxWorker({ intervalMs: 50 });
    try {
      expect(startOutboxWorker()).toBe(worker); // one worker per process
      await expect
        .poll(() => db.select().from(outbox).where(eq(outbox.subject, "Sent by the worker")).get()?.status, { timeout: 5000 })
        .toBe("sent");
    } finally {
      worker.stop();
    }
    queue({ subject: "After the stop" });
    await new Promise((r) => setTimeout(r, 200));
    expect(db.select().from(outbox).where(eq(outbox.subject, "After the stop")).get()?.status).toBe("pending");
  });

  it("drains all that is due on request, after a tick under way instead of taking turns with it", async () => {
    const since = new Date();
    for (let i = 0; i < 45; i++) queue({ subject: `Drained ${i}` });
    const worker = startOutboxWorker({ intervalMs: 60_000 }); // its first tick starts at once
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await drainOutbox();
      const drained = outboxRows().filter((row) => row.subject.startsWith("Drained "));
      expect(drained.filter((row) => row.status !== "sent" || row.attempts !== 1)).toEqual([]);
      expect(sentSince(since)).toBeGreaterThanOrEqual(45);
    } finally {
      worker.stop();
    }
  });
});

describe("the admin's outbox list", () => {
  it("says when it stopped at a full page, with the page size in its data (the browser has no .server module)", async () => {
    const admin = await makeUser("admin");
    const before = db.select().from(outbox).all().length;
    const open = async () =>
      payload<{ rows: unknown[]; cut: number | null }>(
        await run(async () => outboxLoader({ request: await get("/admin/outbox", admin.id), params: {}, context })),
      ).data;
    if (before < OUTBOX_PAGE_SIZE) expect((await open()).cut).toBeNull();
    for (let i = before; i < OUTBOX_PAGE_SIZE + 1; i++) queue({ subject: `Page filler ${i}` });
    const full = await open();
    expect(full.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(full.cut).toBe(OUTBOX_PAGE_SIZE);
  });
});
