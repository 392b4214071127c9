import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { action as interactionAction } from "~/routes/centres.$centreId_.interactions.new";
import { db } from "~/utils/db.server";
import { context, makeUser, payload, post, run } from "../helpers/requests";

const pragma = (statement: string) => db.$client.pragma(statement, { simple: true }) as number;
let limited = false;

afterEach(() => {
  if (limited) pragma("max_page_count = 4294967294");
  limited = false;
});

describe("a full disk", () => {
  it("answers a write that cannot be stored with 507 'out of space', saving nothing and breaking nothing", async () => {
    const steward = await makeUser("steward");
    const centreId = insertCentre(db, {
      nameZh: "空间中心",
      nameEn: "Space Centre",
      parentCompany: "S",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(7_100_001),
      leadStewardId: steward.id,
    });
    const count = () => db.get<{ n: number }>(sql`select count(*) as n from interactions where centre_id = ${centreId}`).n;
    // The database may not grow by a single page: what SQLite answers when the disk is full.
    pragma("wal_checkpoint(TRUNCATE)");
    limited = true;
    pragma(`max_page_count = ${pragma("page_count")}`);
    let refused: Response | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const result = await run(async () =>
        interactionAction({
          request: await post(
            `/centres/${centreId}/interactions/new`,
            { kind: "call", occurred_on: "2026-11-02", occurred_time: "10:00", summary: `Call ${i} ${"长".repeat(4_000)}` },
            { userId: steward.id },
          ),
          params: { centreId },
          context,
        }),
      );
      if (result instanceof Response && result.status !== 302) refused = result;
      else expect(result instanceof Response ? result.status : payload(result).status).toBe(302);
    }
    expect(refused?.status).toBe(507);
    expect(await refused!.text()).toBe("outOfSpace");
    const saved = count();
    pragma("max_page_count = 4294967294");
    limited = false;
    // Space again: the next write goes through and the refused one left nothing half-written.
    expect(count()).toBe(saved);
    const after = await run(async () =>
      interactionAction({
        request: await post(
          `/centres/${centreId}/interactions/new`,
          { kind: "call", occurred_on: "2026-11-02", occurred_time: "10:00", summary: "After the disk was freed" },
          { userId: steward.id },
        ),
        params: { centreId },
        context,
      }),
    );
    expect((after as Response).status).toBe(302);
    expect(count()).toBe(saved + 1);
  });
});
