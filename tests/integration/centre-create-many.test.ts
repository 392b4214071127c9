import { and, asc, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkAuditChain } from "../../db/audit-chain";
import { insertCentre, makeUscc } from "../../db/factories";
import {
  auditLog,
  centreEvents,
  centreImports,
  centreIndustries,
  centres,
  checklistItems,
  contacts,
  users,
} from "../../db/schema";
import { CENTRE_CSV_COLUMNS, toCsv } from "~/domain/centre-csv";
import { settledImport, startCommit } from "~/models/centre-import.server";
import { createCentres } from "~/models/centre-write.server";
import { searchForStaff } from "~/models/search.server";
import { centreTimelineExtras } from "~/models/timeline.server";
import { NewCentreSchema } from "~/schemas/centre";
import { action } from "~/routes/centres.import";
import { db } from "~/utils/db.server";
import { context, makeUser, post, run } from "../helpers/requests";

/**
 * Centres written many at once (issue 14: an import's chunk of new centres in multi-row inserts):
 * each centre is whole or not there at all, and what is written is what the form writes.
 */

let serial = 0;
const nextUscc = () => makeUscc(7_300_000 + ++serial);
const input = (overrides: Record<string, unknown> = {}) =>
  NewCentreSchema.parse({
    name_zh: `批量中心${serial}`,
    name_en: `Many Centre ${serial}`,
    uscc: nextUscc(),
    parent_company: "Many AG",
    country: "DE",
    district: "haidian",
    industries: ["ai", "health_pharma"],
    type: "rd_innovation_centre",
    level: "regional",
    ...overrides,
  });

const rowsOf = (id: string) => ({
  centre: db.select().from(centres).where(eq(centres.id, id)).get(),
  industries: db.select().from(centreIndustries).where(eq(centreIndustries.centreId, id)).all(),
  events: db.select().from(centreEvents).where(eq(centreEvents.centreId, id)).all(),
  items: db.select().from(checklistItems).where(eq(checklistItems.centreId, id)).orderBy(asc(checklistItems.id)).all(),
  contacts: db.select().from(contacts).where(eq(contacts.centreId, id)).all(),
});

