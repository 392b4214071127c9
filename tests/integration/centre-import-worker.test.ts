import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, count, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkAuditChain } from "../../db/audit-chain";
import { makeUscc } from "../../db/factories";
import { auditLog, centres, checklistItems, users } from "../../db/schema";
import { CENTRE_CSV_COLUMNS } from "~/domain/centre-csv";
import { settledImport, SPLIT_CHECK_ROWS, startCommit } from "~/models/centre-import.server";
import {
  importHelperRunning,
  importJobsAnswered,
  importWorkerRunning,
  startImportWorker,
  stopImportWorker,
} from "~/models/centre-import-worker.server";
import { action, loader } from "~/routes/centres.import";
import { db } from "~/utils/db.server";
import {
  ageImportJob as ageJob,
  confirmImport as confirm,
  csvOf,
  importJobOf as jobOf,
  importPage as page,
  uploadImport,
} from "../helpers/centre-import-route";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

/**
 * The import's check and commit on the worker thread (issue 14), as the server runs them: the
 * worker has its own database connection, the request thread only starts the work and follows
 * the job row. Here the worker runs the TypeScript source through tsx, as the server's worker
 * loads the server build (tests/e2e/centre-import.test.ts goes through the built server).
 */
const workerEntry = () => {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  const source = pathToFileURL(path.resolve("app/models/centre-import-worker.server.ts")).href;
  const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(source)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
};

beforeAll(() => startImportWorker(workerEntry()));
afterAll(() => stopImportWorker());

let serial = 0;
function rows(n: number, tag: string, extra: (i: number) => Partial<Record<string, string>> = () => ({})) {
  return Array.from({ length: n }, (_, i) => {
    serial += 1;
    const row: Record<string, string> = {
      name_zh: `线程导入${tag}${serial}`,
      name_en: `Worker Import ${tag} ${serial}`,
      uscc: makeUscc(7_000_000 + serial),
      parent_company: "Worker AG",
      country: "DE",
      district: "haidian",
      industries: "ai",
      type: "rd_innovation_centre",
      level: "regional",
      ...extra(i),
    };
    return CENTRE_CSV_COLUMNS.map((c) => row[c] ?? "");
  });
}
async function upload(userId: string, csv: string) {
  const token = await uploadImport(userId, csv, "worker.csv");
  await settledImport(token);
  return token;
}

const centresTagged = (tag: string) =>
  db
    .select({ id: centres.id, uscc: centres.uscc })
    .from(centres)
    .where(like(centres.nameEn, `Worker Import ${tag} %`))
    .all();

/** Holds the request thread (as a long synchronous task would) until `done()` or a generous limit. */
function holdThreadUntil(done: () => boolean, limitMs = 60_000) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + limitMs;
  while (!done() && Date.now() < until) Atomics.wait(pause, 0, 0, 20);
}

