import fs from "node:fs";
import path from "node:path";
import { and, count, eq, inArray, like } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, centreImports, centres, referenceItems, users } from "../../db/schema";
import { CENTRE_CSV_COLUMNS, MAX_IMPORT_ROWS } from "~/domain/centre-csv";
import { readUpload, uploadFiles, uploadRowSlices } from "~/models/centre-import-upload.server";
import { assembleCheckedPlan, checkedRowSlices, keepCheckedPart, planBasis } from "~/models/centre-import-checked.server";
import { planAhead, runImportWork } from "~/models/centre-import-job.server";
import { makePlanner } from "~/models/centre-import-plan.server";
import { checkRanges } from "~/models/centre-import-check.server";
import { checkImport, settledImport, startCommit } from "~/models/centre-import.server";
import { searchForStaff } from "~/models/search.server";
import { db } from "~/utils/db.server";
import {
  ageImportJob as ageJob,
  confirmImport as confirm,
  csvOf,
  importJobOf as jobOf,
  importPage as page,
  uploadImport,
} from "../helpers/centre-import-route";
import { makeUser } from "../helpers/requests";

/**
 * The import as a job (issue 14): the rows are checked and written in slices with the event
 * loop free between them, the page follows the job's progress, each chunk of rows is its own
 * transaction, and an import that stopped continues without writing a row twice.
 */

let serial = 0;
function rows(n: number, tag: string) {
  return Array.from({ length: n }, () => {
    serial += 1;
    const uscc = makeUscc(4_000_000 + serial);
    return [
      `任务导入${tag}${serial}`,
      `Job Import ${tag} ${serial}`,
      uscc,
      "Job AG",
      "DE",
      "haidian",
      "",
      "ai",
      "rd_innovation_centre",
      "regional",
      "",
      "",
      "",
      "",
      "",
      "",
    ];
  });
}
const upload = (userId: string, csv: string) => uploadImport(userId, csv, "job.csv");
/** A kept plan of one part (the whole file), made readable as the end of a check makes it. */
async function keepWhole(token: string, basis: string) {
  const part = await keepCheckedPart(token, basis, { first: true });
  return { add: part.add, abandon: part.abandon, finish: async () => assembleCheckedPlan(token, [await part.close()], true) };
}
/** Changes the English name in the kept plan's `index`-th line (0 is its basis), and nowhere else. */
function renameInKeptPlan(token: string, index: number, nameEn: string) {
  const file = uploadFiles(token)!.checked;
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  const [row, plan] = JSON.parse(lines[index]!) as [unknown, { execution: { input: { name_en: string } } }];
  plan.execution.input.name_en = nameEn;
  lines[index] = JSON.stringify([row, plan]);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}
/** Files of a kept plan still being written (or left by a run that stopped), for this upload. */
const partialsOf = (token: string) =>
  fs.readdirSync(path.dirname(uploadFiles(token)!.checked)).filter((name) => name.startsWith(token) && name.endsWith(".part"));

const centresTagged = (tag: string) =>
  db
    .select({ uscc: centres.uscc })
    .from(centres)
    .where(like(centres.nameEn, `Job Import ${tag} %`))
    .all()
    .map((c) => c.uscc);

