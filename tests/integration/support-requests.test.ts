import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { attachments, auditLog, followUps, outbox, requestMessages, supportRequests, users } from "../../db/schema";
import { storedDeadlines } from "~/domain/request-clock";
import crypto from "node:crypto";
import path from "node:path";
import { attachmentPath, attachmentsDir, sweepIncomingAttachments } from "~/models/attachment.server";
import { action as staffNewAction } from "~/routes/requests.new";
import { SUBMIT_LIMIT } from "~/models/request-submission.server";
import { action as newAction } from "~/routes/portal.requests.new";
import { action as portalAction, loader as portalLoader } from "~/routes/portal.requests.$requestId";
import { loader as portalHome } from "~/routes/portal._index";
import { action as staffAction, loader as staffLoader } from "~/routes/requests.$requestId";
import { loader as queueLoader } from "~/routes/requests._index";
import { loader as attachmentLoader } from "~/routes/attachments.$attachmentId";
import { db } from "~/utils/db.server";
import { getSession } from "~/utils/session.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

let n = 0;
async function world() {
  n += 1;
  const steward = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: `诉求中心${n}`,
    nameEn: `Request Centre ${n}`,
    parentCompany: "R",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(3_000_000 + n),
    leadStewardId: steward.id,
  });
  const otherCentreId = insertCentre(db, {
    nameZh: `其他中心${n}`,
    nameEn: `Other Centre ${n}`,
    parentCompany: "O",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(3_500_000 + n),
  });
  const enterprise = await makeUser("enterprise", { centreId, locale: "en" });
  const outsider = await makeUser("enterprise", { centreId: otherCentreId });
  return { steward, centreId, otherCentreId, enterprise, outsider };
}

async function submit(userId: string, fields: Record<string, string | Blob> = {}) {
  const request = await post(
    "/portal/requests/new",
    {
      category: "talent_entry_exit",
      title: "Work permit for a researcher",
      description: "Our new lead scientist needs a work permit.",
      urgency: "normal",
      idempotency_key: `key-${Math.random()}`,
      ...fields,
    },
    { userId },
  );
  return run(() => newAction({ request, params: {}, context }));
}
const idOf = (res: unknown) => (res as Response).headers.get("Location")!.split("/").pop()!;
const staffAct = async (userId: string, id: string, fields: Record<string, string>) =>
  run(async () =>
    staffAction({ request: await post(`/requests/${id}`, fields, { userId }), params: { requestId: id }, context }),
  );
const portalAct = async (userId: string, id: string, fields: Record<string, string>) =>
  run(async () =>
    portalAction({ request: await post(`/portal/requests/${id}`, fields, { userId }), params: { requestId: id }, context }),
  );

afterEach(() => vi.useRealTimers());

/** The flash message a redirect carries. */
async function toastOf(result: unknown) {
  const cookie = (result as Response).headers.get("Set-Cookie")!.split(";")[0]!;
  const session = await getSession(new Request("http://localhost/", { headers: { Cookie: cookie } }));
  return (session.get("toast") as { message: string } | undefined)?.message;
}

