import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { centreEvents, centres } from "../../db/schema";
import { makeUscc } from "../../db/factories";
import { countRecognised, recognisedOn, upgradesBetween } from "~/domain/counting";
import { listCountingEvents } from "~/models/centre.server";
import { listCentreEvents } from "~/models/centre-events.server";
import { action as newAction } from "~/routes/centres.new";
import { action as pageAction } from "~/routes/centres.$centreId";
import { db } from "~/utils/db.server";
import { context, makeUser, payload, post, run } from "../helpers/requests";

let uscc = 930_000;

async function newCentre(stewardId: string) {
  const fields = {
    name_zh: "历史测试研发中心",
    name_en: "History Test R&D Centre",
    uscc: makeUscc(uscc++),
    parent_company: "History AG",
    country: "CH",
    district: "haidian",
    industries: "health_pharma",
    type: "rd_innovation_centre",
    level: "regional",
    stage: "landed",
  };
  const res = await run(async () =>
    newAction({ request: await post("/centres/new", fields, { userId: stewardId }), params: {}, context }),
  );
  return (res as Response).headers.get("Location")!.split("/").pop()!;
}

async function record(stewardId: string, id: string, fields: Record<string, string>) {
  return payload<{ fieldErrors?: Record<string, string> }>(
    await run(async () =>
      pageAction({ request: await post(`/centres/${id}`, fields, { userId: stewardId }), params: { centreId: id }, context }),
    ),
  );
}

const recognition = (on: string, level = "regional", batch = "3") => ({
  intent: "recognised",
  batch,
  level,
  effective_on: on,
  document_ref: `京商研认 ${on}`,
});
const levelChange = (on: string, level: string) => ({ intent: "level", level, effective_on: on, document_ref: `提级 ${on}` });

function eventsOf(id: string) {
  return listCountingEvents().filter((e) => e.centreId === id);
}