describe("the import job", () => {
  it("shows the check's progress while the rows are checked, then the preview", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(30, "Progress")));
    // The upload answers at once; the check has started and has not finished.
    const during = await page(admin.id, token);
    expect(during.data).toMatchObject({ view: "progress", progress: { phase: "checking", total: 30 } });
    expect(during.data.progress!.done).toBeLessThan(30);
    await settledImport(token);
    const after = await page(admin.id, token);
    expect(after.data.view).toBe("preview");
    expect(after.data.preview!.counts).toEqual({ create: 30, update: 0, unchanged: 0, skip: 0 });
    expect(jobOf(token)).toMatchObject({ phase: "checked", checkedRows: 30, doneRows: 0 });
  });

  it("commits in chunks, each its own transaction that moves the progress on; an import that stopped continues without duplicates", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const tag = "Resume";
    const data = rows(7, tag);
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);

    // Three chunks of at most two rows are written, then the process "ends".
    expect(startCommit(admin, token, "CSV import (job.csv)", { maxChunkRows: 2, stopAfterChunks: 3 })).toBe("started");
    expect(startCommit(admin, token, "again")).toBe("busy"); // one run at a time
    await settledImport(token);
    const stopped = jobOf(token);
    expect(stopped.phase).toBe("importing");
    expect(stopped.doneRows).toBeGreaterThanOrEqual(3);
    expect(stopped.doneRows).toBeLessThan(7);
    // What the job row says was written is exactly what is in the database.
    expect(centresTagged(tag)).toHaveLength(stopped.doneRows);
    expect(stopped.created).toBe(stopped.doneRows);

    // While the job may still be running elsewhere the page follows it; once it is stale, it offers to continue.
    expect((await page(admin.id, token)).data.progress).toMatchObject({ phase: "importing", done: stopped.doneRows, total: 7 });
    ageJob(token);
    expect((await page(admin.id, token)).data.progress).toMatchObject({
      phase: "interrupted",
      done: stopped.doneRows,
      created: stopped.doneRows,
    });

    // Confirming again continues from the first row not written.
    expect((await confirm(admin.id, token)).status).toBe(303);
    await settledImport(token);
    const result = await page(admin.id, token);
    expect(result.data.view).toBe("result");
    expect(result.data.result!.counts).toEqual({ created: 7, updated: 0, unchanged: 0, skipped: 0 });
    expect(centresTagged(tag).sort()).toEqual(data.map((r) => r[2]!).sort());
    // Each centre in the search index once (its chunk wrote its entries), found by its name.
    expect(
      db.$client
        .prepare(
          "select count(*) as n, count(distinct d.ref_id) as centres from search_docs d join centres c on c.id = d.ref_id where d.kind = 'centre' and c.name_en like ?",
        )
        .get(`Job Import ${tag} %`),
    ).toEqual({ n: 7, centres: 7 });
    expect(searchForStaff(`job import ${tag}`, ["centre"], { only: "centre" }).centres.rows).toHaveLength(7);
    expect(
      db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "centre_import"), eq(auditLog.entityId, token.slice(0, 12))))
        .get()!.n,
    ).toBe(1);
    // And once more: done, nothing written.
    expect((await confirm(admin.id, token)).status).toBe(303);
    await settledImport(token);
    expect(centresTagged(tag)).toHaveLength(7);
  });

  it("a chunk that fails leaves none of its rows and does not move the progress; continuing imports them once", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const tag = "Atomic";
    const data = rows(6, tag);
    const failing = data[3]![2]!;
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    // The database refuses the fourth centre (as a full disk or a broken trigger would).
    db.$client.exec(
      `create temp trigger import_fails before insert on centres when new.uscc = '${failing}' begin select raise(abort, 'refused for the test'); end`,
    );
    // The failure is logged for the operator; expected here.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      startCommit(admin, token, "note", { maxChunkRows: 2 });
      await settledImport(token);
    } finally {
      db.$client.exec("drop trigger if exists import_fails");
    }
    expect(logged).toHaveBeenCalledWith("centre import:", expect.objectContaining({ message: "refused for the test" }));
    const failed = jobOf(token);
    expect(failed.phase).toBe("failed");
    expect(failed.error).toContain("refused for the test");
    // The failing row's chunk was rolled back whole: the job counts exactly the centres that exist.
    const written = centresTagged(tag);
    expect(written).not.toContain(failing);
    expect(written).toHaveLength(failed.doneRows);
    expect(failed.doneRows).toBeLessThanOrEqual(3);
    // Nor any search entry of its rows: the index is written in the chunk's transaction.
    expect(
      db.$client
        .prepare("select count(*) as n from search_docs where kind = 'centre' and short like ?")
        .get(`%job import ${tag.toLowerCase()} %`),
    ).toEqual({ n: failed.doneRows });
    expect((await page(admin.id, token)).data.progress).toMatchObject({ phase: "interrupted", error: "refused for the test" });

    await confirm(admin.id, token);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 6, doneRows: 6 });
    expect(
      db.$client
        .prepare("select count(*) as n from search_docs where kind = 'centre' and short like ?")
        .get(`%job import ${tag.toLowerCase()} %`),
    ).toEqual({ n: 6 });
    expect(
      db
        .select({ n: count() })
        .from(centres)
        .where(
          inArray(
            centres.uscc,
            data.map((r) => r[2]!),
          ),
        )
        .get()!.n,
    ).toBe(6);
  });

  it("checkpoints the write-ahead log in the pauses between chunks, and leaves automatic checkpoints as it found them", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(7, "Checkpoint")));
    await settledImport(token);
    db.$client.pragma("wal_autocheckpoint = 777");
    const pragmas = vi.spyOn(db.$client, "pragma");
    try {
      startCommit(admin, token, "note", { maxChunkRows: 2 });
      await settledImport(token);
      const calls = pragmas.mock.calls.map(([source]) => source);
      const checkpoints = calls.flatMap((source, i) => (source === "wal_checkpoint(PASSIVE)" ? [i] : []));
      // Four chunks, a checkpoint after each but the last; SQLite's own are off meanwhile.
      expect(checkpoints.length).toBeGreaterThanOrEqual(3);
      expect(calls.indexOf("wal_autocheckpoint = 0")).toBeLessThan(checkpoints[0]!);
      expect(calls.lastIndexOf("wal_autocheckpoint = 777")).toBeGreaterThan(checkpoints.at(-1)!);
    } finally {
      pragmas.mockRestore();
    }
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 7 });
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(777);
    db.$client.pragma("wal_autocheckpoint = 1000");
  });

  it("shows the first 1,000 rows with problems and says how many more there are", { timeout: 60_000 }, async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const bad = rows(1005, "Flagged").map((r) => r.map((cell, i) => (i === 4 ? "Atlantis" : cell)));
    const token = await upload(admin.id, csvOf(bad));
    await settledImport(token);
    const { preview } = (await page(admin.id, token)).data;
    expect(preview!.counts.skip).toBe(1005);
    expect(preview!.rows).toHaveLength(1000);
    expect(preview!.hiddenFlagged).toBe(5);
    expect(preview!.hiddenRows).toBe(0);
  });

  it(`takes up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows, in slices`, { timeout: 60_000 }, async () => {
    const big = csvOf(Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => [`甲${i}`, `A ${i}`, makeUscc(9_000_000 + i)]));
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    try {
      const read = await readUpload(new TextEncoder().encode(big));
      expect(read.ok && read.rows.length).toBe(MAX_IMPORT_ROWS);
    } finally {
      clearInterval(counting);
    }
    // The parse handed the event loop back along the way (a timer ran in between).
    expect(turns).toBeGreaterThan(0);
  });

  it("uses a chunk's plan made outside the write lock only while none of its codes has become a centre", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const data = rows(3, "Ahead");
    const slice = data.map((cells, i) => ({ line: i + 2, cells }));
    const { plan } = makePlanner(admin, [...CENTRE_CSV_COLUMNS], "2026-11-30", true);
    const unchanged = planAhead(plan, slice);
    const planned = db.transaction((tx) => unchanged.current(tx));
    expect(planned.map((r) => r.action)).toEqual(["create", "create", "create"]);
    expect(db.transaction((tx) => unchanged.current(tx))).toBe(planned);

    // Another user creates the second row's centre after the plan was made: the chunk is planned again.
    const ahead = planAhead(plan, slice);
    insertCentre(db, {
      nameZh: data[1]![0]!,
      nameEn: data[1]![1]!,
      uscc: data[1]![2]!,
      parentCompany: "Job AG",
      countryCode: "DE",
      districtCode: "haidian",
      industries: ["ai"],
    });
    const replanned = db.transaction((tx) => ahead.current(tx));
    expect(replanned[1]).toMatchObject({ uscc: data[1]![2], centreId: expect.any(String) });
    expect(replanned[1]!.action).not.toBe("create");
    expect(replanned.map((r) => r.action)).toEqual(["create", replanned[1]!.action, "create"]);
  });

  it("commits with the check's plan of each row, kept beside the upload, while what it was planned from holds", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const data = rows(4, "Kept");
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    const file = uploadFiles(token)!.checked;
    expect(fs.existsSync(file)).toBe(true);
    expect(partialsOf(token)).toEqual([]);
    // The kept plan is what the commit writes: a name changed in it (and nowhere else) is the name written.
    renameInKeptPlan(token, 2, "Job Import Kept from the plan");
    await confirm(admin.id, token);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 4 });
    expect(db.select({ nameEn: centres.nameEn }).from(centres).where(eq(centres.uscc, data[1]![2]!)).get()!.nameEn).toBe(
      "Job Import Kept from the plan",
    );
    // Done: the rows and their plan are gone from the disk.
    expect(fs.existsSync(file)).toBe(false);
  });

  it("plans every row again at the commit when a reference list changed after the check", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const data = rows(3, "Replan");
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    renameInKeptPlan(token, 1, "Job Import Replan from the plan");
    // An admin adds a country between the check and the confirmation: the kept plan no longer holds.
    db.insert(referenceItems).values({ kind: "country", code: "ZZ", labelZh: "测试国", labelEn: "Testland" }).run();
    try {
      await confirm(admin.id, token);
      await settledImport(token);
    } finally {
      db.delete(referenceItems)
        .where(and(eq(referenceItems.kind, "country"), eq(referenceItems.code, "ZZ")))
        .run();
    }
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 3 });
    expect(db.select({ nameEn: centres.nameEn }).from(centres).where(eq(centres.uscc, data[0]![2]!)).get()!.nameEn).toBe(
      data[0]![1],
    );
  });
});

