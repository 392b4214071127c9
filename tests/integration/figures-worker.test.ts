import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJSModule from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { and, eq, inArray } from "drizzle-orm";
import { followUps, outbox, supportRequests, users } from "../../db/schema";
import { exportTable } from "~/models/dashboard/export.server";
import { centreExportFile } from "~/models/centre-export.server";
import { centresBehind, centreStats } from "~/models/dashboard/centre-figures.server";
import { answerFigures } from "~/models/answer-figures.server";
import { requestsBehind } from "~/models/dashboard/service-figures.server";
import {
  answerFiguresOffThread,
  centreExportOffThread,
  dailyDigestsOffThread,
  centreStatsOffThread,
  exportWorkbookOffThread,
  figuresJobsAnswered,
  requestsBehindOffThread,
  centresBehindOffThread,
  figuresWorkerRunning,
  stewardWorkOffThread,
  startFiguresWorker,
  stopFiguresWorker,
} from "~/models/dashboard/figures-worker.server";
import { dashboardView, loadDashboardScreenView, loadDashboardView } from "~/models/dashboard/view.server";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { stewardWorkPage } from "~/models/work-page.server";
import { makeUser } from "../helpers/requests";

const ExcelJS = (ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ?? ExcelJSModule;

/**
 * The server computes the dashboard's figures and builds its workbooks on a worker thread with
 * its own database connection (issue 14: the request thread is never held up by them). Here the
 * worker runs the TypeScript source, loaded through tsx as the server loads its build.
 */
const workerEntry = () => {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  const source = pathToFileURL(path.resolve("app/models/dashboard/figures-worker.server.ts")).href;
  const boot = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(source)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
};

const today = todayInBeijing();
let uscc = 6_300_000;

beforeAll(() => {
  insertCentre(db, {
    nameZh: "工作线程研发中心",
    nameEn: "Worker R&D Centre",
    parentCompany: "Worker",
    countryCode: "US",
    uscc: makeUscc(uscc++),
    districtCode: "haidian",
    events: [
      { kind: "stage_changed", effectiveOn: "2025-03-01", toStage: "recognised" },
      { kind: "recognised", effectiveOn: "2025-03-01", batch: 7, level: "regional" },
    ],
  });
  startFiguresWorker(workerEntry());
  // Spawned with the first job, not at start: an idle server keeps no second copy of the app.
  expect(figuresWorkerRunning()).toBe(false);
});
afterAll(() => stopFiguresWorker());

/** Resolves to whether the request thread ran a callback queued after `work` started, before `work` ended. */
/**
 * Whether the request thread stayed free: the work was answered by the worker thread, not computed
 * in place. (Racing a setImmediate against the answer was flaky: a quick job posted from the
 * event loop's check phase can be answered before the next check phase.)
 */
async function threadStayedFree<T>(work: () => Promise<T>): Promise<{ value: T; free: boolean }> {
  const answered = figuresJobsAnswered();
  const value = await work();
  return { value, free: figuresJobsAnswered() > answered };
}

describe("the dashboard's figures on a worker thread", () => {
  it("are the figures computed in place, and the request thread runs other work meanwhile", { timeout: 60_000 }, async () => {
    const search = new URLSearchParams("interval=month");
    const { value: view, free } = await threadStayedFree(() => loadDashboardView(search, today));
    expect(free).toBe(true);
    // Computed in place on a database of the same content (the test's own connection, no worker).
    expect(view).toEqual(dashboardView(search, today));
    expect(view.figures.total).toBeGreaterThan(0);
  });

  it("are recomputed on the worker after a write, and kept until the next one", { timeout: 60_000 }, async () => {
    const before = await loadDashboardScreenView(new URLSearchParams(), today);
    // A repeat view is answered from the cache, without a trip to the worker.
    expect(await loadDashboardScreenView(new URLSearchParams(), today)).toEqual(before);
    const centre = insertCentre(db, {
      nameZh: "新研发中心",
      nameEn: "New R&D Centre",
      parentCompany: "New",
      countryCode: "DE",
      uscc: makeUscc(uscc++),
      districtCode: "chaoyang",
      events: [{ kind: "recognised", effectiveOn: "2025-06-01", batch: 8, level: "global" }],
    });
    db.insert(supportRequests)
      .values({
        receiptNo: `RQ-2099-${uscc}`,
        centreId: centre,
        categoryCode: "tax",
        title: "t",
        description: "d",
        urgency: "normal",
        language: "en",
        status: "submitted",
        submittedOn: today,
        idempotencyKey: `worker-${uscc}`,
      })
      .run();
    const { value: after, free } = await threadStayedFree(() => loadDashboardScreenView(new URLSearchParams(), today));
    expect(free).toBe(true);
    expect(after.figures.total).toBe(before.figures.total + 1);
    expect(after.service.overall.volume).toBe(before.service.overall.volume + 1);
  });

  it("build the workbook of every table, readable by Excel's format", { timeout: 60_000 }, async () => {
    const view = await loadDashboardView(new URLSearchParams(), today);
    const tables = (["level", "requests_summary"] as const).map((name) => exportTable(view, name, "en"));
    const { value: bytes, free } = await threadStayedFree(() => exportWorkbookOffThread(tables, view.params.interval, "en"));
    expect(free).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toHaveLength(2);
    expect(workbook.worksheets[0]!.getRow(1).getCell(3).value).toBe("Centres");
  });

  it("make the centre list's exports, the same files as made in place", { timeout: 60_000 }, async () => {
    const search = "?district=haidian&sort=name";
    const { value: csv, free } = await threadStayedFree(() => centreExportOffThread(search, "en", "csv"));
    expect(free).toBe(true);
    expect(figuresWorkerRunning()).toBe(true);
    const inPlace = await centreExportFile(search, "en", "csv");
    expect(Buffer.from(csv.bytes).equals(Buffer.from(inPlace.bytes))).toBe(true);
    expect(new TextDecoder().decode(csv.bytes)).toContain("Worker R&D Centre");
    const xlsx = await centreExportOffThread(search, "zh-CN", "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("name_zh");
    // Written row by row (the streaming writer): the header bold and frozen, codes and dates kept as text.
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(3).numFmt).toBe("@");
    expect(typeof sheet.getRow(2).getCell(3).value).toBe("string");
    const names: unknown[] = [];
    sheet.eachRow((row, n) => n > 1 && names.push(row.getCell(2).value));
    expect(names).toContain("Worker R&D Centre");
  });

  it("count the statistics API's figures, the same as in place", { timeout: 60_000 }, async () => {
    const { value: stats, free } = await threadStayedFree(() => centreStatsOffThread(today, "district", today));
    expect(free).toBe(true);
    expect(stats).toEqual(centreStats(today, "district", today));
    expect(stats.groups.find((g) => g.key === "haidian")?.count).toBeGreaterThan(0);
  });

  it(
    "count the policy library's figures, the same as in place, and keep them until a request changes",
    { timeout: 60_000 },
    async () => {
      const period = { from: "2025-01-01", to: today };
      const { value: answers, free } = await threadStayedFree(() => answerFiguresOffThread(period, today));
      expect(free).toBe(true);
      expect(answers).toEqual(answerFigures(period, today));
      // Kept: the next view asks no worker.
      const { free: again } = await threadStayedFree(() => answerFiguresOffThread(period, today));
      expect(again).toBe(false);
      db.$client.prepare("update change_counters set version = version + 1 where name = 'requests'").run();
      const { free: afterWrite } = await threadStayedFree(() => answerFiguresOffThread(period, today));
      expect(afterWrite).toBe(true);
    },
  );

  it(
    "find the requests behind a service number, the same as in place, and keep their order until a request changes",
    { timeout: 60_000 },
    async () => {
      const centre = insertCentre(db, {
        nameZh: "诉求研发中心",
        nameEn: "Requests R&D Centre",
        parentCompany: "Req",
        countryCode: "DE",
        uscc: makeUscc(uscc++),
        districtCode: "chaoyang",
      });
      for (let i = 0; i < 3; i++)
        db.insert(supportRequests)
          .values({
            receiptNo: `RQ-2098-${uscc}-${i}`,
            centreId: centre,
            categoryCode: "tax",
            title: `Behind ${i}`,
            description: "d",
            urgency: "normal",
            language: "en",
            status: "submitted",
            submittedOn: today,
            idempotencyKey: `behind-${uscc}-${i}`,
          })
          .run();
      const options = { period: { from: "2025-01-01", to: today }, today, page: 0, pageSize: 2 };
      const { value: page, free } = await threadStayedFree(() => requestsBehindOffThread(options));
      expect(free).toBe(true);
      expect(page).toEqual(requestsBehind(options));
      expect(page.hasOlder).toBe(true);
      // The next page asks no worker: the order is kept on this thread, and only the page is read.
      const next = { ...options, page: 1 };
      const { value: second, free: again } = await threadStayedFree(() => requestsBehindOffThread(next));
      expect(again).toBe(false);
      expect(second).toEqual(requestsBehind(next));
      db.$client.prepare("update change_counters set version = version + 1 where name = 'requests'").run();
      const { free: afterWrite } = await threadStayedFree(() => requestsBehindOffThread(next));
      expect(afterWrite).toBe(true);
    },
  );

  it("find a page of the centres behind a dashboard number, the same as in place", { timeout: 60_000 }, async () => {
    const options = { asOf: today, today, drill: { by: "level" as const, key: "regional" }, page: 1 };
    const { value: page, free } = await threadStayedFree(() => centresBehindOffThread(options));
    expect(free).toBe(true);
    expect(page).toEqual(centresBehind(options));
    expect(page.rows.map((r) => r.nameEn)).toContain("Worker R&D Centre");
  });

  it("queue the daily digest from the worker: each steward's once, the same as in place", { timeout: 60_000 }, async () => {
    const stewards = [];
    for (const n of [1, 2]) {
      const steward = await makeUser("steward", { locale: "en" });
      const centreId = insertCentre(db, {
        nameZh: `摘要工作线程中心${n}`,
        nameEn: `Digest Worker Centre ${n}`,
        parentCompany: "Digest",
        countryCode: "US",
        districtCode: "haidian",
        uscc: makeUscc(uscc++),
        leadStewardId: steward.id,
      });
      db.insert(followUps)
        .values({ centreId, description: `Call back ${n}`, ownerId: steward.id, dueOn: "2026-01-05" })
        .run();
      stewards.push(steward);
    }
    const emails = stewards.map((s) => s.email);
    const digests = () =>
      db
        .select({ recipient: outbox.recipient, body: outbox.body })
        .from(outbox)
        .where(and(eq(outbox.channel, "email"), inArray(outbox.recipient, emails)))
        .all();
    const day = new Date("2026-03-02T01:00:00Z");
    const { value: run, free } = await threadStayedFree(() => dailyDigestsOffThread(day));
    expect(free).toBe(true);
    expect(run).toMatchObject({ date: "2026-03-02" });
    expect(run!.digests).toBeGreaterThanOrEqual(2);
    const sent = digests();
    expect(sent.map((d) => d.recipient).sort()).toEqual([...emails].sort());
    expect(sent.find((d) => d.recipient === emails[0])!.body).toContain("Call back 1");
    for (const s of stewards)
      expect(db.select({ on: users.digestOn }).from(users).where(eq(users.id, s.id)).get()?.on).toBe("2026-03-02");
    // The day is done: neither the worker nor the request thread queues a second one.
    expect(await dailyDigestsOffThread(day)).toBeNull();
    expect(digests()).toHaveLength(2);
  });

  it(
    "compute the work page of a steward with more centres than the in-place limit, the same as in place",
    { timeout: 60_000 },
    async () => {
      const steward = await makeUser("steward");
      for (const name of ["Alpha", "Beta", "Gamma"])
        insertCentre(db, {
          nameZh: `${name}研发中心`,
          nameEn: `${name} Steward Work Centre`,
          parentCompany: name,
          countryCode: "DE",
          uscc: makeUscc(uscc++),
          districtCode: "haidian",
          leadStewardId: steward.id,
          events: [{ kind: "stage_changed", effectiveOn: "2025-06-01", toStage: "in_contact" }],
        });
      const rows = { contact: 2, checklist: 25, followups: 25, centres: 2 };
      const viewer = { id: steward.id, role: steward.role };
      // Within the limit (3 centres ≤ 3): on the request thread, as for every usual steward.
      const near = await threadStayedFree(() => stewardWorkOffThread(steward, viewer, rows, 3));
      expect(near.free).toBe(false);
      // Past it (3 > 2): on the worker, and only the rows asked for come back, with the totals.
      const far = await threadStayedFree(() => stewardWorkOffThread(steward, viewer, rows, 2));
      expect(far.free).toBe(true);
      expect(far.value).toEqual(stewardWorkPage(steward, viewer, rows));
      expect(far.value).toEqual(near.value);
      expect(far.value.centres.total).toBe(3);
      expect(far.value.centres.rows).toHaveLength(2);
      expect(far.value.dueForContact).toMatchObject({ total: 3 });
      expect(far.value.dueForContact.rows).toHaveLength(2);
      expect(far.value.leadCount).toBe(3);
    },
  );

  it("are computed in place again once the worker is stopped", { timeout: 60_000 }, async () => {
    await stopFiguresWorker();
    const { value, free } = await threadStayedFree(() => loadDashboardView(new URLSearchParams("interval=year"), today));
    expect(free).toBe(false);
    expect(value.figures.interval).toBe("year");
  });
});