describe("a centre's history holds whatever order it is typed in", () => {
  it.each([
    ["level change first", [levelChange("2024-05-06", "global"), recognition("2024-05-06")]],
    ["recognition first", [recognition("2024-05-06"), levelChange("2024-05-06", "global")]],
  ])("a same-day recognition (regional) and upgrade to global, %s: global everywhere", async (_label, steps) => {
    const steward = await makeUser("steward");
    const id = await newCentre(steward.id);
    for (const step of steps) expect((await record(steward.id, id, step)).status).toBe(302);
    expect(db.select({ level: centres.level }).from(centres).where(eq(centres.id, id)).get()!.level).toBe("global");
    const events = eventsOf(id);
    expect(recognisedOn(events, "2024-05-06")[0]).toMatchObject({ recognised: true, level: "global" });
    expect(upgradesBetween(events, "2024-01-01", "2024-12-31")).toEqual([
      { centreId: id, effectiveOn: "2024-05-06", from: "regional", to: "global" },
    ]);
    const stored = db
      .select({ kind: centreEvents.kind, fromLevel: centreEvents.fromLevel })
      .from(centreEvents)
      .where(eq(centreEvents.centreId, id))
      .all();
    expect(stored).toContainEqual({ kind: "level_changed", fromLevel: "regional" });
  });

  it("a same-day upgrade stored before its recognition (legacy data) still counts as global and the cache agrees", async () => {
    const steward = await makeUser("steward");
    const id = await newCentre(steward.id);
    // Rows as an older version let them be typed: the level change recorded first.
    db.insert(centreEvents)
      .values({
        centreId: id,
        kind: "level_changed",
        effectiveOn: "2024-05-06",
        fromLevel: "global",
        toLevel: "global",
        recordedAt: new Date("2024-05-07T01:00:00Z"),
      })
      .run();
    db.insert(centreEvents)
      .values({
        centreId: id,
        kind: "recognised",
        effectiveOn: "2024-05-06",
        batch: 5,
        toLevel: "regional",
        recordedAt: new Date("2024-05-07T02:00:00Z"),
      })
      .run();
    // The timeline reads the rules' order and the derived "from", not what was stored: recognition, then Regional → Global.
    expect(
      listCentreEvents(id)
        .filter((e) => e.kind !== "stage_changed")
        .map((e) => [e.kind, e.fromLevel, e.toLevel]),
    ).toEqual([
      ["recognised", null, "regional"],
      ["level_changed", "regional", "global"],
    ]);
    // Any new event refreshes the cache by the counting rules.
    expect(
      (await record(steward.id, id, { intent: "stage", stage: "recognised", effective_on: "2024-05-06", note: "" })).status,
    ).toBe(302);
    expect(db.select({ level: centres.level }).from(centres).where(eq(centres.id, id)).get()!.level).toBe("global");
    expect(recognisedOn(eventsOf(id), "2024-12-31")[0]).toMatchObject({ recognised: true, level: "global" });
  });

  it("a back-dated upgrade takes 'from' from the level on its date and moves the next upgrade's 'from'", async () => {
    const steward = await makeUser("steward");
    const id = await newCentre(steward.id);
    expect((await record(steward.id, id, recognition("2023-03-01"))).status).toBe(302);
    expect((await record(steward.id, id, levelChange("2024-06-03", "global"))).status).toBe(302);
    expect((await record(steward.id, id, levelChange("2023-09-01", "greater_regional"))).status).toBe(302);
    const stored = db
      .select({ effectiveOn: centreEvents.effectiveOn, fromLevel: centreEvents.fromLevel, toLevel: centreEvents.toLevel })
      .from(centreEvents)
      .where(eq(centreEvents.centreId, id))
      .all()
      .filter((e) => e.toLevel && e.fromLevel !== undefined)
      .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
    expect(stored).toEqual([
      { effectiveOn: "2023-03-01", fromLevel: null, toLevel: "regional" },
      { effectiveOn: "2023-09-01", fromLevel: "regional", toLevel: "greater_regional" },
      { effectiveOn: "2024-06-03", fromLevel: "greater_regional", toLevel: "global" },
    ]);
    expect(upgradesBetween(eventsOf(id), "2023-01-01", "2024-12-31")).toHaveLength(2);
    expect(db.select({ level: centres.level }).from(centres).where(eq(centres.id, id)).get()!.level).toBe("global");
  });

  it("refuses what makes the history inconsistent, naming the conflicting event and its date, and writes nothing", async () => {
    const steward = await makeUser("steward");
    const id = await newCentre(steward.id);
    const count = () => db.select({ id: centreEvents.id }).from(centreEvents).where(eq(centreEvents.centreId, id)).all().length;
    const start = count();
    expect(
      (await record(steward.id, id, { intent: "withdrawn", effective_on: "2024-01-01", note: "x", document_ref: "x" })).data
        .fieldErrors,
    ).toEqual({
      _form: "centres.conflict.withdrawnNotRecognised:2024-01-01",
    });
    expect(count()).toBe(start);
    expect((await record(steward.id, id, recognition("2023-03-01"))).status).toBe(302);
    const second = await record(steward.id, id, recognition("2024-07-01", "regional", "5"));
    expect(second.status).toBe(409);
    expect(second.data.fieldErrors).toEqual({ _form: "centres.conflict.recognisedTwice:2023-03-01" });
    // An earlier recognition would turn the existing one into a second recognition in force.
    expect((await record(steward.id, id, recognition("2022-01-01", "regional", "1"))).data.fieldErrors).toEqual({
      _form: "centres.conflict.recognisedTwiceLater:2023-03-01",
    });
    expect((await record(steward.id, id, levelChange("2023-03-01", "regional"))).data.fieldErrors).toEqual({
      _form: "centres.conflict.levelUnchanged:2023-03-01",
    });
    expect((await record(steward.id, id, levelChange("2024-01-01", "global"))).status).toBe(302);
    expect((await record(steward.id, id, levelChange("2024-01-01", "greater_regional"))).data.fieldErrors).toEqual({
      _form: "centres.conflict.sameDayLevel:2024-01-01",
    });
    expect(count()).toBe(start + 2);
    expect(countRecognised(eventsOf(id), "2024-12-31")).toBe(1);
  });
});
