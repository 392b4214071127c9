import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { seedChecklistTemplates } from "../../db/seed-checklists";
import { auditLog, centres, checklistItems, checklistTemplates, savedViews } from "../../db/schema";
import { action as bulkAction } from "~/routes/centres.bulk";
import { loader as resultLoader } from "~/routes/centres.bulk_.$resultId";
import { loader as centresLoader } from "~/routes/centres._index";
import { loader as queueLoader } from "~/routes/requests._index";
import { action as viewsAction } from "~/routes/saved-views";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

/** A bulk form as the browser sends it: repeated `ids`. */
async function bulk(userId: string, fields: Record<string, string>, ids: string[] = []) {
  const request = await post("/centres/bulk", fields, { userId });
  const body = await request.formData();
  for (const id of ids) body.append("ids", id);
  return run(() =>
    bulkAction({
      request: new Request(request.url, { method: "POST", body, headers: { Cookie: request.headers.get("Cookie")! } }),
      params: {},
      context,
    }),
  );
}
const resultIdOf = (res: unknown) => {
  expect((res as Response).status).toBe(302);
  const location = (res as Response).headers.get("Location")!;
  expect(location).toMatch(/^\/centres\/bulk\/[0-9a-f-]{36}$/);
  return location.split("/").pop()!;
};
async function result(userId: string, resultId: string) {
  return run(async () =>
    resultLoader({ request: await get(`/centres/bulk/${resultId}`, userId), params: { resultId }, context }),
  );
}

let lead: { id: string };
let other: { id: string };
let newcomer: { id: string };
let admin: { id: string };
let official: { id: string };
let mine: string[];
let theirs: string;

beforeAll(async () => {
  seedChecklistTemplates(db);
  lead = await makeUser("steward");
  other = await makeUser("steward");
  newcomer = await makeUser("steward");
  admin = await makeUser("admin");
  official = await makeUser("official");
  mine = [0, 1, 2].map((i) =>
    insertCentre(db, {
      nameZh: `批量中心${i}`,
      nameEn: `Bulk Centre ${i}`,
      parentCompany: "B",
      countryCode: "DE",
      districtCode: "haidian",
      uscc: makeUscc(8_100_000 + i),
      leadStewardId: lead.id,
    }),
  );
  theirs = insertCentre(db, {
    nameZh: "别人的中心",
    nameEn: "Bulk Centre Theirs",
    parentCompany: "B",
    countryCode: "DE",
    districtCode: "haidian",
    uscc: makeUscc(8_100_010),
    leadStewardId: other.id,
  });
});

