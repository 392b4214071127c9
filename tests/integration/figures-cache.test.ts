import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { insertCentre, insertUser, makeUscc } from "../../db/factories";
import { answerArticles, answerSuggestionViews, supportRequests } from "../../db/schema";
import { answerFigures } from "~/models/answer-figures.server";
import { centreFigures, centreStats } from "~/models/dashboard/centre-figures.server";
import { serviceFigures } from "~/models/dashboard/service-figures.server";
import { cachedFigures, changeStamp } from "~/models/figures-cache.server";

/**
 * The officials' figures are kept until the data behind them changes: writes through the app,
 * and writes by another process (another connection to the file), both make the next view recount.
 */
let dbCount = 0;
function freshDb(): { database: Db; file: string } {
  const template = inject("templateDb");
  const file = path.join(path.dirname(template), `figures-cache-${process.pid}-${++dbCount}.db`);
  fs.copyFileSync(template, file);
  return { database: openDatabase(file), file };
}

const today = "2026-11-26";
let uscc = 5_100_000;
function recognisedCentre(database: Db, name: string, on = "2025-03-01") {
  return insertCentre(database, {
    nameZh: `${name}研发中心`,
    nameEn: `${name} R&D Centre`,
    parentCompany: name,
    countryCode: "US",
    uscc: makeUscc(uscc++),
    districtCode: "haidian",
    events: [
      { kind: "stage_changed", effectiveOn: on, toStage: "recognised" },
      { kind: "recognised", effectiveOn: on, batch: 7, level: "regional" },
    ],
  });
}

describe("centre figures kept until the centres change", () => {
  let database: Db;
  let file: string;
  let alpha: string;
  const figures = () => centreFigures({ asOf: today, today }, database);

  beforeAll(() => {
    ({ database, file } = freshDb());
    alpha = recognisedCentre(database, "Alpha");
  });

  it("answers a repeated view from the cache, and recounts after a write through the app", () => {
    const first = figures();
    expect(first.total).toBe(1);
    expect(figures()).toBe(first);
    recognisedCentre(database, "Beta");
    const second = figures();
    expect(second).not.toBe(first);
    expect(second.total).toBe(2);
  });

  it("recounts after another process writes an event or moves a centre, not after an unrelated edit", () => {
    const before = figures();
    const other = new Database(file);
    try {
      other.prepare("update centres set notes = 'met the CTO' where id = ?").run(alpha);
      expect(figures()).toBe(before);

      other
        .prepare("insert into centre_events (id, centre_id, kind, effective_on) values ('ev-w', ?, 'withdrawn', '2026-01-05')")
        .run(alpha);
      const afterWithdrawal = figures();
      expect(afterWithdrawal.total).toBe(before.total - 1);
      expect(afterWithdrawal.withdrawn).toBe(before.withdrawn + 1);

      const districtCount = (code: string) =>
        centreStats(today, "district", today, database).groups.find((g) => g.key === code)?.count;
      expect(districtCount("chaoyang")).toBe(0);
      other.prepare("update centres set district_code = 'chaoyang' where id <> ?").run(alpha);
      expect(districtCount("chaoyang")).toBe(1);
    } finally {
      other.close();
    }
  });

  it("relabels after an admin renames a reference item", () => {
    const label = () => centreStats(today, "district", today, database).groups.find((g) => g.key === "haidian")!.label.en;
    expect(label()).toBe("Haidian");
    database.$client
      .prepare("update reference_items set label_en = 'Haidian District' where kind = 'district' and code = 'haidian'")
      .run();
    expect(label()).toBe("Haidian District");
  });
});

