import { afterEach, describe, expect, it, vi } from "vitest";
import { insertCentre, insertClosedRequest, makeUscc } from "../../db/factories";
import { recordAudit } from "~/models/audit.server";
import { loader as centreLoader } from "~/routes/centres.$centreId";
import { db } from "~/utils/db.server";
import { context, get, makeUser } from "../helpers/requests";

// The timeline dates every entry by Beijing's calendar, as it dates interactions and centre
// events: a request or an edit made at 04:00 Beijing time (20:00 UTC the day before) is shown
// on the Beijing day, not the UTC one.

const EARLY_MORNING_IN_BEIJING = new Date("2026-01-01T20:00:00Z"); // 2026-01-02 04:00 in Beijing

afterEach(() => {
  vi.useRealTimers();
});

type Page = { timeline: { audit: { action: string; date: string }[]; requests: { id: string; date: string }[] } };

describe("the centre timeline", () => {
  it("dates requests and record edits by the Beijing day", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "早班中心",
      nameEn: "Early Centre",
      parentCompany: "E",
      countryCode: "DE",
      districtCode: "chaoyang",
      uscc: makeUscc(4_390_001),
      leadStewardId: steward.id,
    });
    const enterprise = await makeUser("enterprise", { centreId });
    const requestId = insertClosedRequest(db, {
      receiptNo: "RQ-2026-990001",
      centreId,
      submitterId: enterprise.id,
      title: "Early question",
      submittedOn: "2026-01-02",
      deadlines: { acceptDueOn: "2026-01-05", firstContactDueOn: "2026-01-06", answerDueOn: "2026-01-09" },
      createdAt: EARLY_MORNING_IN_BEIJING,
    });
    vi.useFakeTimers({ toFake: ["Date"], now: EARLY_MORNING_IN_BEIJING });
    recordAudit(db, {
      actorId: steward.id,
      entity: "centre",
      entityId: centreId,
      action: "update",
      changes: [{ field: "notes", before: "a", after: "b" }],
    });
    vi.useRealTimers();

    const { timeline } = (await centreLoader({
      request: await get(`/centres/${centreId}`, steward.id),
      params: { centreId },
      context,
    })) as unknown as Page;

    expect(timeline.requests.find((r) => r.id === requestId)?.date).toBe("2026-01-02");
    expect(timeline.audit.find((a) => a.action === "update")?.date).toBe("2026-01-02");
  });
});