describe("creating many centres at once", () => {
  it("writes each valid centre whole and a refused one not at all, in its place among the results", async () => {
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const refusedUscc = nextUscc();
    const auditBefore = db.select({ n: count() }).from(auditLog).get()!.n;
    const results = createCentres(admin, [
      { input: input({ stage: "landed", lead_steward_email: steward.email }) },
      { input: input({ uscc: refusedUscc, country: "XX" }) },
      {
        input: input({ contacts: [{ name: "Lena Vogel", email: "lena@many.example", language: "en" }] }),
        stageOn: "2024-03-01",
      },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ status: 400, fieldErrors: { country: "validation.unknownCode" } });
    expect(db.select().from(centres).where(eq(centres.uscc, refusedUscc)).get()).toBeUndefined();

    const [landed, , dated] = results.map((r) => (r.ok ? rowsOf(r.id) : null));
    expect(landed!.centre).toMatchObject({ stage: "landed", leadStewardId: steward.id, level: "regional" });
    expect(landed!.industries.map((i) => i.industryCode).sort()).toEqual(["ai", "health_pharma"]);
    expect(landed!.events).toMatchObject([{ kind: "stage_changed", toStage: "landed", actorId: admin.id }]);
    // The templates of every stage up to "landed": more than the one a centre in stage lead gets.
    expect(landed!.items.length).toBeGreaterThan(dated!.items.length);
    expect(new Set(landed!.items.map((i) => i.ownerId))).toEqual(new Set([steward.id]));
    expect(dated!.centre).toMatchObject({ stage: "lead", stageSince: "2024-03-01" });
    expect(dated!.events).toMatchObject([{ kind: "stage_changed", effectiveOn: "2024-03-01" }]);
    expect(dated!.contacts).toMatchObject([{ name: "Lena Vogel", email: "lena@many.example" }]);

    // The trail the form writes: one row listing the checklist's items (who, when, each item's id
    // and first values), then the centre's, chained in order; no row per item.
    for (const written of [landed!, dated!]) {
      const id = written.centre!.id;
      const trail = db
        .select({ entity: auditLog.entity, entityId: auditLog.entityId, action: auditLog.action, changes: auditLog.changes })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, admin.id), inArray(auditLog.entityId, [id, ...written.items.map((i) => i.id)])))
        .orderBy(asc(auditLog.id))
        .all();
      expect(trail.map((a) => [a.entity, a.entityId, a.action])).toEqual([
        ["centre_checklist", id, "create"],
        ["centre", id, "create"],
      ]);
      expect(trail[0]!.changes).toEqual(
        written.items.map((i) => ({
          field: i.id,
          before: null,
          after: {
            titleEn: i.titleEn,
            titleZh: i.titleZh,
            departmentCode: i.departmentCode,
            status: "not_started",
            // As each item's own row recorded it: a field without a value (no lead steward, no owner) is left out.
            ...(i.ownerId ? { ownerId: i.ownerId } : {}),
            dueOn: i.dueOn,
            visibleToEnterprise: true,
          },
        })),
      );
    }
    const centreRow = db
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "centre"), eq(auditLog.entityId, dated!.centre!.id)))
      .get()!;
    expect(centreRow.changes).toEqual(
      expect.arrayContaining([
        { field: "uscc", before: null, after: dated!.centre!.uscc },
        { field: "contacts", before: null, after: ["Lena Vogel · lena@many.example · en"] },
      ]),
    );
    // Nothing for the refused centre; two rows (checklist, centre) for each of the others; the chain whole.
    expect(db.select({ n: count() }).from(auditLog).get()!.n - auditBefore).toBe(4);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("over a hundred centres in one call: multi-row inserts of every size, one chain", async () => {
    const admin = await makeUser("admin");
    const inputs = Array.from({ length: 133 }, () => ({ input: input() }));
    const results = createCentres(admin, inputs);
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = results.map((r) => (r.ok ? r.id : ""));
    expect(db.select({ n: count() }).from(centres).where(inArray(centres.id, ids)).get()!.n).toBe(133);
    expect(db.select({ n: count() }).from(centreIndustries).where(inArray(centreIndustries.centreId, ids)).get()!.n).toBe(266);
    const items = db.select({ id: checklistItems.id }).from(checklistItems).where(inArray(checklistItems.centreId, ids)).all();
    expect(items.length).toBeGreaterThanOrEqual(133);
    expect(
      db
        .select({ n: count() })
        .from(auditLog)
        .where(inArray(auditLog.entityId, [...ids, ...items.map((i) => i.id)]))
        .get()!.n,
    ).toBe(2 * 133);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("an import chunk with a row the writes refuse keeps the chunk's other rows, each written once", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    // Recognised, withdrawn, recognised again: re-dating the second recognition to while the first was in
    // force is refused by the write (correctRecognitionDate), not by the check, so the chunk is
    // rolled back and written again row by row.
    const withdrawnUscc = nextUscc();
    insertCentre(db, {
      nameZh: "撤销中心",
      nameEn: `Withdrawn Centre ${serial}`,
      uscc: withdrawnUscc,
      parentCompany: "Chunk AG",
      countryCode: "DE",
      districtCode: "haidian",
      industries: ["ai"],
      events: [
        { kind: "recognised", effectiveOn: "2023-07-01", batch: 3, level: "regional" },
        { kind: "withdrawn", effectiveOn: "2024-01-10" },
        { kind: "recognised", effectiveOn: "2024-06-01", batch: 5, level: "regional" },
      ],
    });
    const row = (uscc: string, name: string, recognised: [string, string] | null = null) => [
      `${name}中文`,
      name,
      uscc,
      "Chunk AG",
      "DE",
      "haidian",
      "",
      "ai",
      "rd_innovation_centre",
      "regional",
      "",
      recognised?.[0] ?? "",
      recognised?.[1] ?? "",
      "",
      "",
      "",
    ];
    const before = nextUscc();
    const after = nextUscc();
    const recognisedNew = nextUscc();
    const csv = toCsv([
      [...CENTRE_CSV_COLUMNS],
      row(before, "Chunk Before"),
      row(withdrawnUscc, `Withdrawn Centre ${serial}`, ["5", "2023-09-01"]),
      row(recognisedNew, "Chunk Recognised", ["4", "2024-01-05"]),
      row(after, "Chunk After"),
    ]);
    const file = new File([new TextEncoder().encode(csv)], "chunk.csv", { type: "text/csv" });
    const res = (await run(async () =>
      action({ request: await post("/centres/import", { intent: "upload", file }, { userId: admin.id }), params: {}, context }),
    )) as Response;
    const token = new URL(res.headers.get("Location")!, "http://localhost").searchParams.get("upload")!;
    await settledImport(token);
    expect(startCommit(admin, token, "CSV import (chunk.csv)", { maxChunkRows: 10 })).toBe("started");
    await settledImport(token);

    const job = db.select().from(centreImports).where(eq(centreImports.id, token)).get()!;
    expect(job).toMatchObject({ phase: "done", created: 3, skipped: 1, doneRows: 4 });
    expect(job.skippedRows).toMatchObject([{ uscc: withdrawnUscc, errors: [{ column: "recognised_on" }] }]);
    for (const uscc of [before, recognisedNew, after]) {
      const written = db.select({ id: centres.id }).from(centres).where(eq(centres.uscc, uscc)).all();
      expect(written).toHaveLength(1);
      const trail = db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "centre"), eq(auditLog.entityId, written[0]!.id)))
        .all()
        .map((a) => a.action)
        .sort();
      expect(trail).toEqual(uscc === recognisedNew ? ["create", "recognised"] : ["create"]);
    }
    const recognised = db.select().from(centres).where(eq(centres.uscc, recognisedNew)).get()!;
    expect(recognised).toMatchObject({ stage: "recognised", stageSince: "2024-01-05", level: "regional" });
    expect(
      db
        .select({ kind: centreEvents.kind, effectiveOn: centreEvents.effectiveOn, batch: centreEvents.batch })
        .from(centreEvents)
        .where(eq(centreEvents.centreId, recognised.id))
        .all()
        .sort((a, b) => a.kind.localeCompare(b.kind)),
    ).toEqual([
      { kind: "recognised", effectiveOn: "2024-01-05", batch: 4 },
      { kind: "stage_changed", effectiveOn: "2024-01-05", batch: null },
    ]);
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("indexes the new centres for search in one go, exactly as the search trigger indexes one", async () => {
    const admin = await makeUser("admin");
    const tag = `Zebrafinch${serial}`;
    const results = createCentres(
      admin,
      [1, 2, 3].map((i) => ({
        input: input({ name_en: `${tag} Lab ${i}`, name_zh: `斑胸草雀${i}研究院`, address: `Road ${i}` }),
      })),
    );
    const ids = results.map((r) => (r.ok ? r.id : ""));
    // The index's rows for these centres: the document and both full-text rows.
    const entries = () =>
      db.$client
        .prepare(
          `select d.ref_id as id, d.short, c.body as body, s.body as shortBody
           from search_docs d join search_fts_centres c on c.rowid = d.id join search_fts_short s on s.rowid = d.id
           where d.kind = 'centre' and d.ref_id in (select value from json_each(?)) order by d.ref_id`,
        )
        .all(JSON.stringify(ids));
    const written = entries();
    expect(written.map((e) => (e as { id: string }).id)).toEqual([...ids].sort());
    // The migration's own update trigger writes each entry afresh from the centre: nothing differs.
    db.$client
      .prepare("update centres set name_en = name_en where id in (select value from json_each(?))")
      .run(JSON.stringify(ids));
    expect(entries()).toEqual(written);
    // Found by the staff search, by a word of the name and by Chinese characters (both indexes).
    expect(
      searchForStaff(tag.toLowerCase(), ["centre"], { only: "centre" })
        .centres.rows.map((c) => c.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(searchForStaff("草雀", ["centre"], { only: "centre" }).centres.rows.map((c) => c.id)).toEqual(
      expect.arrayContaining(ids),
    );
    // A centre written by any other path is still indexed by the trigger.
    const other = insertCentre(db, {
      nameZh: "斑胸草雀旁路",
      nameEn: `${tag} Factory`,
      uscc: nextUscc(),
      parentCompany: "Many AG",
      countryCode: "DE",
      districtCode: "haidian",
      industries: ["ai"],
    });
    expect(searchForStaff(`${tag} factory`, ["centre"], { only: "centre" }).centres.rows.map((c) => c.id)).toEqual([other]);
  });

  it("shows a new centre's checklist on its timeline as one entry naming its items", async () => {
    const admin = await makeUser("admin");
    const [result] = createCentres(admin, [{ input: input({ stage: "landed" }) }]);
    const id = result!.ok ? result!.id : "";
    const items = rowsOf(id).items;
    expect(items.length).toBeGreaterThan(1);
    const added = centreTimelineExtras(id, { locale: "en" }).filter((x) => x.kind === "checklist");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      title: `Checklist items added: ${items.length}`,
      who: db.select({ name: users.name }).from(users).where(eq(users.id, admin.id)).get()!.name,
    });
    for (const item of items.slice(0, 6)) expect(added[0]!.body).toContain(item.titleEn);
    const zh = centreTimelineExtras(id, { locale: "zh-CN" }).find((x) => x.kind === "checklist")!;
    expect(zh.body).toContain(items[0]!.titleZh);
  });
});
