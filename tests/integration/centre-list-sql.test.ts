import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { centres } from "../../db/schema";
import { listCentreIds, listCentres, stewardedBy } from "~/models/centre.server";
import { CentreFiltersSchema } from "~/schemas/centre-filters";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { makeUser } from "../helpers/requests";

// Issue 14: the centre list chooses its page first and decorates only that page; "lead or
// district steward" is two index-led lookups.

const filters = (input: Record<string, string>) => CentreFiltersSchema.parse(input);

describe("the centre list's page", () => {
  it("is the same rows, in the same order, as the full sorted list, each with its decorations", () => {
    const today = todayInBeijing();
    for (const sort of ["name", "-name", "stage", "days_in_stage", "-updated"]) {
      const all = listCentreIds(filters({ sort }), { today });
      const page2 = listCentres(filters({ sort, page: "2" }), { today });
      expect(
        page2.rows.map((r) => r.id),
        sort,
      ).toEqual(all.slice(25, 50));
      expect(page2.total).toBe(all.length);
      // The demo seed's centres carry industries; recognition is a boolean, never a 0/1.
      expect(page2.rows.every((r) => Array.isArray(r.industries) && typeof r.recognised === "boolean")).toBe(true);
    }
    expect(listCentres(filters({ page: "9999" }), { today }).rows).toEqual([]);
  });

  it("searches: the same rows and count whether it walks the names (a common short term) or collects every match", () => {
    const today = todayInBeijing();
    const centresKept = db.get<{ n: number }>(sql`select max(rowid) as n from ${centres}`).n;
    for (const q of ["北京", "研发 北京", "心", "Pharma", "北京 Pharma"]) {
      const extras: Record<string, string>[] = [
        {},
        { district: "haidian" },
        { sort: "-name" },
        { sort: "-name", page: "2" },
        { page: "3" },
      ];
      for (const extra of extras) {
        const input: Record<string, string> = { q, ...extra };
        const all = listCentreIds(filters({ ...input, page: "1" }), { today });
        const page = Number(input.page ?? "1");
        const shown = listCentres(filters(input), { today });
        expect(shown.total, JSON.stringify(input)).toBe(all.length);
        expect(
          shown.rows.map((r) => r.id),
          JSON.stringify(input),
        ).toEqual(all.slice((page - 1) * 25, page * 25));
      }
    }
    // "北京" is in nearly every demo centre's name: enough matches for the list to walk the names.
    const common = listCentres(filters({ q: "北京" }), { today }).total;
    expect(common * common).toBeGreaterThanOrEqual(25 * centresKept);
  });

  it("finds a steward's centres as lead or as district steward", async () => {
    const steward = await makeUser("steward");
    const base = { parentCompany: "S", countryCode: "US", districtCode: "haidian" } as const;
    const asLead = insertCentre(db, {
      ...base,
      nameZh: "领衔中心",
      nameEn: "Led Centre",
      uscc: makeUscc(4_500_001),
      leadStewardId: steward.id,
    });
    const asDistrict = insertCentre(db, { ...base, nameZh: "区级中心", nameEn: "District Centre", uscc: makeUscc(4_500_002) });
    db.update(centres).set({ districtStewardId: steward.id }).where(eq(centres.id, asDistrict)).run();
    const found = listCentres(filters({ steward: steward.id }), { today: todayInBeijing() });
    expect(new Set(found.rows.map((r) => r.id))).toEqual(new Set([asLead, asDistrict]));

    const query = db.select({ id: centres.id }).from(centres).where(stewardedBy(steward.id)).toSQL();
    const plan = (db.$client.prepare(`explain query plan ${query.sql}`).all(...query.params) as { detail: string }[])
      .map((r) => r.detail)
      .join("; ");
    expect(plan).toContain("centres_lead_steward_idx");
    expect(plan).toContain("centres_district_steward_idx");
  });
});