describe("service figures kept until the requests change", () => {
  it("recounts after a request is submitted or rated, keeping the cached figures otherwise", () => {
    const { database, file } = freshDb();
    const centreId = recognisedCentre(database, "Gamma");
    const period = { from: "2026-01-01", to: today };
    const figures = () => serviceFigures({ period, today }, database);
    const first = figures();
    expect(first.overall.volume).toBe(0);
    expect(figures()).toBe(first);

    const steward = insertUser(database, {
      email: "cache.steward@example.test",
      name: "Cache Steward",
      role: "steward",
      passwordHash: "not-a-hash",
    });
    database
      .insert(supportRequests)
      .values({
        receiptNo: "RQ-2026-900001",
        centreId,
        categoryCode: "tax",
        title: "Invoice question",
        description: "…",
        submittedOn: "2026-11-02",
        acceptDueOn: "2026-11-03",
        answerDueOn: "2026-11-16",
        status: "answered",
        assignedStewardId: steward,
        acceptedAt: new Date("2026-11-02T10:00:00+08:00"),
        answeredAt: new Date("2026-11-05T10:00:00+08:00"),
      })
      .run();
    const second = figures();
    expect(second.overall.volume).toBe(1);
    expect(second.overall.satisfaction.of).toBe(0);

    const other = new Database(file);
    try {
      other
        .prepare(
          "insert into satisfaction (request_id, rating, at) select id, 'satisfied', 0 from support_requests where receipt_no = 'RQ-2026-900001'",
        )
        .run();
    } finally {
      other.close();
    }
    expect(figures().overall.satisfaction).toEqual({ count: 1, of: 1, rate: 1 });
  });
});

describe("the policy library's figures", () => {
  it("are kept between views, and recounted after a suggestion is opened or an article's review date moves", () => {
    const { database } = freshDb();
    const period = { from: "2026-01-01", to: today };
    const article = database
      .insert(answerArticles)
      .values({
        titleEn: "Visas",
        titleZh: "签证",
        categoryCode: "talent_entry_exit",
        status: "published",
        reviewBy: "2027-01-01",
      })
      .returning({ id: answerArticles.id })
      .get().id;
    const first = answerFigures(period, today, database);
    expect(answerFigures(period, today, database)).toBe(first);
    expect([first.suggestions.opened, first.overdue.count]).toEqual([0, 0]);

    database
      .insert(answerSuggestionViews)
      .values({ articleId: article, formKey: "form-1", openedAt: new Date(`${today}T10:00:00+08:00`) })
      .run();
    const opened = answerFigures(period, today, database);
    expect(opened.suggestions).toEqual({ opened: 1, sessions: 1, withoutRequest: 1, selfServiceShare: 100 });

    database.update(answerArticles).set({ reviewBy: "2026-01-01" }).run();
    expect(answerFigures(period, today, database).overdue.count).toBe(1);
  });
});

describe("the change-counter triggers", () => {
  it("exist for inserts, updates and deletes on every table the figures read (a table rebuilt by a migration would lose them)", () => {
    const { database } = freshDb();
    const triggers = new Set(
      database.$client
        .prepare("select name from sqlite_master where type = 'trigger'")
        .all()
        .map((r) => (r as { name: string }).name),
    );
    const tables = [
      "centres",
      "centre_events",
      "centre_industries",
      "reference_items",
      "settings",
      "support_requests",
      "request_events",
      "satisfaction",
      "calendar_overrides",
      "users",
      "request_answer_articles",
      "answer_suggestion_views",
      "answer_articles",
    ];
    for (const table of tables)
      for (const event of ["insert", "update", "delete"])
        expect(triggers, `${table}_${event}_bump`).toContain(`${table}_${event}_bump`);
  });
});

describe("cachedFigures", () => {
  it("keeps the most recently used keys up to the scope's limit, and stamps by the counters' versions", () => {
    const { database } = freshDb();
    const scope = { name: "test", counters: ["requests"] as const, limit: 2 };
    let computed = 0;
    const value = (key: string) => cachedFigures(database, scope, key, () => `${key}-${++computed}`);
    expect([value("a"), value("b"), value("a")]).toEqual(["a-1", "b-2", "a-1"]);
    expect(value("c")).toBe("c-3"); // evicts b, the least recently used
    expect(value("a")).toBe("a-1");
    expect(value("b")).toBe("b-4");

    const stamp = changeStamp(database, ["centres", "requests"]);
    database.$client.prepare("insert into settings (key, value) values ('probe', '1')").run();
    expect(changeStamp(database, ["centres", "requests"])).not.toBe(stamp);
    expect(value("b")).toBe("b-5");
  });
});