describe("submitting a request", () => {
  it("answers repeats of one form (same idempotency key) without using up the submission quota", async () => {
    const { enterprise } = await world();
    const key = `repeat-${Math.random()}`;
    const first = idOf(await submit(enterprise.id, { idempotency_key: key }));
    for (let i = 0; i < SUBMIT_LIMIT.perUser + 5; i++)
      expect(idOf(await submit(enterprise.id, { idempotency_key: key }))).toBe(first);
    // The first submission used one of the quota; the rest of it is still there, and then the limit holds.
    for (let i = 1; i < SUBMIT_LIMIT.perUser; i++) expect((await submit(enterprise.id)) instanceof Response).toBe(true);
    expect(payload(await submit(enterprise.id)).status).toBe(429);
  });

  it("creates one request per idempotency key, with a sequential receipt number, due dates, an audit row and notifications", async () => {
    const { enterprise, steward } = await world();
    const key = `double-${Math.random()}`;
    const first = await submit(enterprise.id, { idempotency_key: key });
    const second = await submit(enterprise.id, { idempotency_key: key });
    expect(idOf(first)).toBe(idOf(second));
    const rows = db.select().from(supportRequests).where(eq(supportRequests.idempotencyKey, key)).all();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.receiptNo).toMatch(/^RQ-\d{4}-\d{6}$/);
    expect(row.status).toBe("submitted");
    expect(row.acceptDueOn! <= row.firstContactDueOn! && row.firstContactDueOn! <= row.answerDueOn!).toBe(true);
    const next = db
      .select()
      .from(supportRequests)
      .where(eq(supportRequests.id, idOf(await submit(enterprise.id))))
      .get()!;
    expect(Number(next.receiptNo.slice(-6))).toBe(Number(row.receiptNo.slice(-6)) + 1);
    expect(db.select().from(auditLog).where(eq(auditLog.entityId, row.id)).all()[0]!.action).toBe("submit");
    // The lead steward hears of the new request; the enterprise gets no receipt email (the portal shows it).
    const mails = db
      .select()
      .from(outbox)
      .all()
      .filter((m) => m.subject.includes(row.receiptNo));
    expect(mails.map((m) => m.recipient)).toEqual([steward.email]);
  });

  it("gives field errors for missing fields", async () => {
    const { enterprise } = await world();
    const { status, data } = payload<{ fieldErrors: Record<string, string> }>(
      await submit(enterprise.id, { title: "", category: "" }),
    );
    expect(status).toBe(400);
    expect(data.fieldErrors).toMatchObject({ title: "validation.required", category: "validation.required" });
  });

  it("stores attachments checked by content outside public/, and refuses disguised, too many or too large files", async () => {
    const { enterprise } = await world();
    const ok = await submit(enterprise.id, { attachments: new File([PNG], "photo.png", { type: "image/png" }) });
    const stored = db
      .select()
      .from(attachments)
      .where(eq(attachments.requestId, idOf(ok)))
      .all();
    expect(stored).toMatchObject([{ fileName: "photo.png", detectedType: "image/png", size: PNG.length }]);
    expect(fs.existsSync(attachmentPath(stored[0]!.storageKey))).toBe(true);
    expect(attachmentPath(stored[0]!.storageKey)).not.toContain("public");

    const disguised = payload<{ fieldErrors: Record<string, string> }>(
      await submit(enterprise.id, {
        attachments: new File(["<script>alert(1)</script>"], "report.pdf", { type: "application/pdf" }),
      }),
    );
    expect(disguised.data.fieldErrors.attachments).toBe("requests.errors.fileType");
    const renamed = payload<{ fieldErrors: Record<string, string> }>(
      await submit(enterprise.id, { attachments: new File([PDF], "image.png", { type: "image/png" }) }),
    );
    expect(renamed.data.fieldErrors.attachments).toBe("requests.errors.fileType");

    const form = await post(
      "/portal/requests/new",
      { category: "tax", title: "x", description: "y", idempotency_key: `k-${Math.random()}` },
      { userId: enterprise.id },
    );
    const body = await form.formData();
    for (let i = 0; i < 6; i++) body.append("attachments", new File([PDF], `f${i}.pdf`));
    const tooMany = await run(() =>
      newAction({
        request: new Request(form.url, { method: "POST", body, headers: { Cookie: form.headers.get("Cookie")! } }),
        params: {},
        context,
      }),
    );
    expect(payload<{ fieldErrors: Record<string, string> }>(tooMany).data.fieldErrors.attachments).toBe(
      "requests.errors.tooManyFiles:5",
    );

    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = payload<{ fieldErrors: Record<string, string> }>(
      await submit(enterprise.id, { attachments: new File([big], "big.pdf") }),
    );
    expect(tooLarge.data.fieldErrors.attachments).toBe("requests.errors.fileTooLarge");
  });
});