describe("the check's kept plan (centre-import-checked.server.ts)", () => {
  it("has a basis that changes with the importer, the day, a reference item or an active steward, and only then", async () => {
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const basis = planBasis(admin, "2026-12-01");
    expect(planBasis(admin, "2026-12-01")).toBe(basis);
    expect(planBasis({ ...admin, role: "steward" }, "2026-12-01")).not.toBe(basis);
    expect(planBasis(steward, "2026-12-01")).not.toBe(basis);
    expect(planBasis(admin, "2026-12-02")).not.toBe(basis);
    const haidian = and(eq(referenceItems.kind, "district"), eq(referenceItems.code, "haidian"));
    const label = db.select({ labelEn: referenceItems.labelEn }).from(referenceItems).where(haidian).get()!.labelEn;
    db.update(referenceItems).set({ labelEn: "Haidian (renamed)" }).where(haidian).run();
    expect(planBasis(admin, "2026-12-01")).not.toBe(basis);
    db.update(referenceItems).set({ labelEn: label }).where(haidian).run();
    expect(planBasis(admin, "2026-12-01")).toBe(basis);
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, steward.id)).run();
    expect(planBasis(admin, "2026-12-01")).not.toBe(basis);
  });

  it("is read back only whole and on its basis; a check that stopped leaves none", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(3, "Part")));
    await settledImport(token);
    const { plan } = makePlanner(admin, [...CENTRE_CSV_COLUMNS], "2026-12-01", true);
    const stored = (await uploadRowSlices(token, { size: () => 10 }).next()).value!;
    const slices = async (basis: string) => {
      const read = [];
      for await (const slice of checkedRowSlices(token, basis, { skip: 1, size: () => 1 })) read.push(slice);
      return read;
    };

    const stopped = await keepWhole(token, "basis-a");
    await stopped.add(stored, plan(stored));
    await stopped.abandon();
    expect(partialsOf(token)).toEqual([]);

    const kept = await keepWhole(token, "basis-a");
    await kept.add(stored, plan(stored));
    await kept.finish();
    const onBasis = await slices("basis-a");
    expect(onBasis.map((s) => s.rows.map((r) => r.line))).toEqual([[3], [4]]);
    expect(onBasis.map((s) => s.planned!.map((p) => p.line))).toEqual([[3], [4]]);
    expect(onBasis[0]!.planned![0]!.execution).toMatchObject({ kind: "create" });
    // Another basis: the same rows, to be planned by the commit.
    const offBasis = await slices("basis-b");
    expect(offBasis.map((s) => s.rows.map((r) => r.line))).toEqual([[3], [4]]);
    expect(offBasis.every((s) => s.planned === null)).toBe(true);
  });

  it("is a saving, not a duty: when it cannot be written the check goes on and the commit plans the rows", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(2, "Unwritable")));
    await settledImport(token);
    const { plan } = makePlanner(admin, [...CENTRE_CSV_COLUMNS], "2026-12-01", true);
    const stored = (await uploadRowSlices(token, { size: () => 10 }).next()).value!;
    const file = uploadFiles(token)!.checked;
    fs.rmSync(file, { force: true });
    // The disk is full when the plan's file is written: nothing throws, nothing is kept.
    const write = vi
      .spyOn(fs.promises, "open")
      .mockImplementation(() => Promise.reject(Object.assign(new Error("no space left on device"), { code: "ENOSPC" })));
    try {
      const kept = await keepWhole(token, "basis-a");
      await kept.add(stored, plan(stored));
      await kept.finish();
    } finally {
      write.mockRestore();
    }
    expect(fs.existsSync(file)).toBe(false);
    expect(partialsOf(token)).toEqual([]);
    const read = [];
    for await (const slice of checkedRowSlices(token, "basis-a", { size: () => 10 })) read.push(slice);
    expect(read).toEqual([{ rows: stored, planned: null }]);
  });

  it("two checks of one upload (two server processes) each write their own file; the one finished last is read", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(4, "Twice")));
    await settledImport(token);
    const { plan } = makePlanner(admin, [...CENTRE_CSV_COLUMNS], "2026-12-01", true);
    const stored = (await uploadRowSlices(token, { size: () => 10 }).next()).value!;
    const first = await keepWhole(token, "basis-a");
    const second = await keepWhole(token, "basis-a");
    await first.add(stored.slice(0, 2), plan(stored.slice(0, 2)));
    await second.add(stored, plan(stored));
    await first.add(stored.slice(2), plan(stored.slice(2)));
    await first.finish();
    await second.finish();
    const read = [];
    for await (const slice of checkedRowSlices(token, "basis-a", { size: () => 10 })) read.push(slice);
    expect(read.map((s) => s.rows.map((r) => r.line))).toEqual([[2, 3, 4, 5]]);
    expect(read[0]!.planned!.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(partialsOf(token)).toEqual([]);
  });

  it("read back damaged or cut short, gives its good lines' plans and the rest of the rows without", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const data = rows(5, "Damaged");
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    const file = uploadFiles(token)!.checked;
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const slices = async () => {
      const read = [];
      for await (const slice of checkedRowSlices(token, lines[0]!.slice(10, -2), { size: () => 2 })) read.push(slice);
      return read.map((s) => ({ lines: s.rows.map((r) => r.line), planned: s.planned !== null }));
    };
    // Cut after its third row (a write that never reached the disk).
    fs.writeFileSync(file, `${lines.slice(0, 4).join("\n")}\n`);
    expect(await slices()).toEqual([
      { lines: [2, 3], planned: true },
      { lines: [4], planned: true },
      { lines: [5, 6], planned: false },
    ]);
    // A line that does not parse, then one whose plan is another row's.
    const swapped = JSON.parse(lines[4]!) as [unknown, { line: number }];
    swapped[1].line = 99;
    fs.writeFileSync(file, `${[...lines.slice(0, 2), "{not json", JSON.stringify(swapped), ...lines.slice(5)].join("\n")}\n`);
    expect(await slices()).toEqual([
      { lines: [2], planned: true },
      { lines: [3, 4], planned: false },
      { lines: [5, 6], planned: false },
    ]);
    // The commit writes every row all the same.
    await confirm(admin.id, token);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 5, doneRows: 5 });
  });

  it("with the check's plan, a code that became a centre after the check is planned again, not created twice", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const data = rows(3, "Became");
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    const id = insertCentre(db, {
      nameZh: data[1]![0]!,
      nameEn: data[1]![1]!,
      uscc: data[1]![2]!,
      parentCompany: "Job AG",
      countryCode: "DE",
      districtCode: "haidian",
      industries: ["ai"],
    });
    await confirm(admin.id, token);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 2, doneRows: 3 });
    expect(db.select({ id: centres.id }).from(centres).where(eq(centres.uscc, data[1]![2]!)).all()).toEqual([{ id }]);
  });
});

