import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  checklistItems,
  contacts,
  followUps,
  interactionChecklistItems,
  interactionParticipants,
  interactions,
} from "../../db/schema";
import { insertCentre, makeUscc } from "../../db/factories";
import { seedChecklistTemplates } from "../../db/seed-checklists";
import { applyTemplates, updateChecklistItem } from "~/models/checklist.server";
import { portalFollowUps } from "~/models/follow-up.server";
import { lastInteractionOnByCentre } from "~/models/interaction.server";
import { centreTimelineExtras } from "~/models/timeline.server";
import { action as followUpsAction, loader as followUpsLoader } from "~/routes/centres.$centreId_.follow-ups";
import { loader as handoverLoader } from "~/routes/centres.$centreId_.handover";
import { action as newAction, loader as newLoader } from "~/routes/centres.$centreId_.interactions.new";
import { loader as centreLoader } from "~/routes/centres.$centreId";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

let n = 0;
function centre(lead: string | null, district: string | null = null) {
  n += 1;
  const id = insertCentre(db, {
    nameZh: `互动测试${n}中心`,
    nameEn: `Interaction Test ${n} Centre`,
    parentCompany: `Interaction ${n}`,
    countryCode: "JP",
    uscc: makeUscc(620_000 + n),
    districtCode: "chaoyang",
    leadStewardId: lead,
    districtStewardId: district,
    contacts: [
      { name: `Aiko Sato ${n}`, role: "Director", email: `aiko${n}@example.com`, phone: "", language: "en" },
      { name: `王磊${n}`, role: "法务", email: "", phone: "", language: "zh-CN" },
    ],
    events: [{ kind: "stage_changed", effectiveOn: "2026-01-05", toStage: "landed" }],
  });
  db.transaction((tx) => applyTemplates(tx, { id }));
  return id;
}
const contactsOf = (id: string) => db.select().from(contacts).where(eq(contacts.centreId, id)).all();
const itemsOf = (id: string) => db.select().from(checklistItems).where(eq(checklistItems.centreId, id)).all();

async function log(centreId: string, userId: string, fields: Record<string, string | string[]>) {
  const request = await post(`/centres/${centreId}/interactions/new`, {}, { userId });
  // post() sets one value per name; rebuild the body so repeated names (checkbox groups) are sent as the browser does.
  const body = await request.formData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  const withFields = new Request(request.url, { method: "POST", body, headers: { Cookie: request.headers.get("Cookie")! } });
  return run(() => newAction({ request: withFields, params: { centreId }, context }));
}

beforeAll(() => {
  seedChecklistTemplates(db);
});

