import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { followUps, outbox, users } from "../../db/schema";
import { DIGEST_LINES, enqueueDailyDigests } from "~/models/daily-digest.server";
import { db } from "~/utils/db.server";
import { makeUser } from "../helpers/requests";

let seq = 0;

/** Stewards with one overdue follow-up each on a centre they lead: each has a digest to get. */
async function stewardsWithWork(count: number) {
  const stewards = [];
  for (let i = 0; i < count; i++) {
    const steward = await makeUser("steward", { locale: "en" });
    seq += 1;
    const centreId = insertCentre(db, {
      nameZh: `摘要测试中心${seq}`,
      nameEn: `Digest Test Centre ${seq}`,
      parentCompany: "Digest",
      countryCode: "US",
      districtCode: "haidian",
      uscc: makeUscc(7_000_000 + seq),
      leadStewardId: steward.id,
    });
    db.insert(followUps)
      .values({ centreId, description: `Send the lab list ${seq}`, ownerId: steward.id, dueOn: "2026-01-05" })
      .run();
    stewards.push(steward);
  }
  return stewards;
}

const digestsTo = (emails: string[]) =>
  db
    .select({ recipient: outbox.recipient })
    .from(outbox)
    .where(and(eq(outbox.channel, "email"), inArray(outbox.recipient, emails)))
    .all()
    .map((r) => r.recipient);

describe("the daily digest does not hold the server", () => {
  it("writes one steward's digest per transaction and hands the event loop back between stewards", async () => {
    const stewards = await stewardsWithWork(3);
    const emails = stewards.map((s) => s.email);
    // What had been queued each time the run paused.
    const atPauses: number[] = [];
    const run = await enqueueDailyDigests(new Date("2026-02-02T01:00:00Z"), {
      pause: async () => {
        atPauses.push(digestsTo(emails).length);
      },
    });
    expect(run).toMatchObject({ date: "2026-02-02" });
    expect(digestsTo(emails).sort()).toEqual([...emails].sort());
    // Every steward's digest was written between two pauses, never several in one go.
    const mine = atPauses.filter((n, i) => i === 0 || n !== atPauses[i - 1]);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < atPauses.length; i++) expect(atPauses[i]! - atPauses[i - 1]!).toBeLessThanOrEqual(1);
    expect(atPauses.at(-1)).toBe(3);
  });

  it("reports its progress after each steward, counting only those still to do today", async () => {
    const stewards = await stewardsWithWork(2);
    const emails = stewards.map((s) => s.email);
    const day = new Date("2026-02-04T01:00:00Z");
    const heard: { done: number; of: number; digests: number }[] = [];
    await enqueueDailyDigests(day, { progress: (p) => heard.push(p) });
    const of = heard[0]!.of;
    expect(of).toBeGreaterThanOrEqual(2);
    expect(heard.map((p) => p.done)).toEqual(Array.from({ length: of }, (_, i) => i + 1));
    expect(heard.every((p) => p.of === of)).toBe(true);
    expect(heard.at(-1)!.digests).toBeGreaterThanOrEqual(2);
    expect(digestsTo(emails).sort()).toEqual([...emails].sort());
    // A repeat the same day has nothing to do and nothing to report.
    heard.length = 0;
    expect(await enqueueDailyDigests(day, { progress: (p) => heard.push(p) })).toBeNull();
    expect(heard).toEqual([]);
  });

  it("a run that stopped half-way is finished by the next one, and no steward gets a second digest", async () => {
    const stewards = await stewardsWithWork(3);
    const emails = stewards.map((s) => s.email);
    const day = new Date("2026-02-03T01:00:00Z");
    // The process ends once the first of these stewards has had their digest.
    const crash = new Error("the process ended");
    await expect(
      enqueueDailyDigests(day, {
        pause: async () => {
          if (digestsTo(emails).length >= 1) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const first = digestsTo(emails);
    expect(first).toHaveLength(1);
    const marked = db.select({ digestOn: users.digestOn }).from(users).where(eq(users.email, first[0]!)).get();
    expect(marked?.digestOn).toBe("2026-02-03");

    // The next tick runs it again: the two others get theirs, the first no second one.
    expect(await enqueueDailyDigests(day)).toMatchObject({ date: "2026-02-03" });
    expect(digestsTo(emails).sort()).toEqual([...emails].sort());
    // And the day is done.
    expect(await enqueueDailyDigests(day)).toBeNull();
    expect(digestsTo(emails)).toHaveLength(3);
  });

  it(`lists at most ${DIGEST_LINES} items a section, counting the rest with the link to the work list`, async () => {
    const [steward] = await stewardsWithWork(1);
    const centre = db.select({ centreId: followUps.centreId }).from(followUps).where(eq(followUps.ownerId, steward!.id)).get()!;
    for (let i = 0; i < DIGEST_LINES + 4; i++)
      db.insert(followUps)
        .values({ centreId: centre.centreId, description: `Extra ${i}`, ownerId: steward!.id, dueOn: "2026-01-06" })
        .run();
    await enqueueDailyDigests(new Date("2026-02-04T01:00:00Z"));
    const digest = db
      .select({ body: outbox.body })
      .from(outbox)
      .where(and(eq(outbox.recipient, steward!.email), eq(outbox.channel, "email")))
      .get()!;
    expect(digest.body).toContain(`Follow-ups (${DIGEST_LINES + 5})`);
    expect(digest.body.match(/^- OVERDUE/gm)).toHaveLength(DIGEST_LINES);
    expect(digest.body).toContain("… and 5 more: http://localhost:3000/work");
  });
});
