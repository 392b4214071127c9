import { describe, expect, it } from "vitest";
import { insertCentre, insertClosedRequest, insertRequest, makeUscc } from "../../db/factories";
import { recordAudit } from "~/models/audit.server";
import { AUDIT_PAGE_SIZE, TIMELINE_PAGE_SIZE } from "~/models/centre-timeline.server";
import { PORTAL_REQUESTS_PAGE_SIZE } from "~/models/support-request.server";
import { loader as centreLoader } from "~/routes/centres.$centreId";
import { loader as portalLoader } from "~/routes/portal._index";
import { loader as queueLoader } from "~/routes/requests._index";
import { eq } from "drizzle-orm";
import { supportRequests } from "../../db/schema";
import { db } from "~/utils/db.server";
import { context, get, makeUser } from "../helpers/requests";

// Issue 14, goal 3: a centre's requests, its timeline and audit trail, and the portal's request
// list are paged, a page is bounded whatever the centre holds, and following "older" reaches
// every row exactly once.

const REQUESTS = 130;
let n = 0;

async function busyCentre() {
  n += 1;
  const steward = await makeUser("steward");
  const centreId = insertCentre(db, {
    nameZh: `繁忙中心${n}`,
    nameEn: `Busy Centre ${n}`,
    parentCompany: "B",
    countryCode: "JP",
    districtCode: "haidian",
    uscc: makeUscc(4_300_000 + n),
    leadStewardId: steward.id,
  });
  const enterprise = await makeUser("enterprise", { centreId });
  const ids: string[] = [];
  db.transaction((tx) => {
    for (let i = 0; i < REQUESTS; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 3_600_000); // three at the same instant: ties
      const id = insertClosedRequest(tx, {
        receiptNo: `RQ-2026-${String(800_000 + n * 1000 + i)}`,
        centreId,
        submitterId: enterprise.id,
        title: `Question ${i}`,
        submittedOn: "2026-01-01",
        deadlines: { acceptDueOn: "2026-01-02", firstContactDueOn: "2026-01-05", answerDueOn: "2026-01-08" },
        createdAt: at,
      });
      ids.push(id);
    }
  });
  for (let i = 0; i < 60; i++)
    recordAudit(db, {
      actorId: steward.id,
      entity: "centre",
      entityId: centreId,
      action: "update",
      changes: [{ field: "notes", before: `${i}`, after: `${i + 1}` }],
    });
  return { steward, enterprise, centreId, ids };
}

type CentrePage = {
  timeline: {
    page: number;
    hasOlder: boolean;
    events: unknown[];
    audit: { id: number }[];
    extras: unknown[];
    requests: { id: string }[];
  };
  audit: { page: number; hasOlder: boolean; rows: { id: number }[] };
};

async function centrePage(userId: string, centreId: string, query = "") {
  return (await centreLoader({
    request: await get(`/centres/${centreId}${query}`, userId),
    params: { centreId },
    context,
  })) as unknown as CentrePage;
}