describe("logging an interaction", () => {
  it("saves the visit with its participants, linked items and follow-ups (blank rows dropped) in one go, with audit rows", async () => {
    const lead = await makeUser("steward");
    const colleague = await makeUser("steward");
    const id = centre(lead.id);
    const [aiko, wang] = contactsOf(id);
    const [item] = itemsOf(id);
    const res = (await log(id, lead.id, {
      kind: "visit",
      occurred_on: "2026-10-08",
      occurred_time: "07:30",
      summary: "Visited the lab; lease signed, work permits next.",
      contacts: [aiko!.id, wang!.id],
      staff: [lead.id, colleague.id],
      checklist_items: [item!.id],
      "followUps.0.description": "Send the work-permit checklist",
      "followUps.0.owner_id": colleague.id,
      "followUps.0.due_on": "2026-10-12",
      "followUps.0.visible": "on",
      "followUps.1.description": "Introduce customs contact",
      "followUps.1.owner_id": lead.id,
      "followUps.1.due_on": "",
      "followUps.2.description": "",
      "followUps.2.owner_id": lead.id,
      "followUps.2.due_on": "",
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/centres/${id}/checklist#activity`);

    const saved = db.select().from(interactions).where(eq(interactions.centreId, id)).all();
    expect(saved).toHaveLength(1);
    const interaction = saved[0]!;
    expect(interaction).toMatchObject({
      kind: "visit",
      actorId: lead.id,
      summary: "Visited the lab; lease signed, work permits next.",
    });
    expect(interaction.occurredAt.toISOString()).toBe("2026-10-07T23:30:00.000Z");
    expect(lastInteractionOnByCentre([id]).get(id)).toBe("2026-10-08");

    const people = db
      .select()
      .from(interactionParticipants)
      .where(eq(interactionParticipants.interactionId, interaction.id))
      .all();
    expect(
      people
        .map((p) => p.contactId)
        .filter(Boolean)
        .sort(),
    ).toEqual([aiko!.id, wang!.id].sort());
    expect(
      people
        .map((p) => p.userId)
        .filter(Boolean)
        .sort(),
    ).toEqual([lead.id, colleague.id].sort());
    expect(
      db.select().from(interactionChecklistItems).where(eq(interactionChecklistItems.interactionId, interaction.id)).all(),
    ).toEqual([{ interactionId: interaction.id, checklistItemId: item!.id }]);

    const commitments = db.select().from(followUps).where(eq(followUps.centreId, id)).all();
    expect(commitments).toHaveLength(2);
    expect(commitments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          description: "Send the work-permit checklist",
          ownerId: colleague.id,
          dueOn: "2026-10-12",
          visibleToEnterprise: true,
          status: "open",
          interactionId: interaction.id,
        }),
        expect.objectContaining({
          description: "Introduce customs contact",
          ownerId: lead.id,
          dueOn: null,
          visibleToEnterprise: false,
        }),
      ]),
    );
    const audit = db
      .select({ entity: auditLog.entity, action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.entityId, [interaction.id, ...commitments.map((c) => c.id)]))
      .all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity: "interaction", action: "create" },
        { entity: "follow_up", action: "create" },
      ]),
    );
    expect(audit).toHaveLength(3);
  });

  it("answers field errors without saving anything", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const other = centre(lead.id);
    const base = { kind: "call", occurred_on: "2026-10-08", occurred_time: "10:00", summary: "Called" };
    const errorsOf = async (fields: Record<string, string | string[]>) => {
      const { status, data } = payload<{ fieldErrors: Record<string, string> }>(await log(id, lead.id, fields));
      expect(status).toBe(400);
      return data.fieldErrors;
    };
    expect(await errorsOf({ ...base, summary: " ", kind: "fax" })).toEqual({
      summary: "validation.required",
      kind: "validation.invalidChoice",
    });
    expect(await errorsOf({ ...base, occurred_on: "2099-01-01" })).toEqual({ occurred_on: "validation.futureDate" });
    expect(await errorsOf({ ...base, occurred_on: "9999-12-31" })).toEqual({ occurred_on: "validation.dateRange" });
    expect(await errorsOf({ ...base, occurred_time: "25:61" })).toEqual({ occurred_time: "interactions.errors.time" });
    expect(await errorsOf({ ...base, "followUps.0.description": "", "followUps.0.due_on": "2026-10-20" })).toEqual({
      "followUps.0.description": "validation.required",
    });
    // Ids from another centre are refused, not linked.
    expect(await errorsOf({ ...base, contacts: contactsOf(other)[0]!.id, checklist_items: itemsOf(other)[0]!.id })).toEqual({
      contacts: "validation.invalidChoice",
      checklist_items: "validation.invalidChoice",
    });
    expect(
      await errorsOf({ ...base, "followUps.0.description": "x", "followUps.0.owner_id": (await makeUser("enterprise")).id }),
    ).toEqual({ "followUps.0.owner_id": "validation.invalidChoice" });
    // The owner picker's text naming several stewards is refused with the other fields' errors, and kept.
    const several = payload<{ fieldErrors: Record<string, string>; values: { followUps: Record<string, string>[] } }>(
      await log(id, lead.id, {
        ...base,
        summary: " ",
        "followUps.0.description": "x",
        "followUps.0.owner_id": lead.id,
        "followUps.0.owner_text": "@test.local",
      }),
    );
    expect(several.data.fieldErrors).toEqual({
      summary: "validation.required",
      "followUps.0.owner_id": "validation.stewardSeveral",
    });
    expect(several.data.values.followUps[0]!.owner_text).toBe("@test.local");
    expect(db.select().from(interactions).where(eq(interactions.centreId, id)).all()).toEqual([]);
  });

  it("finds a follow-up's owner typed by email (the picker without JavaScript)", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const base = { kind: "call", occurred_on: "2026-10-08", occurred_time: "10:00", summary: "Called" };
    const colleague = await makeUser("steward");
    const saved = (await log(id, lead.id, {
      ...base,
      "followUps.0.description": "Send the lease",
      "followUps.0.owner_id": lead.id,
      "followUps.0.owner_text": colleague.email,
    })) as Response;
    expect(saved.status).toBe(302);
    expect(db.select().from(followUps).where(eq(followUps.description, "Send the lease")).get()!.ownerId).toBe(colleague.id);
  });

  it("lets the lead and district steward and admins log; refuses other stewards and officials (403)", async () => {
    const lead = await makeUser("steward");
    const district = await makeUser("steward");
    const id = centre(lead.id, district.id);
    const fields = { kind: "email", occurred_on: "2026-10-08", occurred_time: "09:00", summary: "Sent the guide" };
    for (const role of ["steward", "official"] as const) {
      const user = await makeUser(role);
      expect(((await log(id, user.id, fields)) as Response).status, role).toBe(403);
      const page = await run(async () =>
        newLoader({ request: await get(`/centres/${id}/interactions/new`, user.id), params: { centreId: id }, context }),
      );
      expect((page as Response).status, role).toBe(403);
    }
    for (const user of [lead, district, await makeUser("admin")]) {
      expect(((await log(id, user.id, fields)) as Response).status, user.role).toBe(302);
    }
    expect(db.select().from(interactions).where(eq(interactions.centreId, id)).all()).toHaveLength(3);
  });

  it("goes back to a safe redirectTo only", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const fields = { kind: "meeting", occurred_on: "2026-10-08", occurred_time: "09:00", summary: "Met" };
    expect(((await log(id, lead.id, { ...fields, redirectTo: "/work" })) as Response).headers.get("Location")).toBe("/work");
    expect(
      ((await log(id, lead.id, { ...fields, redirectTo: "https://evil.example" })) as Response).headers.get("Location"),
    ).toBe(`/centres/${id}/checklist#activity`);
  });

  it("goes back from the centre page to the new entry on its timeline", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const fields = { kind: "call", occurred_on: "2026-10-08", occurred_time: "09:00", summary: "Called about permits" };
    const location = ((await log(id, lead.id, { ...fields, redirectTo: `/centres/${id}` })) as Response).headers.get("Location")!;
    const logged = db.select().from(interactions).where(eq(interactions.centreId, id)).get()!;
    expect(location).toBe(`/centres/${id}#interaction-${logged.id}`);
    // The centre page's timeline carries that entry under that key.
    const page = payload<{ timeline: { extras: { key: string }[] } }>(
      await run(async () => centreLoader({ request: await get(`/centres/${id}`, lead.id), params: { centreId: id }, context })),
    );
    expect(page.data.timeline.extras.map((x) => x.key)).toContain(`interaction-${logged.id}`);
  });
});

