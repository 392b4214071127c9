import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { backupDatabase } from "../../db/backup";
import { insertCentre, makeUscc } from "../../db/factories";
import { centres } from "../../db/schema";
import { db } from "~/utils/db.server";

describe("online backup", () => {
  it("copies the live database consistently while writes go on, and the copy restores", async () => {
    for (let i = 0; i < 50; i++) insertCentre(db, { nameZh: `备份${i}`, nameEn: `Backup ${i}`, parentCompany: "B", countryCode: "US", districtCode: "haidian", uscc: makeUscc(8_000_000 + i) });
    const destination = path.join(path.dirname(process.env.DATABASE_PATH!), `backup-${Date.now()}.db`);
    let i = 50;
    const writer = setInterval(() => {
      insertCentre(db, { nameZh: `备份${i}`, nameEn: `Backup ${i}`, parentCompany: "B", countryCode: "US", districtCode: "haidian", uscc: makeUscc(8_000_000 + i) });
      i += 1;
    }, 1);
    const progress: number[] = [];
    try {
      await backupDatabase(process.env.DATABASE_PATH!, destination, (p) => progress.push(p));
    } finally {
      clearInterval(writer);
    }
    expect(progress.at(-1)).toBe(100);
    const restored = new Database(destination, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    const copied = restored.prepare("select count(*) as n from centres where parent_company = 'B'").get() as { n: number };
    restored.close();
    const live = db.select().from(centres).all().filter((c) => c.parentCompany === "B").length;
    expect(copied.n).toBeGreaterThanOrEqual(50);
    expect(copied.n).toBeLessThanOrEqual(live);
  });
});