describe("the import on its worker thread", () => {
  it("checks and writes the rows while the request thread is held, with the same audit trail as the form", async () => {
    const steward = await makeUser("steward", { locale: "en" });
    const tag = "Held";
    const data = rows(40, tag, (i) => (i % 4 === 0 ? { recognised_batch: "3", recognised_on: "2023-07-01" } : {}));
    const token = await upload(steward.id, csvOf(data));
    expect((await page(steward.id, token)).data.preview!.counts).toEqual({ create: 40, update: 0, unchanged: 0, skip: 0 });

    expect(startCommit(steward, token, "CSV import (worker.csv)")).toBe("started");
    // The request thread does nothing at all from here, yet the rows are written: the work is elsewhere.
    holdThreadUntil(() => jobOf(token).phase === "done");
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 40, doneRows: 40 });
    await settledImport(token);

    const written = centresTagged(tag);
    expect(written.map((c) => c.uscc).sort()).toEqual(data.map((r) => r[2]!).sort());
    // Each centre as the form creates it: led by the importing steward, its checklist, its audit rows.
    const first = db.select().from(centres).where(eq(centres.uscc, data[1]![2]!)).get()!;
    expect(first).toMatchObject({ leadStewardId: steward.id, stage: "lead", level: "regional" });
    const created = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "centre"), eq(auditLog.entityId, first.id)))
      .all();
    expect(created.map((a) => [a.action, a.actorId])).toEqual([["create", steward.id]]);
    expect(created[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: "uscc", before: null, after: first.uscc },
        { field: "industries", before: null, after: ["ai"] },
        { field: "leadStewardId", before: null, after: steward.id },
      ]),
    );
    const items = db.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.centreId, first.id)).all();
    expect(items.length).toBeGreaterThan(0);
    // Its checklist in one audit row by the importing steward: a change per item (its id, its first values).
    const checklistAudits = db
      .select({ actorId: auditLog.actorId, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "centre_checklist"), eq(auditLog.entityId, first.id)))
      .all();
    expect(checklistAudits).toHaveLength(1);
    expect(checklistAudits[0]!.actorId).toBe(steward.id);
    expect(checklistAudits[0]!.changes.map((c) => c.field).sort()).toEqual(items.map((i) => i.id).sort());
    expect(checklistAudits[0]!.changes[0]).toMatchObject({ before: null, after: { status: "not_started", ownerId: steward.id } });
    const itemAudits = db
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, "checklist_item"),
          inArray(
            auditLog.entityId,
            items.map((i) => i.id),
          ),
        ),
      )
      .get()!.n;
    expect(itemAudits).toBe(0);
    // A recognised row: in stage "recognised" from its recognition date, the recognition audited.
    const recognised = db.select().from(centres).where(eq(centres.uscc, data[0]![2]!)).get()!;
    expect(recognised).toMatchObject({ stage: "recognised", stageSince: "2023-07-01" });
    expect(
      db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "centre"), eq(auditLog.entityId, recognised.id)))
        .all()
        .map((a) => a.action)
        .sort(),
    ).toEqual(["create", "recognised"]);
    // Written by the worker's own connection, chained under its write lock: the trail is whole.
    expect(checkAuditChain(db).breaks).toEqual([]);
  });

  it("an import that stopped part-way continues on the worker from the first row not written, without duplicates", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const tag = "Resume";
    const data = rows(9, tag);
    const token = await upload(admin.id, csvOf(data));

    expect(startCommit(admin, token, "note", { maxChunkRows: 2, stopAfterChunks: 2 })).toBe("started");
    expect(startCommit(admin, token, "again")).toBe("busy");
    await settledImport(token);
    const stopped = jobOf(token);
    expect(stopped.phase).toBe("importing");
    expect(stopped.doneRows).toBeGreaterThanOrEqual(2);
    expect(stopped.doneRows).toBeLessThan(9);
    expect(centresTagged(tag)).toHaveLength(stopped.doneRows);

    ageJob(token);
    expect((await page(admin.id, token)).data.progress).toMatchObject({ phase: "interrupted", done: stopped.doneRows });
    expect((await confirm(admin.id, token)).status).toBe(303);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 9, doneRows: 9, skipped: 0 });
    expect(
      centresTagged(tag)
        .map((c) => c.uscc)
        .sort(),
    ).toEqual(data.map((r) => r[2]!).sort());
    // Confirming a finished import again writes nothing.
    expect((await confirm(admin.id, token)).status).toBe(303);
    await settledImport(token);
    expect(centresTagged(tag)).toHaveLength(9);
  });

  it("a chunk the database refuses is rolled back whole, and continuing writes each row once", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const tag = "Atomic";
    const data = rows(6, tag);
    const failing = data[3]![2]!;
    const token = await upload(admin.id, csvOf(data));
    // Not a temporary trigger: the worker writes on a connection of its own.
    db.$client.exec(
      `create trigger import_worker_fails before insert on centres when new.uscc = '${failing}' begin select raise(abort, 'refused for the test'); end`,
    );
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      startCommit(admin, token, "note", { maxChunkRows: 2 });
      await settledImport(token);
    } finally {
      db.$client.exec("drop trigger if exists import_worker_fails");
      logged.mockRestore();
    }
    const failed = jobOf(token);
    expect(failed).toMatchObject({ phase: "failed", error: "refused for the test" });
    const written = centresTagged(tag).map((c) => c.uscc);
    expect(written).not.toContain(failing);
    expect(written).toHaveLength(failed.doneRows);
    expect(failed.created).toBe(failed.doneRows);

    await confirm(admin.id, token);
    await settledImport(token);
    expect(jobOf(token)).toMatchObject({ phase: "done", created: 6, doneRows: 6 });
    expect(centresTagged(tag)).toHaveLength(6);
  });

  it("is started while the importer chooses a file and reads the preview, not when the result is shown", async () => {
    const steward = await makeUser("steward", { locale: "en" });
    const open = async (search: string) => {
      const request = await get(`/centres/import${search}`, steward.id);
      await run(() => loader({ request, params: {}, context }));
    };
    const restart = async () => {
      await stopImportWorker();
      startImportWorker(workerEntry());
      expect(importWorkerRunning()).toBe(false);
    };
    await restart();
    await open("");
    // The upload is read on the worker; a large file is checked on it and its helper.
    expect(importWorkerRunning()).toBe(true);
    expect(importHelperRunning()).toBe(true);
    const token = await upload(steward.id, csvOf(rows(3, "Warm")));
    await restart();
    await open(`?upload=${token}`);
    // Only the worker writes.
    expect(importWorkerRunning()).toBe(true);
    expect(importHelperRunning()).toBe(false);
    startCommit(steward, token, "note");
    await settledImport(token);
    await restart();
    await open(`?upload=${token}`);
    expect(importWorkerRunning()).toBe(false);
  });

  it("checks a large file in two halves, on the worker and on its helper", { timeout: 60_000 }, async () => {
    const steward = await makeUser("steward", { locale: "en" });
    const before = importJobsAnswered();
    const token = await upload(steward.id, csvOf(rows(SPLIT_CHECK_ROWS, "Halves")));
    const after = importJobsAnswered();
    // The worker read the file, checked the first half and joined the halves; the helper checked the second.
    expect(after.worker - before.worker).toBe(3);
    expect(after.helper - before.helper).toBe(1);
    expect((await page(steward.id, token)).data.preview).toMatchObject({
      total: SPLIT_CHECK_ROWS,
      counts: { create: SPLIT_CHECK_ROWS, update: 0, unchanged: 0, skip: 0 },
    });
    expect(jobOf(token)).toMatchObject({ phase: "checked", checkedRows: SPLIT_CHECK_ROWS });
  });

  it("reads the upload on the worker, and a file it cannot take is refused there, saying why", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const file = new File([new TextEncoder().encode("name,code\nA,1\n")], "wrong.csv", { type: "text/csv" });
    const request = await post("/centres/import", { intent: "upload", file }, { userId: admin.id });
    const res = await run(() => action({ request, params: {}, context }));
    const { status, data } = payload<{ uploadError: { key: string; missing: string[] } }>(res);
    expect(status).toBe(400);
    expect(data.uploadError).toMatchObject({ key: "header", missing: expect.arrayContaining(["name_zh", "uscc"]) });
  });

  it("refuses duplicates: a code given twice in the file, a code already imported, a row made invalid after the check", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const leaving = await makeUser("steward");
    const tag = "Dupes";
    const first = rows(3, tag);
    await upload(admin.id, csvOf(first)).then(async (token) => {
      startCommit(admin, token, "note");
      await settledImport(token);
    });
    const again = rows(3, tag);
    const leadLeaving = rows(1, tag, () => ({ lead_steward_email: leaving.email }));
    const token = await upload(
      admin.id,
      csvOf([...again, again[0]!.map((cell, i) => (i === 1 ? "Same code twice" : cell)), first[1]!, ...leadLeaving]),
    );
    expect((await page(admin.id, token)).data.preview!.counts).toEqual({ create: 4, update: 0, unchanged: 1, skip: 1 });
    // Between the check and the commit the named lead steward leaves: the commit checks the row again and skips it.
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, leaving.id)).run();
    startCommit(admin, token, "note");
    await settledImport(token);
    const job = jobOf(token);
    expect(job).toMatchObject({ phase: "done", created: 3, unchanged: 1, skipped: 2 });
    expect((job.skippedRows as { line: number; errors: { message: string }[] }[]).map((r) => r.errors[0]!.message)).toEqual([
      "centreImport.errors.duplicateInFile",
      "validation.unknownSteward",
    ]);
    // Every code once.
    const codes = centresTagged(tag).map((c) => c.uscc);
    expect(codes).toHaveLength(new Set(codes).size);
    expect(codes.sort()).toEqual([...first, ...again].map((r) => r[2]!).sort());
  });
});