describe("follow-ups", () => {
  async function withFollowUps() {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    await log(id, lead.id, {
      kind: "visit",
      occurred_on: "2026-10-08",
      occurred_time: "10:00",
      summary: "Visit",
      "followUps.0.description": "Visible promise",
      "followUps.0.visible": "on",
      "followUps.1.description": "Internal reminder",
      "followUps.2.description": "Visible but cancelled",
      "followUps.2.visible": "on",
    });
    const rows = db.select().from(followUps).where(eq(followUps.centreId, id)).all();
    const by = (d: string) => rows.find((r) => r.description === d)!;
    return {
      lead,
      id,
      visible: by("Visible promise"),
      internal: by("Internal reminder"),
      cancelled: by("Visible but cancelled"),
    };
  }
  const change = async (centreId: string, userId: string, intent: string, followUpId: string) =>
    run(async () =>
      followUpsAction({
        request: await post(`/centres/${centreId}/follow-ups`, { intent, follow_up_id: followUpId }, { userId }),
        params: { centreId },
        context,
      }),
    );

  it("are completed or cancelled once, with audit rows; a closed one answers 409", async () => {
    const { lead, id, visible, cancelled } = await withFollowUps();
    expect(((await change(id, lead.id, "complete", visible.id)) as Response).status).toBe(302);
    expect(((await change(id, lead.id, "cancel", cancelled.id)) as Response).status).toBe(302);
    const done = db.select().from(followUps).where(eq(followUps.id, visible.id)).get()!;
    expect(done.status).toBe("done");
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(db.select().from(followUps).where(eq(followUps.id, cancelled.id)).get()!.status).toBe("cancelled");
    const again = payload<{ fieldErrors: Record<string, string> }>(await change(id, lead.id, "cancel", visible.id));
    expect(again.status).toBe(409);
    expect(again.data.fieldErrors._form).toBe("followUps.errors.notOpen");
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "follow_up"), inArray(auditLog.entityId, [visible.id, cancelled.id])))
      .all()
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(["cancel", "complete", "create", "create"]);
  });

  it("refuses other stewards and officials, and a follow-up of another centre (404)", async () => {
    const { id, visible } = await withFollowUps();
    for (const role of ["steward", "official"] as const) {
      const user = await makeUser(role);
      expect(((await change(id, user.id, "complete", visible.id)) as Response).status, role).toBe(403);
    }
    const otherLead = await makeUser("steward");
    const other = centre(otherLead.id);
    expect(((await change(other, otherLead.id, "complete", visible.id)) as Response).status).toBe(404);
    expect(db.select().from(followUps).where(eq(followUps.id, visible.id)).get()!.status).toBe("open");
    const official = await makeUser("official");
    const page = (await followUpsLoader({
      request: await get(`/centres/${id}/follow-ups`, official.id),
      params: { centreId: id },
      context,
    })) as { canWork: boolean; followUps: unknown[] };
    expect(page).toMatchObject({ canWork: false });
    expect(page.followUps).toHaveLength(3);
  });

  it("takes a follow-up's owner typed by email (the picker without JavaScript), and refuses text naming several, keeping it", async () => {
    const { lead, id, internal } = await withFollowUps();
    const colleague = await makeUser("steward");
    const edit = async (fields: Record<string, string>) =>
      run(async () =>
        followUpsAction({
          request: await post(
            `/centres/${id}/follow-ups`,
            { intent: "update", follow_up_id: internal.id, version: "1", description: "Internal reminder", ...fields },
            { userId: lead.id },
          ),
          params: { centreId: id },
          context,
        }),
      );
    // Every test steward's email ends in "@test.local".
    const several = payload<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(
      await edit({ owner_id: lead.id, owner_text: "@test.local" }),
    );
    expect(several.status).toBe(400);
    expect(several.data.fieldErrors).toEqual({ owner_id: "validation.stewardSeveral" });
    expect(several.data.values.owner_text).toBe("@test.local");
    expect(db.select().from(followUps).where(eq(followUps.id, internal.id)).get()!.version).toBe(1);
    expect(((await edit({ owner_id: lead.id, owner_text: colleague.email })) as Response).status).toBe(302);
    expect(db.select().from(followUps).where(eq(followUps.id, internal.id)).get()!.ownerId).toBe(colleague.id);
  });

  it("edits an open follow-up on its version (field errors, stale 409, audit), and reopens a closed one", async () => {
    const { lead, id, internal, cancelled } = await withFollowUps();
    const colleague = await makeUser("steward");
    const edit = async (fields: Record<string, string>, userId = lead.id) =>
      run(async () =>
        followUpsAction({
          request: await post(
            `/centres/${id}/follow-ups`,
            { intent: "update", follow_up_id: internal.id, version: "1", description: "Internal reminder", ...fields },
            { userId },
          ),
          params: { centreId: id },
          context,
        }),
      );
    const bad = payload<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(
      await edit({ description: " ", due_on: "2026-13-01", owner_id: colleague.id }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({ description: "validation.required", due_on: "validation.date" });
    expect(bad.data.values.owner_id).toBe(colleague.id);
    expect(payload(await edit({ owner_id: "not-a-user" })).data).toMatchObject({
      fieldErrors: { owner_id: "validation.invalidChoice" },
    });
    expect(((await edit({ description: "x" }, colleague.id)) as Response).status).toBe(403);

    expect(
      (
        (await edit({
          description: "Send the customs checklist",
          owner_id: colleague.id,
          due_on: "2026-12-11",
          visible: "on",
        })) as Response
      ).status,
    ).toBe(302);
    expect(db.select().from(followUps).where(eq(followUps.id, internal.id)).get()).toMatchObject({
      description: "Send the customs checklist",
      ownerId: colleague.id,
      dueOn: "2026-12-11",
      visibleToEnterprise: true,
      version: 2,
    });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, internal.id), eq(auditLog.action, "update")))
      .get()!;
    expect(audit.changes.map((c) => c.field).sort()).toEqual(["description", "dueOn", "ownerId", "visibleToEnterprise"]);
    // The same form sent again on version 1: someone saved in between. Stale comes first, even with a bad owner.
    const stale = payload<{ fieldErrors: Record<string, string> }>(await edit({ description: "Old text" }));
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors._form).toBe("followUps.errors.stale");
    expect(payload(await edit({ description: "Old text", owner_id: "not-a-user" })).status).toBe(409);

    // Closed follow-ups are not edited; they can be opened again.
    expect(((await change(id, lead.id, "cancel", cancelled.id)) as Response).status).toBe(302);
    const closedEdit = await run(async () =>
      followUpsAction({
        request: await post(
          `/centres/${id}/follow-ups`,
          { intent: "update", follow_up_id: cancelled.id, version: "2", description: "New" },
          { userId: lead.id },
        ),
        params: { centreId: id },
        context,
      }),
    );
    expect(payload(closedEdit).status).toBe(409);
    expect(((await change(id, lead.id, "reopen", cancelled.id)) as Response).status).toBe(302);
    expect(db.select().from(followUps).where(eq(followUps.id, cancelled.id)).get()).toMatchObject({
      status: "open",
      completedAt: null,
    });
    expect(payload(await change(id, lead.id, "reopen", cancelled.id)).data).toMatchObject({
      fieldErrors: { _form: "followUps.errors.alreadyOpen" },
    });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, cancelled.id), eq(auditLog.action, "reopen")))
        .all(),
    ).toHaveLength(1);
  });

  it("adds a follow-up on its own", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const res = await run(async () =>
      followUpsAction({
        request: await post(
          `/centres/${id}/follow-ups`,
          { intent: "create", description: "Call customs", owner_id: lead.id, due_on: "2026-11-30" },
          { userId: lead.id },
        ),
        params: { centreId: id },
        context,
      }),
    );
    expect((res as Response).status).toBe(302);
    expect(db.select().from(followUps).where(eq(followUps.centreId, id)).all()).toMatchObject([
      { description: "Call customs", dueOn: "2026-11-30", interactionId: null, visibleToEnterprise: false },
    ]);
  });

  it("portalFollowUps shows the enterprise only its own centre's visible, not cancelled follow-ups, without owners", async () => {
    const { lead, id, visible, internal, cancelled } = await withFollowUps();
    await change(id, lead.id, "cancel", cancelled.id);
    const other = await withFollowUps();
    const rows = portalFollowUps({ centreId: id });
    expect(rows.map((r) => r.id)).toEqual([visible.id]);
    expect(rows.map((r) => r.id)).not.toContain(internal.id);
    expect(rows.map((r) => r.id)).not.toContain(other.visible.id);
    expect(rows[0]).not.toHaveProperty("ownerId");
    expect(rows[0]).not.toHaveProperty("interactionId");
  });
});

