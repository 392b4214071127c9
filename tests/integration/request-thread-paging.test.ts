import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { requestEvents, requestMessages } from "../../db/schema";
import { REQUEST_THREAD_PAGE_SIZE } from "~/models/support-request.server";
import { loader as portalLoader } from "~/routes/portal.requests.$requestId";
import { action as newAction } from "~/routes/portal.requests.new";
import { loader as staffLoader } from "~/routes/requests.$requestId";
import { db } from "~/utils/db.server";
import { context, get, makeUser, post, run } from "../helpers/requests";

// Issue 14, goal 3: a request page shows its messages and status history a page at a time
// (newest page first, each page oldest first), with plain links to older pages.

const SIZE = REQUEST_THREAD_PAGE_SIZE;
let seq = 0;

async function requestWithLongThread() {
  const steward = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: "长对话中心",
    nameEn: "Long Thread Centre",
    parentCompany: "L",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(3_900_000 + ++seq),
    leadStewardId: steward.id,
  });
  const enterprise = await makeUser("enterprise", { centreId, locale: "en" });
  const request = await post(
    "/portal/requests/new",
    {
      category: "talent_entry_exit",
      title: "A request with many messages",
      description: "We write often.",
      urgency: "normal",
      idempotency_key: `paging-${Math.random()}`,
    },
    { userId: enterprise.id },
  );
  const res = (await run(() => newAction({ request, params: {}, context }))) as Response;
  const id = res.headers.get("Location")!.split("/").pop()!;
  const start = Date.parse("2026-03-02T01:00:00Z");
  // 2·SIZE + 10 messages, every third an internal note; SIZE + 5 more status events.
  for (let i = 0; i < 2 * SIZE + 10; i++)
    db.insert(requestMessages)
      .values({
        requestId: id,
        authorId: i % 2 ? steward.id : enterprise.id,
        visibility: i % 3 === 2 ? "internal" : "public",
        body: `message ${i}`,
        createdAt: new Date(start + i * 60_000),
      })
      .run();
  for (let i = 0; i < SIZE + 5; i++)
    db.insert(requestEvents)
      .values({
        requestId: id,
        fromStatus: "in_progress",
        toStatus: "in_progress",
        action: `paging test ${i}`,
        actorId: steward.id,
        at: new Date(start + i * 60_000),
        onDate: "2026-03-02",
      })
      .run();
  return { id, steward, enterprise };
}

type Page = {
  supportRequest: {
    messages: { body: string; visibility?: string }[];
    history: { at: string | Date }[];
    paging: { messages: { page: number; hasOlder: boolean }; history: { page: number; hasOlder: boolean } };
  };
};

describe("a request page's messages and status history, paged", () => {
  it("shows staff the newest page of messages first, oldest first within it, and every message once across the pages", async () => {
    const { id, steward } = await requestWithLongThread();
    const staffPage = async (query: string) =>
      (await staffLoader({
        request: await get(`/requests/${id}${query}`, steward.id),
        params: { requestId: id },
        context,
      })) as Page;

    const first = await staffPage("");
    expect(first.supportRequest.messages).toHaveLength(SIZE);
    expect(first.supportRequest.messages.at(-1)!.body).toBe(`message ${2 * SIZE + 9}`);
    expect(first.supportRequest.messages[0]!.body).toBe(`message ${SIZE + 10}`);
    expect(first.supportRequest.paging.messages).toEqual({ page: 0, hasOlder: true });

    const pages = [first, await staffPage("?messagesPage=1"), await staffPage("?messagesPage=2")];
    expect(pages[2]!.supportRequest.paging.messages).toEqual({ page: 2, hasOlder: false });
    const all = pages
      .reverse()
      .flatMap((p) => p.supportRequest.messages.map((m) => m.body))
      .filter((b) => b.startsWith("message "));
    expect(all).toEqual(Array.from({ length: 2 * SIZE + 10 }, (_, i) => `message ${i}`));
    // A page number that is not one is the first page.
    expect((await staffPage("?messagesPage=abc")).supportRequest.paging.messages.page).toBe(0);
  });

  it("pages the status history the same way, independently of the messages", async () => {
    const { id, steward } = await requestWithLongThread();
    const total = db.select({ id: requestEvents.id }).from(requestEvents).where(eq(requestEvents.requestId, id)).all().length;
    const load = async (query: string) =>
      (await staffLoader({
        request: await get(`/requests/${id}${query}`, steward.id),
        params: { requestId: id },
        context,
      })) as Page;
    const first = await load("?messagesPage=1");
    expect(first.supportRequest.paging.messages.page).toBe(1);
    expect(first.supportRequest.history).toHaveLength(SIZE);
    expect(first.supportRequest.paging.history).toEqual({ page: 0, hasOlder: true });
    const times = first.supportRequest.history.map((h) => new Date(h.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const older = await load("?historyPage=1");
    expect(older.supportRequest.history).toHaveLength(total - SIZE);
    expect(older.supportRequest.paging.history).toEqual({ page: 1, hasOlder: false });
    expect(new Date(older.supportRequest.history.at(-1)!.at).getTime()).toBeLessThanOrEqual(times[0]!);
  });

  it("pages the enterprise's view over public messages only", async () => {
    const { id, enterprise } = await requestWithLongThread();
    const allCount = db
      .select({ id: requestMessages.id })
      .from(requestMessages)
      .where(eq(requestMessages.requestId, id))
      .all().length;
    const load = async (query: string) =>
      (await portalLoader({
        request: await get(`/portal/requests/${id}${query}`, enterprise.id),
        params: { requestId: id },
        context,
      })) as Page;
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const data = await load(page ? `?messagesPage=${page}` : "");
      expect(data.supportRequest.messages.length).toBeLessThanOrEqual(SIZE);
      seen.unshift(...data.supportRequest.messages.map((m) => m.body));
      if (!data.supportRequest.paging.messages.hasOlder) break;
    }
    const expected = Array.from({ length: 2 * SIZE + 10 }, (_, i) => i)
      .filter((i) => i % 3 !== 2)
      .map((i) => `message ${i}`);
    expect(seen.filter((b) => b.startsWith("message "))).toEqual(expected);
    // The internal notes exist, on no page.
    expect(allCount).toBe(2 * SIZE + 10);
  });
});