describe("bulk assignment", () => {
  it("assigns a district steward to the ticked centres the actor may edit, refuses the others, one audit row each plus a summary", async () => {
    const auditBefore = db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
    const res = await bulk(lead.id, { intent: "assign_district", scope: "selected", steward_id: newcomer.id }, [
      mine[0]!,
      mine[1]!,
      theirs,
      "no-such-centre",
    ]);
    const resultId = resultIdOf(res);
    const district = (id: string) =>
      db.select({ d: centres.districtStewardId, v: centres.version }).from(centres).where(eq(centres.id, id)).get()!;
    expect(district(mine[0]!)).toEqual({ d: newcomer.id, v: 2 });
    expect(district(mine[1]!).d).toBe(newcomer.id);
    expect(district(mine[2]!).d).toBeNull();
    expect(district(theirs).d).toBeNull();
    const rows = db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} > ${auditBefore}`)
      .all();
    expect(
      rows
        .filter((r) => r.entity === "centre")
        .map((r) => r.entityId)
        .sort(),
    ).toEqual([mine[0], mine[1]].sort());
    expect(rows.filter((r) => r.entity === "centre")[0]!.changes).toEqual([
      { field: "districtStewardId", before: null, after: newcomer.id },
    ]);
    expect(rows.filter((r) => r.entity === "centre_bulk")).toHaveLength(1);

    const page = payload<{
      counts: { done: number; unchanged: number; refused: number };
      refused: { id: string; reason: string }[];
      steward: string;
    }>(await result(lead.id, resultId)).data;
    expect(page.counts).toEqual({ done: 2, unchanged: 0, refused: 2 });
    expect(page.refused.map((r) => [r.id, r.reason])).toEqual([
      [theirs, "notAllowed"],
      ["no-such-centre", "notFound"],
    ]);
    expect(page.steward).toBe("steward 3");
    // Only its actor sees a result.
    expect(((await result(other.id, resultId)) as Response).status).toBe(404);

    const again = payload<{ counts: { unchanged: number } }>(
      await result(lead.id, resultIdOf(await bulk(lead.id, { intent: "assign_district", steward_id: newcomer.id }, [mine[0]!]))),
    ).data;
    expect(again.counts.unchanged).toBe(1);
  });

  it("assigns the lead steward of all centres matching the filters (admin)", async () => {
    const res = await bulk(admin.id, {
      intent: "assign_lead",
      scope: "all",
      filters: "q=Bulk+Centre&page=3",
      steward_id: other.id,
    });
    const page = payload<{ counts: { done: number; unchanged: number; refused: number } }>(
      await result(admin.id, resultIdOf(res)),
    ).data;
    expect(page.counts).toEqual({ done: 3, unchanged: 1, refused: 0 });
    for (const id of [...mine, theirs])
      expect(db.select({ l: centres.leadStewardId }).from(centres).where(eq(centres.id, id)).get()!.l).toBe(other.id);
  });

  it("refuses a missing selection, an unknown steward, and assignment by an official, without writing", async () => {
    const before = db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
    const none = (await bulk(admin.id, { intent: "assign_lead", steward_id: other.id, filters: "q=x" })) as Response;
    expect(none.status).toBe(302);
    expect(none.headers.get("Location")).toBe("/centres?q=x");
    expect(
      ((await bulk(admin.id, { intent: "assign_lead", steward_id: official.id }, [mine[0]!])) as Response).headers.get(
        "Location",
      ),
    ).toBe("/centres");
    expect(((await bulk(official.id, { intent: "assign_lead", steward_id: other.id }, [mine[0]!])) as Response).status).toBe(403);
    expect(db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n).toBe(before);
  });
});

describe("bulk checklist template", () => {
  it("applies one template to the centres that lack it and that the actor works on", async () => {
    const template = db
      .select()
      .from(checklistTemplates)
      .where(sql`${checklistTemplates.appliesToType} is null and ${checklistTemplates.active} = 1`)
      .get()!;
    // After the admin's reassignment above, `other` leads all four centres.
    const first = await bulk(other.id, { intent: "apply_template", template_id: template.id }, [mine[2]!]);
    expect(payload<{ counts: { done: number } }>(await result(other.id, resultIdOf(first))).data.counts.done).toBe(1);
    const res = await bulk(other.id, { intent: "apply_template", template_id: template.id }, [mine[0]!, mine[1]!, mine[2]!]);
    const page = payload<{ counts: { done: number; unchanged: number; refused: number } }>(
      await result(other.id, resultIdOf(res)),
    ).data;
    expect(page.counts).toEqual({ done: 2, unchanged: 1, refused: 0 });
    const has = (id: string) =>
      db
        .select()
        .from(checklistItems)
        .where(and(eq(checklistItems.templateId, template.id), eq(checklistItems.centreId, id)))
        .all();
    for (const id of mine) expect(has(id)).toHaveLength(1);
    expect(has(mine[0]!)[0]!.ownerId).toBe(other.id);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "checklist_item"), eq(auditLog.entityId, has(mine[1]!)[0]!.id)))
        .all(),
    ).toHaveLength(1);
    const refused = await bulk(lead.id, { intent: "apply_template", template_id: template.id }, [mine[0]!]);
    expect(payload<{ counts: { refused: number } }>(await result(lead.id, resultIdOf(refused))).data.counts.refused).toBe(1);
  });
});

describe("bulk export", () => {
  it("exports exactly the ticked centres as CSV (officials too)", async () => {
    const res = (await bulk(official.id, { intent: "export" }, [mine[1]!, theirs])) as Response;
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    const text = await res.text();
    expect(text.trim().split("\r\n")).toHaveLength(3);
    expect(text).toContain("Bulk Centre 1");
    expect(text).toContain("Bulk Centre Theirs");
    expect(text).not.toContain("Bulk Centre 0");
  });
});

describe("saved views", () => {
  const save = async (userId: string, fields: Record<string, string>) =>
    run(async () =>
      viewsAction({ request: await post("/saved-views", fields, { userId }), params: {}, context }),
    ) as Promise<Response>;

  it("saves the current filters under a name (without page or language), lists them above the list, replaces by name, deletes", async () => {
    const res = await save(lead.id, {
      intent: "save",
      page: "centres",
      name: "海淀 landed",
      query: "?q=&district=haidian&stage=landed&page=4&lng=en",
    });
    expect(res.headers.get("Location")).toBe("/centres?district=haidian&stage=landed");
    const listed = async (userId: string) =>
      payload<{ views: { id: string; name: string; query: string }[] }>(
        await run(async () => centresLoader({ request: await get("/centres", userId), params: {}, context })),
      ).data.views;
    expect(await listed(lead.id)).toEqual([
      expect.objectContaining({ name: "海淀 landed", query: "district=haidian&stage=landed" }),
    ]);
    // Personal: another steward does not see it (the link itself can be shared).
    expect(await listed(other.id)).toEqual([]);
    await save(lead.id, { intent: "save", page: "centres", name: "海淀 landed", query: "district=haidian" });
    const views = await listed(lead.id);
    expect(views).toEqual([expect.objectContaining({ query: "district=haidian" })]);
    // Another user cannot delete it.
    expect((await save(other.id, { intent: "delete", page: "centres", id: views[0]!.id })).status).toBe(404);
    await save(lead.id, { intent: "delete", page: "centres", id: views[0]!.id });
    expect(await listed(lead.id)).toEqual([]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entity, "saved_view"))
        .all()
        .map((a) => a.action),
    ).toEqual(["create", "update", "delete"]);
  });

  it("keeps request-queue views apart, refuses a blank name and enterprise users", async () => {
    await save(lead.id, { intent: "save", page: "requests", name: "Overdue", query: "due=overdue" });
    const queue = payload<{ views: { name: string }[] }>(
      await run(async () => queueLoader({ request: await get("/requests", lead.id), params: {}, context })),
    ).data;
    expect(queue.views.map((v) => v.name)).toEqual(["Overdue"]);
    const blank = await save(lead.id, { intent: "save", page: "requests", name: "  ", query: "due=overdue" });
    expect(blank.headers.get("Location")).toBe("/requests?due=overdue");
    expect(db.select().from(savedViews).where(eq(savedViews.userId, lead.id)).all()).toHaveLength(1);
    const centreId = mine[0]!;
    const enterprise = await makeUser("enterprise", { centreId });
    expect((await save(enterprise.id, { intent: "save", page: "centres", name: "x", query: "" })).status).toBe(403);
  });
});