describe("a centre's follow-ups over the years", () => {
  it("lists every open one and the newest 20 closed (200 with ?closed=all), counting them all; the portal the newest 20 done", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i));
    db.insert(followUps)
      .values([
        ...Array.from({ length: 30 }, (_, i) => ({
          centreId: id,
          description: `Closed ${String(i).padStart(2, "0")}`,
          status: i % 5 === 0 ? ("cancelled" as const) : ("done" as const),
          visibleToEnterprise: true,
          completedAt: day(i),
          createdAt: day(i),
        })),
        ...[0, 1].map((i) => ({ centreId: id, description: `Open ${i}`, dueOn: `2026-12-0${i + 1}`, visibleToEnterprise: true })),
      ])
      .run();
    type Page = { followUps: { description: string; status: string }[]; closedTotal: number };
    const open = async (query: string) =>
      (await run(async () =>
        followUpsLoader({ request: await get(`/centres/${id}/follow-ups${query}`, lead.id), params: { centreId: id }, context }),
      )) as Page;
    const first = await open("");
    expect(first.closedTotal).toBe(30);
    expect(first.followUps.map((f) => f.description)).toEqual([
      "Open 0",
      "Open 1",
      ...Array.from({ length: 20 }, (_, i) => `Closed ${String(29 - i).padStart(2, "0")}`),
    ]);
    expect((await open("?closed=all")).followUps).toHaveLength(32);
    // The portal: open first, then the newest 20 of the 24 done (cancelled ones never).
    const portal = portalFollowUps({ centreId: id });
    expect(portal.slice(0, 2).map((f) => f.description)).toEqual(["Open 0", "Open 1"]);
    expect(portal.slice(2)).toHaveLength(20);
    expect(portal.every((f) => f.status !== "cancelled")).toBe(true);
    expect(portal[2]!.description).toBe("Closed 29");
  });
});