describe("the centre page", () => {
  it("shows one bounded page of its timeline, and the older pages reach every request once", async () => {
    const { steward, centreId, ids } = await busyCentre();
    const seen: string[] = [];
    let pages = 0;
    for (let page = 0; ; page++) {
      const { timeline } = await centrePage(steward.id, centreId, page ? `?page=${page}` : "");
      const size = timeline.events.length + timeline.audit.length + timeline.extras.length + timeline.requests.length;
      expect(size).toBeLessThanOrEqual(TIMELINE_PAGE_SIZE);
      seen.push(...timeline.requests.map((r) => r.id));
      pages++;
      if (!timeline.hasOlder) break;
      expect(size).toBe(TIMELINE_PAGE_SIZE);
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("pages a filtered timeline (requests only) the same way", async () => {
    const { steward, centreId, ids } = await busyCentre();
    const first = await centrePage(steward.id, centreId, "?show=request");
    expect(first.timeline.requests).toHaveLength(TIMELINE_PAGE_SIZE);
    expect(first.timeline.audit).toHaveLength(0);
    const seen = [...first.timeline.requests.map((r) => r.id)];
    for (let page = 1; page < 10; page++) {
      const { timeline } = await centrePage(steward.id, centreId, `?show=request&page=${page}`);
      seen.push(...timeline.requests.map((r) => r.id));
      if (!timeline.hasOlder) break;
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("pages its audit trail, every row once", async () => {
    const { steward, centreId } = await busyCentre();
    const seen: number[] = [];
    for (let page = 0; page < 20; page++) {
      const { audit } = await centrePage(steward.id, centreId, page ? `?auditPage=${page}` : "");
      expect(audit.rows.length).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
      seen.push(...audit.rows.map((a) => a.id));
      if (!audit.hasOlder) break;
    }
    // The centre's create row (insertCentre) and the 60 updates.
    expect(seen.length).toBeGreaterThanOrEqual(60);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("reads a nonsense page number as the first page", async () => {
    const { steward, centreId } = await busyCentre();
    const page = await centrePage(steward.id, centreId, "?page=-3&auditPage=abc");
    expect(page.timeline.page).toBe(0);
    expect(page.audit.page).toBe(0);
  });
});

describe("the portal", () => {
  it("lists its own requests a page at a time, and the older pages reach every one once", async () => {
    const { enterprise, ids } = await busyCentre();
    const seen: string[] = [];
    for (let page = 0; page < 20; page++) {
      const data = (await portalLoader({
        request: await get(`/portal${page ? `?page=${page}` : ""}`, enterprise.id),
        params: {},
        context,
      })) as unknown as { requests: { page: number; hasOlder: boolean; rows: { id: string }[] } };
      expect(data.requests.rows.length).toBeLessThanOrEqual(PORTAL_REQUESTS_PAGE_SIZE);
      seen.push(...data.requests.rows.map((r) => r.id));
      if (!data.requests.hasOlder) break;
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });
});

describe("the request queue", () => {
  it("shows 50 requests a page, and the next pages reach every matching request once", async () => {
    const { steward, centreId, ids } = await busyCentre();
    const seen: string[] = [];
    for (let page = 0; page < 20; page++) {
      const data = (await queueLoader({
        request: await get(`/requests?all=1&centre=${centreId}${page ? `&page=${page}` : ""}`, steward.id),
        params: {},
        context,
      })) as unknown as { rows: { id: string }[]; hasMore: boolean };
      expect(data.rows.length).toBeLessThanOrEqual(50);
      seen.push(...data.rows.map((r) => r.id));
      if (!data.hasMore) break;
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("pages the open requests with deadlines, then those without, in the queue's order at any depth", async () => {
    const { steward, enterprise, centreId, ids: closed } = await busyCentre();
    // Open requests: accepted ones run to a deadline (ties on deadline and on the instant), referred ones have none.
    const open = db.transaction((tx) =>
      Array.from({ length: 75 }, (_, i) =>
        insertRequest(tx, {
          receiptNo: `RQ-2026-${String(900_000 + n * 1000 + i)}`,
          centreId,
          submitterId: enterprise.id,
          title: `Open ${i}`,
          submittedOn: "2026-02-01",
          status: i % 5 === 4 ? "referred" : "accepted",
          deadlines: { acceptDueOn: "2026-02-02", firstContactDueOn: `2026-02-1${i % 3}`, answerDueOn: "2026-03-01" },
          createdAt: new Date(Date.UTC(2026, 1, 1) + Math.floor(i / 4) * 60_000),
        }),
      ),
    );
    const stored = db
      .select({ id: supportRequests.id, deadline: supportRequests.currentDeadlineOn, createdAt: supportRequests.createdAt })
      .from(supportRequests)
      .where(eq(supportRequests.centreId, centreId))
      .all();
    // The queue's order, stated independently: dated first by deadline, then newest first, then id (descending).
    const expected = stored
      .sort(
        (a, b) =>
          (a.deadline === null ? 1 : 0) - (b.deadline === null ? 1 : 0) ||
          (a.deadline ?? "").localeCompare(b.deadline ?? "") ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .map((r) => r.id);
    expect(expected).toHaveLength(open.length + closed.length);
    const pageOf = async (page: number, query = "all=1") =>
      (await queueLoader({
        request: await get(`/requests?${query}&centre=${centreId}&page=${page}`, steward.id),
        params: {},
        context,
      })) as unknown as { rows: { id: string }[]; hasMore: boolean };
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const data = await pageOf(page);
      seen.push(...data.rows.map((r) => r.id));
      if (!data.hasMore) break;
    }
    expect(seen).toEqual(expected);
    // A page past the end is empty, and says there is nothing after it.
    expect(await pageOf(99_999)).toMatchObject({ rows: [], hasMore: false });
    // The open requests alone: the same order without the closed ones.
    const openOnly = await pageOf(1, "status=");
    expect(openOnly.rows.map((r) => r.id)).toEqual(expected.filter((id) => open.includes(id)).slice(50, 100));
  });
});
