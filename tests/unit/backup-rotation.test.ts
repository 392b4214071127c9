import { describe, expect, it } from "vitest";
import { backupName, backupTime, planRotation } from "../../db/backup-rotation";

const at = (iso: string) => backupName(new Date(iso));

describe("backup rotation", () => {
  it("names a backup by its UTC time and reads the time back", () => {
    expect(at("2026-11-30T08:56:46.059Z")).toBe("rdc-steward-20261130T085646Z");
    expect(backupTime("rdc-steward-20261130T085646Z")?.toISOString()).toBe("2026-11-30T08:56:46.000Z");
    for (const other of ["rdc-steward-20261130T085646Z.partial", "rdc-steward.db", "notes", "rdc-steward-20261399T000000Z"])
      expect(backupTime(other)).toBeNull();
  });

  it("keeps the newest backup of each of the last N days, by the Beijing date", () => {
    // 2026-11-29 17:00 UTC is already 30 November in Beijing: same day as the 02:00 UTC backup after it.
    const names = [
      at("2026-11-30T02:00:00Z"),
      at("2026-11-29T17:00:00Z"),
      at("2026-11-29T02:00:00Z"),
      at("2026-11-28T02:00:00Z"),
      at("2026-11-27T02:00:00Z"),
    ];
    const { keep, remove } = planRotation(names, { daily: 3, weekly: 0 });
    expect(keep).toEqual([at("2026-11-30T02:00:00Z"), at("2026-11-29T02:00:00Z"), at("2026-11-28T02:00:00Z")]);
    expect(remove).toEqual([at("2026-11-29T17:00:00Z"), at("2026-11-27T02:00:00Z")]);
  });

  it("keeps the newest backup of each of the last M ISO weeks as well, and days without a backup do not count", () => {
    const daily = Array.from({ length: 60 }, (_, i) => at(new Date(Date.UTC(2026, 10, 30, 2) - i * 86_400_000).toISOString()));
    const names = daily.filter((_, i) => i % 9 !== 4); // a few days were missed
    const { keep, remove } = planRotation(names, { daily: 7, weekly: 4 });
    expect(keep.length + remove.length).toBe(names.length);
    // 7 daily: the 7 newest backups present.
    expect(keep.slice(0, 7)).toEqual(names.slice(0, 7));
    // Weekly: Sundays (the newest of each ISO week) of the three weeks before this one (30 Nov 2026 is a Monday).
    expect(keep.slice(7)).toEqual(
      [at("2026-11-29T02:00:00Z"), at("2026-11-22T02:00:00Z"), at("2026-11-15T02:00:00Z")].filter(
        (n) => !names.slice(0, 7).includes(n),
      ),
    );
    expect(new Set(keep).size).toBe(keep.length);
  });

  it("always keeps the newest backup, even with nothing to keep, and ignores names that are not backups", () => {
    const names = [at("2026-11-30T02:00:00Z"), at("2026-11-29T02:00:00Z"), "rdc-steward-20261201T000000Z.partial", "lost+found"];
    expect(planRotation(names, { daily: 0, weekly: 0 })).toEqual({
      keep: [at("2026-11-30T02:00:00Z")],
      remove: [at("2026-11-29T02:00:00Z")],
    });
  });
});
