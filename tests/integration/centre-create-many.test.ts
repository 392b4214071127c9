import { and, asc, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkAuditChain } from "../../db/audit-chain";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, centreEvents, centreImports, centreIndustries, centres, checklistItems, contacts } from "../../db/schema";
import { CENTRE_CSV_COLUMNS, toCsv } from "~/domain/centre-csv";
import { settledImport, startCommit } from "~/models/centre-import.server";
import { createCentres } from "~/models/centre-write.server";
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

    // The trail the form writes: each item's "create" row, then the centre's, chained in order.
    for (const written of [landed!, dated!]) {
      const id = written.centre!.id;
      const trail = db
        .select({ id: auditLog.id, entity: auditLog.entity, entityId: auditLog.entityId, action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, admin.id), inArray(auditLog.entityId, [id, ...written.items.map((i) => i.id)])))
        .orderBy(asc(auditLog.id))
        .all();
      expect(trail.map((a) => [a.entity, a.action])).toEqual([
        ...written.items.map(() => ["checklist_item", "create"]),
        ["centre", "create"],
      ]);
      expect(
        trail
          .map((a) => a.entityId)
          .slice(0, -1)
          .sort(),
      ).toEqual(written.items.map((i) => i.id).sort());
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
    // Nothing for the refused centre; one row per item and centre for the others; the chain whole.
    expect(db.select({ n: count() }).from(auditLog).get()!.n - auditBefore).toBe(landed!.items.length + dated!.items.length + 2);
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
    ).toBe(133 + items.length);
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
});