describe("the check in parts, side by side (a large file's halves on the import worker and its helper)", () => {
  it("splits the rows into consecutive ranges of nearly equal size, one per part, at most one per row", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 8 }), (total, parts) => {
        const ranges = checkRanges(total, parts);
        expect(ranges).toHaveLength(Math.min(parts, total));
        expect(ranges[0]!.from).toBe(0);
        expect(ranges.at(-1)!.to).toBe(total);
        for (const [i, range] of ranges.entries()) {
          if (i > 0) expect(range.from).toBe(ranges[i - 1]!.to);
          expect(range.to - range.from).toBeGreaterThanOrEqual(Math.floor(total / ranges.length));
          expect(range.to - range.from).toBeLessThanOrEqual(Math.ceil(total / ranges.length));
        }
      }),
    );
  });

  it("finds the same preview, progress and kept plan in two or three parts as in one", { timeout: 60_000 }, async () => {
    const admin = await makeUser("admin", { locale: "en" });
    // 1,300 rows, four in five with an unknown country: more flagged rows (1,040) and more clean
    // ones (260) than the preview shows, so what each part saw is cut to the file's first.
    const data = rows(1300, "Parts").map((r, i) => (i % 5 === 0 ? r : r.map((cell, c) => (c === 4 ? "Atlantis" : cell))));
    const token = await upload(admin.id, csvOf(data));
    await settledImport(token);
    const files = uploadFiles(token)!;
    const read = () => ({ preview: fs.readFileSync(files.preview, "utf8"), kept: fs.readFileSync(files.checked, "utf8") });
    const once = read();
    expect(JSON.parse(once.preview)).toMatchObject({ total: 1300, hiddenFlagged: 40, hiddenRows: 60 });
    expect(once.kept.trimEnd().split("\n")).toHaveLength(1301);
    for (const parts of [2, 3]) {
      db.update(centreImports).set({ phase: "checking", checkedRows: 0 }).where(eq(centreImports.id, token)).run();
      fs.rmSync(files.preview);
      fs.rmSync(files.checked);
      await checkImport(admin, token, { parts });
      expect(read(), `${parts} parts`).toEqual(once);
      expect(jobOf(token)).toMatchObject({ phase: "checked", checkedRows: 1300 });
      expect(partialsOf(token)).toEqual([]);
    }
  });

  it("keeps no plan of parts planned on different bases, and nothing of a check that failed", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const token = await upload(admin.id, csvOf(rows(6, "Bases")));
    await settledImport(token);
    const files = uploadFiles(token)!;
    const actor = { id: admin.id, role: admin.role };
    const checkParts = () =>
      Promise.all(checkRanges(6, 2).map((range) => runImportWork({ kind: "check-part", actor, token, range })));
    const restart = () => {
      db.update(centreImports).set({ phase: "checking" }).where(eq(centreImports.id, token)).run();
      fs.rmSync(files.preview, { force: true });
      fs.rmSync(files.checked, { force: true });
    };

    // A reference list changed between the two halves' reads: the preview stands, no plan is kept.
    restart();
    const [first, second] = await checkParts();
    expect(partialsOf(token)).toHaveLength(2);
    await runImportWork({ kind: "check-finish", token, parts: [first!, { ...second!, basis: "another" }], failed: false });
    expect(fs.existsSync(files.checked)).toBe(false);
    expect(JSON.parse(fs.readFileSync(files.preview, "utf8"))).toMatchObject({ total: 6, counts: { create: 6 } });
    expect(jobOf(token).phase).toBe("checked");
    expect(partialsOf(token)).toEqual([]);

    // The second part failed (a part that throws removes its own file): what the first kept is
    // removed, no preview, the job not moved on.
    restart();
    const kept = await runImportWork({ kind: "check-part", actor, token, range: checkRanges(6, 2)[0]! });
    expect(partialsOf(token)).toHaveLength(1);
    await runImportWork({ kind: "check-finish", token, parts: [kept], failed: true });
    expect(partialsOf(token)).toEqual([]);
    expect(fs.existsSync(files.checked)).toBe(false);
    expect(fs.existsSync(files.preview)).toBe(false);
    expect(jobOf(token).phase).toBe("checking");
  });
});