describe("attachment files and their rows", () => {
  const incoming = () => {
    const dir = path.join(attachmentsDir(), ".incoming");
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it("keeps no file of a refused or repeated submission, and none half-stored", async () => {
    const { enterprise, steward, otherCentreId } = await world();
    const placed = () =>
      fs.existsSync(attachmentsDir()) ? fs.readdirSync(attachmentsDir()).filter((n) => !n.startsWith(".")).length : 0;
    const before = placed();
    const key = `files-${Math.random()}`;
    await submit(enterprise.id, { idempotency_key: key, attachments: new File([PNG], "a.png", { type: "image/png" }) });
    // The same form again (its files again): the first request answers, the second copy is not kept.
    await submit(enterprise.id, { idempotency_key: key, attachments: new File([PNG], "a.png", { type: "image/png" }) });
    // A steward submitting for a centre they may not handle: refused after the files were checked.
    const refused = await run(async () =>
      staffNewAction({
        request: await post(
          "/requests/new",
          {
            centre_id: otherCentreId,
            category: "tax",
            title: "x",
            description: "y",
            urgency: "normal",
            idempotency_key: `k-${Math.random()}`,
            attachments: new File([PNG], "b.png", { type: "image/png" }),
          },
          { userId: steward.id },
        ),
        params: {},
        context,
      }),
    );
    expect(refused instanceof Response ? refused.status : payload(refused).status).toBe(403);
    expect(placed()).toBe(before + 1);
    expect(incoming()).toEqual([]);
  });

  it("at start, moves a file whose request was saved into place and deletes one whose request was not", async () => {
    const { enterprise } = await world();
    const saved = idOf(await submit(enterprise.id, { attachments: new File([PNG], "c.png", { type: "image/png" }) }));
    const row = db.select().from(attachments).where(eq(attachments.requestId, saved)).get()!;
    // As if the process died between the commit and the move, and during another submission.
    fs.mkdirSync(path.join(attachmentsDir(), ".incoming"), { recursive: true });
    fs.renameSync(attachmentPath(row.storageKey), path.join(attachmentsDir(), ".incoming", row.storageKey));
    const orphan = crypto.randomUUID();
    fs.writeFileSync(path.join(attachmentsDir(), ".incoming", orphan), PNG);
    // Left there two hours ago (a younger one may be another process's upload in flight).
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(path.join(attachmentsDir(), ".incoming", orphan), twoHoursAgo, twoHoursAgo);
    expect(sweepIncomingAttachments()).toEqual({ placed: 1, deleted: 1 });
    expect(fs.readFileSync(attachmentPath(row.storageKey))).toEqual(PNG);
    expect(fs.existsSync(attachmentPath(orphan))).toBe(false);
    expect(incoming()).toEqual([]);
  });
});

describe("handling a request through its lifecycle", () => {
  it("accepts, refers, records the answer, answers; the enterprise closes and rates; a dissatisfied rating opens a follow-up", async () => {
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    expect(((await staffAct(steward.id, id, { intent: "accept" })) as Response).status).toBe(302);
    expect(
      (
        (await staffAct(steward.id, id, {
          intent: "refer",
          department: "public_security",
          note: "Asked the exit-entry office",
        })) as Response
      ).status,
    ).toBe(302);
    expect(db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!.departmentCode).toBe("public_security");
    expect(
      (
        (await staffAct(steward.id, id, {
          intent: "record_department_answer",
          note: "Permit can be issued in 5 days",
        })) as Response
      ).status,
    ).toBe(302);
    expect(((await staffAct(steward.id, id, { intent: "internal_note", body: "SECRET-INTERNAL-NOTE" })) as Response).status).toBe(
      302,
    );
    expect(
      ((await staffAct(steward.id, id, { intent: "answer", body: "Your permit will be issued next week." })) as Response).status,
    ).toBe(302);
    expect(((await portalAct(enterprise.id, id, { intent: "close" })) as Response).status).toBe(302);
    expect(
      ((await portalAct(enterprise.id, id, { intent: "rate", rating: "dissatisfied", comment: "Too slow" })) as Response).status,
    ).toBe(302);
    const row = db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!;
    expect(row.status).toBe("closed");
    expect(row.firstContactAt).not.toBeNull();
    const followUp = db.select().from(followUps).where(eq(followUps.requestId, id)).get()!;
    expect(followUp).toMatchObject({ ownerId: steward.id, status: "open", visibleToEnterprise: false });
    expect(
      payload<{ fieldErrors: Record<string, string> }>(
        await portalAct(enterprise.id, id, { intent: "rate", rating: "satisfied" }),
      ).data.fieldErrors._form,
    ).toBe("requests.errors.alreadyRated");
  });

  it("says what happened in the reader's language, and writes the dissatisfied follow-up in its steward's", async () => {
    const { steward, enterprise } = await world();
    db.update(users).set({ locale: "en" }).where(eq(users.id, steward.id)).run();
    const id = idOf(await submit(enterprise.id));
    const receiptNo = db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!.receiptNo;
    expect(await toastOf(await staffAct(steward.id, id, { intent: "accept" }))).toBe(`Request ${receiptNo} accepted.`);
    expect(await toastOf(await staffAct(steward.id, id, { intent: "refer", department: "public_security", note: "n" }))).toMatch(
      new RegExp(`^Request ${receiptNo} referred to .+; its clock is paused\\.$`),
    );
    expect(await toastOf(await staffAct(steward.id, id, { intent: "record_department_answer", note: "ok" }))).toContain(
      receiptNo,
    );
    expect(await toastOf(await staffAct(steward.id, id, { intent: "answer", body: "Done next week." }))).toBe(
      `Answer sent on request ${receiptNo}.`,
    );
    // The enterprise user reads Chinese this time.
    db.update(users).set({ locale: "zh-CN" }).where(eq(users.id, enterprise.id)).run();
    expect(await toastOf(await portalAct(enterprise.id, id, { intent: "close" }))).toBe(`诉求 ${receiptNo} 已办结。`);
    await portalAct(enterprise.id, id, { intent: "rate", rating: "dissatisfied", comment: "Too slow" });
    expect(db.select().from(followUps).where(eq(followUps.requestId, id)).get()!.description).toBe(
      `Follow up the dissatisfied rating of ${receiptNo}: “Too slow”`,
    );

    // A steward reading Chinese gets the follow-up in Chinese.
    const other = await world();
    const id2 = idOf(await submit(other.enterprise.id));
    const receipt2 = db.select().from(supportRequests).where(eq(supportRequests.id, id2)).get()!.receiptNo;
    for (const intent of ["accept", "answer"]) await staffAct(other.steward.id, id2, { intent, body: "b" });
    await portalAct(other.enterprise.id, id2, { intent: "close" });
    await portalAct(other.enterprise.id, id2, { intent: "rate", rating: "dissatisfied" });
    expect(db.select().from(followUps).where(eq(followUps.requestId, id2)).get()!.description).toBe(
      `回访诉求 ${receipt2} 的不满意评价（企业未填写意见）`,
    );
  });

  it("refuses illegal transitions with a clear message", async () => {
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    const answer = payload<{ fieldErrors: Record<string, string> }>(
      await staffAct(steward.id, id, { intent: "answer", body: "too early" }),
    );
    expect(answer.status).toBe(409);
    expect(answer.data.fieldErrors._form).toBe("requests.errors.illegal_transition");
    expect(payload<{ fieldErrors: Record<string, string> }>(await portalAct(enterprise.id, id, { intent: "close" })).status).toBe(
      409,
    );
    expect(
      payload<{ fieldErrors: Record<string, string> }>(await staffAct(steward.id, id, { intent: "reject", reason: "" })).data
        .fieldErrors.reason,
    ).toBe("validation.required");
    expect(
      payload<{ fieldErrors: Record<string, string> }>(
        await staffAct(steward.id, id, { intent: "refer", department: "moon_office" }),
      ).status,
    ).toBe(409);
    await staffAct(steward.id, id, { intent: "accept" });
    expect(
      payload<{ fieldErrors: Record<string, string> }>(
        await staffAct(steward.id, id, { intent: "refer", department: "moon_office" }),
      ).data.fieldErrors.department,
    ).toBe("validation.unknownCode");
    expect(
      payload<{ fieldErrors: Record<string, string> }>(await portalAct(enterprise.id, id, { intent: "internal_note", body: "x" }))
        .status,
    ).toBe(403);
  });

  it("lets only the centre's steward or an admin handle it; officials read without internal notes", async () => {
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    await staffAct(steward.id, id, { intent: "internal_note", body: "INTERNAL-ONLY-TEXT" });
    const other = await makeUser("steward");
    expect(((await staffAct(other.id, id, { intent: "accept" })) as Response).status).toBe(403);
    const official = await makeUser("official");
    expect(((await staffAct(official.id, id, { intent: "accept" })) as Response).status).toBe(403);
    const officialView = await staffLoader({
      request: await get(`/requests/${id}`, official.id),
      params: { requestId: id },
      context,
    });
    expect(JSON.stringify(officialView)).not.toContain("INTERNAL-ONLY-TEXT");
    const stewardView = await staffLoader({
      request: await get(`/requests/${id}`, steward.id),
      params: { requestId: id },
      context,
    });
    expect(JSON.stringify(stewardView)).toContain("INTERNAL-ONLY-TEXT");
    const admin = await makeUser("admin");
    expect(((await staffAct(admin.id, id, { intent: "accept" })) as Response).status).toBe(302);
  });

  it("pauses the clock while referred: the answer due date moves by the paused working days (2026 National Day)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-09-28T02:00:00Z")); // Monday 10:00 in Beijing
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    const due = () => db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!;
    // Five working days after Mon 28 Sep: 29, 30 Sep, then 8, 9 and the adjusted working Saturday 10 Oct.
    expect(due().answerDueOn).toBe("2026-10-10");
    expect(due().acceptDueOn).toBe("2026-09-29");
    await staffAct(steward.id, id, { intent: "accept" });
    vi.setSystemTime(new Date("2026-09-29T02:00:00Z"));
    await staffAct(steward.id, id, { intent: "refer", department: "public_security" });
    vi.setSystemTime(new Date("2026-10-09T02:00:00Z"));
    await staffAct(steward.id, id, { intent: "record_department_answer", note: "done" });
    // Paused on 29 and 30 Sep and 8 Oct (three working days): due moves to Wed 14 Oct.
    expect(due().answerDueOn).toBe("2026-10-14");
  });

  it("lets the enterprise reopen an answered request within the window, and not after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-02T02:00:00Z"));
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    await staffAct(steward.id, id, { intent: "accept" });
    await staffAct(steward.id, id, { intent: "answer", body: "done" });
    vi.setSystemTime(new Date("2026-11-05T02:00:00Z"));
    expect(((await portalAct(enterprise.id, id, { intent: "reopen", reason: "Not solved" })) as Response).status).toBe(302);
    expect(db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!.status).toBe("in_progress");
    await staffAct(steward.id, id, { intent: "answer", body: "now done" });
    vi.setSystemTime(new Date("2026-12-31T02:00:00Z"));
    expect(
      payload<{ fieldErrors: Record<string, string> }>(await portalAct(enterprise.id, id, { intent: "reopen", reason: "again" }))
        .data.fieldErrors._form,
    ).toBe("requests.errors.reopenWindow");
  });
});