describe("the timeline extras and the handover", () => {
  it("merge interactions, follow-ups and checklist changes newest first, in the reader's language", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    await log(id, lead.id, {
      kind: "visit",
      occurred_on: "2026-10-08",
      occurred_time: "10:00",
      summary: "Site visit",
      contacts: contactsOf(id)[0]!.id,
      "followUps.0.description": "Send forms",
    });
    const item = itemsOf(id)[0]!;
    updateChecklistItem({ id: lead.id, role: "steward" }, id, item.id, { status: "done" }, 1);

    const en = centreTimelineExtras(id, { locale: "en" });
    expect(new Set(en.map((i) => i.kind))).toEqual(new Set(["interaction", "follow_up", "checklist"]));
    const visit = en.find((i) => i.kind === "interaction")!;
    expect(visit).toMatchObject({
      title: "Visit",
      date: "2026-10-08",
      who: expect.stringMatching(/^steward /),
      sortAt: "2026-10-08T02:00:00.000Z",
    });
    expect(visit.body).toContain("Site visit");
    expect(visit.body).toContain(contactsOf(id)[0]!.name);
    const done = en.find((i) => i.kind === "checklist" && i.title.startsWith("Checklist item updated"))!;
    expect(done.body).toBe("Status: Not started → Done");
    const applied = en.find((i) => i.kind === "checklist" && i.title.startsWith("Checklist items added"))!;
    expect(applied.title).toBe(`Checklist items added: ${itemsOf(id).length}`);
    expect(en.find((i) => i.kind === "follow_up")).toMatchObject({ title: "Follow-up agreed", body: "Send forms" });
    const sorted = [...en].sort((a, b) => b.sortAt.localeCompare(a.sortAt));
    expect(en.map((i) => i.sortAt)).toEqual(sorted.map((i) => i.sortAt));

    const zh = centreTimelineExtras(id, { locale: "zh-CN" });
    expect(zh.find((i) => i.kind === "interaction")!.title).toBe("走访");
  });

  it("give officials a handover of open items, open follow-ups, interactions and contacts; not enterprise users", async () => {
    const lead = await makeUser("steward");
    const id = centre(lead.id);
    await log(id, lead.id, {
      kind: "call",
      occurred_on: "2026-10-08",
      occurred_time: "10:00",
      summary: "Handover call",
      "followUps.0.description": "Open promise",
    });
    const official = await makeUser("official");
    const data = (await handoverLoader({
      request: await get(`/centres/${id}/handover`, official.id),
      params: { centreId: id },
      context,
    })) as {
      items: { status: string }[];
      followUps: { description: string }[];
      interactions: { summary: string }[];
      centre: { contacts: unknown[] };
    };
    expect(data.items).toHaveLength(itemsOf(id).length);
    expect(data.followUps.map((f) => f.description)).toEqual(["Open promise"]);
    expect(data.interactions.map((i) => i.summary)).toEqual(["Handover call"]);
    expect(data.centre.contacts).toHaveLength(2);
    const enterprise = await makeUser("enterprise", { centreId: id });
    expect(
      (
        (await run(async () =>
          handoverLoader({ request: await get(`/centres/${id}/handover`, enterprise.id), params: { centreId: id }, context }),
        )) as Response
      ).status,
    ).toBe(403);
  });
});
