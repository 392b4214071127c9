import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { supportRequests } from "../../db/schema";
import { action as newAction } from "~/routes/portal.requests.new";
import { loader as portalLoader } from "~/routes/portal.requests.$requestId";
import { loader as portalHome } from "~/routes/portal._index";
import { action as staffAction, loader as staffLoader } from "~/routes/requests.$requestId";
import { db } from "~/utils/db.server";
import { context, get, makeUser, post, run } from "../helpers/requests";

let n = 0;
async function world() {
  n += 1;
  const steward = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: `时钟中心${n}`,
    nameEn: `Clock Centre ${n}`,
    parentCompany: "C",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(3_800_000 + n),
    leadStewardId: steward.id,
  });
  const enterprise = await makeUser("enterprise", { centreId, locale: "en" });
  return { steward, enterprise };
}
const at = (iso: string) => vi.setSystemTime(new Date(iso));
async function submit(userId: string) {
  const request = await post(
    "/portal/requests/new",
    {
      category: "talent_entry_exit",
      title: "Clock",
      description: "Clock test",
      urgency: "normal",
      idempotency_key: `key-${Math.random()}`,
    },
    { userId },
  );
  return ((await run(() => newAction({ request, params: {}, context }))) as Response).headers.get("Location")!.split("/").pop()!;
}
const staffAct = async (userId: string, id: string, fields: Record<string, string>) =>
  run(async () =>
    staffAction({ request: await post(`/requests/${id}`, fields, { userId }), params: { requestId: id }, context }),
  );

type MilestoneData = {
  key: string;
  kind: string;
  late: boolean;
  dueOn: string | null;
  metOn: string | null;
  state: string | null;
};

afterEach(() => vi.useRealTimers());

describe("the request clock through the pages", () => {
  it("a referral after a late acceptance leaves the acceptance late and met; the enterprise is promised the answer date", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at("2026-03-02T02:00:00Z"); // Mon 2 Mar 2026, 10:00 Beijing
    const { steward, enterprise } = await world();
    const id = await submit(enterprise.id);
    const row = () => db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!;
    expect(row()).toMatchObject({ acceptDueOn: "2026-03-03", firstContactDueOn: "2026-03-04", answerDueOn: "2026-03-09" });

    const portal = async () =>
      (await portalLoader({
        request: await get(`/portal/requests/${id}`, enterprise.id),
        params: { requestId: id },
        context,
      })) as unknown as { commitment: unknown; milestones: MilestoneData[] };
    expect((await portal()).commitment).toEqual({ kind: "answer_by", date: "2026-03-09", state: "on_time" });

    at("2026-03-05T02:00:00Z"); // Thu: accepted late, referred the same day
    await staffAct(steward.id, id, { intent: "accept" });
    await staffAct(steward.id, id, { intent: "refer", department: "public_security" });
    expect(row().acceptDueOn).toBe("2026-03-03");
    // The same label, the answer's due date, while referred: a lower bound that moves.
    expect((await portal()).commitment).toEqual({ kind: "answer_by_paused", date: "2026-03-10" });
    at("2026-03-10T02:00:00Z");
    await staffAct(steward.id, id, { intent: "record_department_answer", note: "done" });
    expect(row()).toMatchObject({ acceptDueOn: "2026-03-03", firstContactDueOn: "2026-03-04", answerDueOn: "2026-03-12" });

    const staff = (await staffLoader({
      request: await get(`/requests/${id}`, steward.id),
      params: { requestId: id },
      context,
    })) as unknown as { milestones: MilestoneData[] };
    expect(staff.milestones.map((m) => [m.key, m.kind, m.late, m.metOn])).toEqual([
      ["accept", "met", true, "2026-03-05"],
      ["firstContact", "met", true, "2026-03-05"],
      ["answer", "pending", false, null],
    ]);
    expect((await portal()).commitment).toEqual({ kind: "answer_by", date: "2026-03-12", state: "on_time" });

    at("2026-03-11T02:00:00Z");
    await staffAct(steward.id, id, { intent: "answer", body: "Here is the answer." });
    await staffAct(steward.id, id, { intent: "close" });
    const closed = (await staffLoader({
      request: await get(`/requests/${id}`, steward.id),
      params: { requestId: id },
      context,
    })) as unknown as { milestones: MilestoneData[] };
    expect(closed.milestones.every((m) => m.kind === "met" && m.state === null)).toBe(true);
    expect(closed.milestones.at(-1)).toMatchObject({ metOn: "2026-03-11", late: false });
    const home = (await portalHome({ request: await get("/portal", enterprise.id), params: {}, context })) as unknown as {
      requests: { rows: { id: string; commitment: unknown }[] };
    };
    expect(home.requests.rows.find((r) => r.id === id)!.commitment).toEqual({
      kind: "answered",
      date: "2026-03-11",
      late: false,
    });
  });

  it("a referral on the submission day adds no day", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at("2026-03-02T02:00:00Z");
    const { steward, enterprise } = await world();
    const id = await submit(enterprise.id);
    await staffAct(steward.id, id, { intent: "accept" });
    await staffAct(steward.id, id, { intent: "refer", department: "public_security" });
    at("2026-03-03T02:00:00Z");
    await staffAct(steward.id, id, { intent: "record_department_answer", note: "done" });
    expect(db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!.answerDueOn).toBe("2026-03-09");
  });
});