describe("isolation of the portal", () => {
  let ids: { id: string; attachmentId: string; outsiderId: string; enterpriseId: string };
  beforeAll(async () => {
    const { steward, enterprise, outsider } = await world();
    const id = idOf(await submit(enterprise.id, { attachments: new File([PDF], "passport.pdf") }));
    await staffAct(steward.id, id, { intent: "internal_note", body: "NEVER-SHOW-ENTERPRISE" });
    await staffAct(steward.id, id, { intent: "accept" });
    await staffAct(steward.id, id, { intent: "reply", body: "We are on it." });
    const attachmentId = db.select().from(attachments).where(eq(attachments.requestId, id)).get()!.id;
    ids = { id, attachmentId, outsiderId: outsider.id, enterpriseId: enterprise.id };
  });

  it("never sends internal notes to the enterprise, in the page data or anywhere", async () => {
    const data = await portalLoader({
      request: await get(`/portal/requests/${ids.id}`, ids.enterpriseId),
      params: { requestId: ids.id },
      context,
    });
    const json = JSON.stringify(data);
    expect(json).toContain("We are on it.");
    expect(json).not.toContain("NEVER-SHOW-ENTERPRISE");
    expect(json).not.toContain("internal");
    const home = JSON.stringify(await portalHome({ request: await get("/portal", ids.enterpriseId), params: {}, context }));
    expect(home).not.toContain("NEVER-SHOW-ENTERPRISE");
    expect(
      db
        .select()
        .from(requestMessages)
        .where(eq(requestMessages.requestId, ids.id))
        .all()
        .some((m) => m.visibility === "internal"),
    ).toBe(true);
  });

  it("answers 404 to another centre's user guessing the request, its attachment, or acting on it", async () => {
    const page = await run(async () =>
      portalLoader({ request: await get(`/portal/requests/${ids.id}`, ids.outsiderId), params: { requestId: ids.id }, context }),
    );
    expect((page as Response).status).toBe(404);
    const file = await run(async () =>
      attachmentLoader({
        request: await get(`/attachments/${ids.attachmentId}`, ids.outsiderId),
        params: { attachmentId: ids.attachmentId },
        context,
      }),
    );
    expect((file as Response).status).toBe(404);
    const act = await run(async () =>
      portalAction({
        request: await post(`/portal/requests/${ids.id}`, { intent: "reply", body: "hi" }, { userId: ids.outsiderId }),
        params: { requestId: ids.id },
        context,
      }),
    );
    expect((act as Response).status).toBe(404);
    const home = JSON.stringify(await portalHome({ request: await get("/portal", ids.outsiderId), params: {}, context }));
    expect(home).not.toContain(ids.id);
    const staffPage = await run(async () =>
      queueLoader({ request: await get("/requests", ids.outsiderId), params: {}, context }),
    );
    expect((staffPage as Response).status).toBe(403);
  });

  it("serves the attachment to its own enterprise with a download disposition", async () => {
    const res = (await attachmentLoader({
      request: await get(`/attachments/${ids.attachmentId}`, ids.enterpriseId),
      params: { attachmentId: ids.attachmentId },
      context,
    })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });
});

describe("the queue", () => {
  it("lists open requests nearest deadline first and filters overdue", async () => {
    const { steward, enterprise } = await world();
    const id = idOf(await submit(enterprise.id));
    db.update(supportRequests)
      .set(
        storedDeadlines("submitted", { acceptDueOn: "2020-01-02", firstContactDueOn: "2020-01-03", answerDueOn: "2020-01-08" }),
      )
      .where(eq(supportRequests.id, id))
      .run();
    const data = (await queueLoader({
      request: await get(`/requests?due=overdue&steward=${steward.id}`, steward.id),
      params: {},
      context,
    })) as { rows: { id: string; dueState: string }[] };
    expect(data.rows.map((r) => r.id)).toEqual([id]);
    expect(data.rows[0]!.dueState).toBe("overdue");
  });
});
