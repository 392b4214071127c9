import { and, count, eq } from "drizzle-orm";
import * as ExcelJSModule from "exceljs";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { auditLog, centreEvents, centreIndustries, centres, contacts, users } from "../../db/schema";
import { CENTRE_CSV_COLUMNS, MAX_IMPORT_ROWS, parseCsvTable, toCsv, type CentreCsvColumn } from "~/domain/centre-csv";
import { settledImport } from "~/models/centre-import.server";
import { action, loader } from "~/routes/centres.import";
import { loader as exportCsv } from "~/routes/centres.export[.]csv";
import { loader as exportXlsx } from "~/routes/centres.export[.]xlsx";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

const ExcelJS = (ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ?? ExcelJSModule;

type Row = Partial<Record<CentreCsvColumn, string>>;
let serial = 0;
const nextUscc = () => makeUscc(3_000_000 + ++serial);

function validRow(extra: Row = {}): Row {
  const uscc = extra.uscc ?? nextUscc();
  return {
    name_zh: `导入测试中心${uscc.slice(-4)}`,
    name_en: `Import Test Centre ${uscc.slice(-4)}`,
    uscc,
    parent_company: "Import Test AG",
    country: "德国",
    district: "Haidian",
    park: "zgc_haidian",
    industries: "医药健康;AI",
    type: "研发创新中心",
    level: "Regional",
    stage: "",
    recognised_batch: "",
    recognised_on: "",
    rd_headcount: "120",
    rd_spend_cny: "25000000",
    lead_steward_email: "",
    ...extra,
  };
}

const csvOf = (rows: Row[], columns: readonly string[] = CENTRE_CSV_COLUMNS) =>
  toCsv([[...columns], ...rows.map((r) => columns.map((c) => r[c as CentreCsvColumn] ?? ""))]);

const fileOf = (content: string | Uint8Array, name = "centres.csv") =>
  new File([typeof content === "string" ? new TextEncoder().encode(content) : new Uint8Array(content)], name, {
    type: "text/csv",
  });

type LoaderData = Awaited<ReturnType<typeof loader>>["data"];

async function upload(userId: string, file: File | string) {
  const request = await post(
    "/centres/import",
    { intent: "upload", file: typeof file === "string" ? fileOf(file) : file },
    { userId },
  );
  return run(() => action({ request, params: {}, context }));
}

/** Uploads a file and returns its token (the redirect to the preview carries it). */
async function uploadOk(userId: string, file: File | string) {
  const res = (await upload(userId, file)) as Response;
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get("Location")!, "http://localhost");
  expect(location.pathname).toBe("/centres/import");
  const token = location.searchParams.get("upload")!;
  // The rows are checked in the background (issue 14); the page shows the preview once they are.
  await settledImport(token);
  return token;
}

async function page(userId: string, token?: string) {
  const request = await get(token ? `/centres/import?upload=${token}` : "/centres/import", userId);
  return payload<LoaderData>(await run(() => loader({ request, params: {}, context })));
}

async function commit(userId: string, token: string) {
  const request = await post("/centres/import", { intent: "commit", token }, { userId });
  const res = await run(() => action({ request, params: {}, context }));
  await settledImport(token);
  return res;
}

const centreByUscc = (uscc: string) => db.select().from(centres).where(eq(centres.uscc, uscc)).get();
const centreCount = () => db.select({ n: count() }).from(centres).get()!.n;
const eventsOf = (centreId: string) => db.select().from(centreEvents).where(eq(centreEvents.centreId, centreId)).all();

describe("/centres/import: upload and preview", () => {
  it("previews every row with its errors, resolving labels, and writes nothing", async () => {
    const admin = await makeUser("admin");
    const good = validRow();
    const before = centreCount();
    const auditBefore = db.select({ n: count() }).from(auditLog).get()!.n;
    const token = await uploadOk(
      admin.id,
      csvOf([
        good,
        validRow({ uscc: "91110000MA0123456X", country: "Mars" }),
        validRow({ uscc: good.uscc, name_en: "Same code again" }),
        validRow({ recognised_batch: "3", rd_headcount: "many" }),
        validRow({ lead_steward_email: "nobody@test.local", industries: "" }),
      ]),
    );
    expect(centreCount()).toBe(before);

    const { status, data } = await page(admin.id, token);
    expect(status).toBe(200);
    expect(data.view).toBe("preview");
    expect(data.preview!.counts).toEqual({ create: 1, update: 0, unchanged: 0, skip: 4 });
    const rows = data.preview!.rows;
    expect(rows.map((r) => [r.line, r.action])).toEqual([
      [2, "create"],
      [3, "skip"],
      [4, "skip"],
      [5, "skip"],
      [6, "skip"],
    ]);
    expect(rows[1]!.errors).toEqual([{ column: "uscc", message: "validation.usccInvalid", value: "91110000MA0123456X" }]);
    expect(rows[2]!.errors).toEqual([
      { column: "uscc", message: "centreImport.errors.duplicateInFile", params: { line: 2 }, value: good.uscc },
    ]);
    expect(rows[3]!.errors).toEqual([
      { column: "rd_headcount", message: "validation.wholeNumber", value: "many" },
      { column: "recognised_on", message: "centreImport.errors.recognitionPair" },
    ]);
    expect(rows[4]!.errors).toEqual([{ column: "industries", message: "validation.industryRequired" }]);

    // Server checks run once the schema passes: unknown codes and stewards.
    const token2 = await uploadOk(admin.id, csvOf([validRow({ country: "Mars", lead_steward_email: "nobody@test.local" })]));
    const second = await page(admin.id, token2);
    expect(second.data.preview!.rows[0]!.errors).toEqual([
      { column: "country", message: "validation.unknownCode", value: "Mars" },
      { column: "lead_steward_email", message: "validation.unknownSteward", value: "nobody@test.local" },
    ]);
    expect(centreCount()).toBe(before);
    expect(db.select({ n: count() }).from(auditLog).get()!.n).toBe(auditBefore);
  });

  it("reads a GB18030 file (Excel on a Chinese Windows) and a UTF-8 file with BOM alike", async () => {
    const admin = await makeUser("admin");
    const row = validRow({
      name_zh: "海力克斯生物（北京）研发中心",
      district: "海淀区",
      industries: "人工智能",
      level: "全球级",
    });
    const utf8 = "\uFEFF" + csvOf([row]);
    const gb = encodeGb18030(csvOf([row]));
    const viaGb = await page(admin.id, await uploadOk(admin.id, fileOf(gb, "gb.csv")));
    const viaBom = await page(admin.id, await uploadOk(admin.id, fileOf(utf8, "bom.csv")));
    expect(viaGb.data.encoding).toBe("gb18030");
    expect(viaBom.data.encoding).toBe("utf-8");
    for (const view of [viaGb, viaBom]) {
      expect(view.data.preview!.rows).toMatchObject([{ action: "create", nameZh: "海力克斯生物（北京）研发中心", errors: [] }]);
    }
  });

  it("refuses files it cannot take, saying why", { timeout: 60_000 }, async () => {
    const admin = await makeUser("admin");
    const uploadError = async (file: File | string) => {
      const res = payload<{ uploadError: unknown }>(await upload(admin.id, file));
      return [res.status, res.data?.uploadError];
    };
    expect(await uploadError("name_zh,uscc\n甲,X\n")).toEqual([
      400,
      {
        key: "header",
        missing: ["name_en", "parent_company", "country", "district", "industries", "type", "level"],
        duplicate: [],
      },
    ]);
    expect(await uploadError(csvOf([]))).toEqual([400, { key: "empty" }]);
    expect(await uploadError(fileOf("", ""))).toEqual([400, { key: "noFile" }]);
    expect(await uploadError(fileOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "centres.xlsx"))).toEqual([
      400,
      { key: "notCsv" },
    ]);
    expect(await uploadError(`${CENTRE_CSV_COLUMNS.join(",")}\n"unclosed,\n`)).toEqual([400, { key: "malformed", line: 2 }]);
    const tooMany = csvOf(Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({ name_zh: "x" })));
    expect(await uploadError(tooMany)).toEqual([400, { key: "tooManyRows", count: MAX_IMPORT_ROWS + 1, max: MAX_IMPORT_ROWS }]);
    const big = csvOf([validRow()]) + "x".repeat(20 * 1024 * 1024);
    expect(await uploadError(big)).toEqual([413, { key: "tooLarge", maxMb: 20 }]);
  });

  it("sends the upload script on to the preview without checking the rows twice", async () => {
    const admin = await makeUser("admin");
    const request = await post(
      "/centres/import",
      { intent: "upload", client: "xhr", file: fileOf(csvOf([validRow()])) },
      { userId: admin.id },
    );
    const res = (await run(() => action({ request, params: {}, context }))) as Response;
    const location = new URL(res.headers.get("Location")!, "http://localhost");
    expect(location.searchParams.get("uploaded")).toBe("1");
    const landing = payload<LoaderData>(
      await run(async () =>
        loader({ request: await get(`${location.pathname}${location.search}`, admin.id), params: {}, context }),
      ),
    );
    expect(landing.data).toMatchObject({ view: "uploaded", preview: null, token: location.searchParams.get("upload") });
  });

  it("keeps an upload to its uploader", async () => {
    const admin = await makeUser("admin");
    const other = await makeUser("admin");
    const token = await uploadOk(admin.id, csvOf([validRow()]));
    expect((await page(other.id, token)).status).toBe(404);
    expect((await page(other.id, token)).data.view).toBe("expired");
    expect(payload(await commit(other.id, token)).status).toBe(404);
    expect((await page(admin.id, "../../etc/passwd")).data.view).toBe("expired");
    expect((await page(admin.id, token)).data.view).toBe("preview");
  });

  it("is for admins and stewards; every POST needs the CSRF token", async () => {
    for (const role of ["official", "enterprise"] as const) {
      const user = await makeUser(role);
      expect(
        ((await run(async () => loader({ request: await get("/centres/import", user.id), params: {}, context }))) as Response)
          .status,
        role,
      ).toBe(403);
      expect(((await upload(user.id, csvOf([validRow()]))) as Response).status, role).toBe(403);
    }
    const steward = await makeUser("steward");
    expect((await page(steward.id)).data.view).toBe("upload");
    const request = await post(
      "/centres/import",
      { intent: "upload", file: fileOf(csvOf([validRow()])) },
      { userId: steward.id, csrfToken: false },
    );
    expect(((await run(() => action({ request, params: {}, context }))) as Response).status).toBe(403);
    const commitRequest = await post(
      "/centres/import",
      { intent: "commit", token: "x" },
      { userId: steward.id, csrfToken: false },
    );
    expect(((await run(() => action({ request: commitRequest, params: {}, context }))) as Response).status).toBe(403);
  });
});

describe("/centres/import: commit", () => {
  it("creates the valid rows with their recognition in one go, reports created/updated/skipped, and a re-import updates, never duplicates", async () => {
    const admin = await makeUser("admin", { locale: "en" });
    const steward = await makeUser("steward");
    const a = validRow({
      stage: "已认定",
      recognised_batch: "3",
      recognised_on: "2023-07-01",
      level: "全球级",
      lead_steward_email: steward.email.toUpperCase(),
    });
    const b = validRow({ district: "etown", park: "", industries: "integrated_circuits" });
    const bad = validRow({ uscc: "123" });
    const alsoBad = validRow({ recognised_batch: "2", country: "Atlantis" });
    const token = await uploadOk(admin.id, csvOf([a, b, bad, alsoBad]));
    const before = centreCount();

    const res = (await commit(admin.id, token)) as Response;
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/centres/import?upload=${token}`);
    expect(centreCount()).toBe(before + 2);
    const result = (await page(admin.id, token)).data;
    expect(result.view).toBe("result");
    expect(result.result!.counts).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 2 });
    // The report lists everything wrong with a skipped row, as the preview did.
    expect(result.result!.skipped).toEqual([
      expect.objectContaining({
        line: 4,
        uscc: "123",
        errors: [{ column: "uscc", message: "validation.usccLength", value: "123" }],
      }),
      expect.objectContaining({
        line: 5,
        errors: [
          { column: "recognised_on", message: "centreImport.errors.recognitionPair" },
          { column: "country", message: "validation.unknownCode", value: "Atlantis" },
        ],
      }),
    ]);

    const created = centreByUscc(a.uscc!)!;
    expect(created).toMatchObject({
      countryCode: "DE",
      districtCode: "haidian",
      parkCode: "zgc_haidian",
      level: "global",
      stage: "recognised",
      leadStewardId: steward.id,
      rdHeadcount: 120,
      rdSpendCny: 25_000_000,
    });
    expect(
      db
        .select()
        .from(centreIndustries)
        .where(eq(centreIndustries.centreId, created.id))
        .all()
        .map((r) => r.industryCode)
        .sort(),
    ).toEqual(["ai", "health_pharma"]);
    const recognised = eventsOf(created.id).filter((e) => e.kind === "recognised");
    expect(recognised).toMatchObject([
      { batch: 3, effectiveOn: "2023-07-01", toLevel: "global", actorId: admin.id, note: "CSV import (centres.csv)" },
    ]);
    expect(centreByUscc(b.uscc!)).toMatchObject({ districtCode: "etown", parkCode: null, stage: "lead", leadStewardId: null });

    // Confirming again (double click, reload) shows the same result and writes nothing.
    await commit(admin.id, token);
    expect(centreCount()).toBe(before + 2);
    expect((await page(admin.id, token)).data.result!.counts.created).toBe(2);

    // Re-import with changes: updates by USCC.
    const again = await uploadOk(admin.id, csvOf([{ ...a, name_en: "Renamed Centre", rd_headcount: "150" }, b]));
    const preview = (await page(admin.id, again)).data.preview!;
    expect(preview.counts).toEqual({ create: 0, update: 1, unchanged: 1, skip: 0 });
    expect(preview.rows[0]).toMatchObject({ action: "update", changes: ["name_en", "rd_headcount"], centreId: created.id });
    await commit(admin.id, again);
    expect((await page(admin.id, again)).data.result!.counts).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0 });
    expect(centreCount()).toBe(before + 2);
    expect(centreByUscc(a.uscc!)).toMatchObject({ nameEn: "Renamed Centre", rdHeadcount: 150, version: created.version + 1 });
    expect(eventsOf(created.id).filter((e) => e.kind === "recognised")).toHaveLength(1);
    const importAudit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "centre_import"), eq(auditLog.actorId, admin.id)))
      .all();
    expect(importAudit.length).toBe(2);
  });

  it("updates only what the file says: empty optional cells keep values, other fields and contacts stay, a new stage and batch become events", async () => {
    const admin = await makeUser("admin");
    const uscc = nextUscc();
    const id = insertCentre(db, {
      nameZh: "既有中心",
      nameEn: "Existing Centre",
      parentCompany: "Existing AG",
      countryCode: "DE",
      uscc,
      districtCode: "haidian",
      parkCode: "zgc_haidian",
      industries: ["ai"],
      rdHeadcount: 40,
      website: "https://existing.example",
      address: "1 Science Road",
      contacts: [{ name: "Anna", role: "Head", email: "anna@example.com", phone: "+49 30 1234", language: "en" }],
      events: [
        { kind: "stage_changed", effectiveOn: "2022-01-10", toStage: "recognised" },
        { kind: "recognised", effectiveOn: "2022-06-01", batch: 1, level: "regional" },
        // Withdrawn in 2023, so batch 5 below is a re-recognition (a second one in force is refused).
        { kind: "withdrawn", effectiveOn: "2023-06-01" },
      ],
    });
    const token = await uploadOk(
      admin.id,
      csvOf([
        validRow({
          uscc,
          name_zh: "既有中心",
          name_en: "Existing Centre",
          parent_company: "Existing AG",
          park: "",
          industries: "ai",
          level: "global",
          stage: "upgrading",
          recognised_batch: "5",
          recognised_on: "2024-07-01",
          rd_headcount: "",
          rd_spend_cny: "",
        }),
      ]),
    );
    const preview = (await page(admin.id, token)).data.preview!;
    expect(preview.rows[0]).toMatchObject({ action: "update", changes: ["stage", "recognised_batch"], warnings: [] });
    await commit(admin.id, token);
    const after = centreByUscc(uscc)!;
    expect(after).toMatchObject({
      parkCode: "zgc_haidian",
      rdHeadcount: 40,
      website: "https://existing.example",
      address: "1 Science Road",
      stage: "upgrading",
      level: "global",
    });
    expect(db.select({ name: contacts.name }).from(contacts).where(eq(contacts.centreId, id)).all()).toEqual([{ name: "Anna" }]);
    const events = eventsOf(id);
    expect(
      events
        .filter((e) => e.kind === "recognised")
        .map((e) => e.batch)
        .sort(),
    ).toEqual([1, 5]);
    expect(events.filter((e) => e.kind === "stage_changed").at(-1)).toMatchObject({
      fromStage: "recognised",
      toStage: "upgrading",
      effectiveOn: todayInBeijing(),
    });

    // Same batch again with another level: no new event, and the level is not silently changed.
    const token2 = await uploadOk(
      admin.id,
      csvOf([
        validRow({
          uscc,
          name_zh: "既有中心",
          name_en: "Existing Centre",
          parent_company: "Existing AG",
          industries: "ai",
          level: "regional",
          stage: "upgrading",
          recognised_batch: "5",
          recognised_on: "2024-07-01",
          rd_headcount: "",
          rd_spend_cny: "",
          park: "",
        }),
      ]),
    );
    const second = (await page(admin.id, token2)).data.preview!;
    expect(second.rows[0]).toMatchObject({
      action: "unchanged",
      warnings: [{ column: "level", message: "centreImport.warnings.levelNotChanged", value: "regional" }],
    });
  });

  it("lets a steward import new centres and update their own, not other stewards' centres", async () => {
    const steward = await makeUser("steward");
    const other = await makeUser("steward");
    const mine = nextUscc();
    const theirs = nextUscc();
    insertCentre(db, {
      nameZh: "我的",
      nameEn: "Mine",
      parentCompany: "M",
      countryCode: "DE",
      uscc: mine,
      districtCode: "haidian",
      industries: ["ai"],
      leadStewardId: steward.id,
    });
    insertCentre(db, {
      nameZh: "他的",
      nameEn: "Theirs",
      parentCompany: "T",
      countryCode: "DE",
      uscc: theirs,
      districtCode: "haidian",
      industries: ["ai"],
      leadStewardId: other.id,
    });
    const fresh = validRow({ recognised_batch: "4", recognised_on: "2024-01-15" });
    const handedOver = validRow({ recognised_batch: "4", recognised_on: "2024-01-15", lead_steward_email: other.email });
    const token = await uploadOk(
      steward.id,
      csvOf([
        fresh,
        validRow({ uscc: mine, name_en: "Mine, renamed" }),
        validRow({ uscc: theirs, name_en: "Theirs, renamed" }),
        handedOver,
      ]),
    );
    const rows = (await page(steward.id, token)).data.preview!.rows;
    expect(rows.map((r) => r.action)).toEqual(["create", "update", "skip", "skip"]);
    expect(rows[2]!.errors).toEqual([{ column: "uscc", message: "centreImport.errors.notYourCentre", value: theirs }]);
    expect(rows[3]!.errors).toEqual([{ column: "recognised_batch", message: "centreImport.errors.recognitionNotYours" }]);
    await commit(steward.id, token);
    expect(centreByUscc(fresh.uscc!)).toMatchObject({ leadStewardId: steward.id });
    expect(centreByUscc(mine)!.nameEn).toBe("Mine, renamed");
    expect(centreByUscc(theirs)!.nameEn).toBe("Theirs");
    expect(centreByUscc(handedOver.uscc!)).toBeUndefined();
  });

  it("checks every row again on confirmation: what became invalid since the preview is skipped", async () => {
    const admin = await makeUser("admin");
    const steward = await makeUser("steward");
    const row = validRow({ lead_steward_email: steward.email });
    const token = await uploadOk(admin.id, csvOf([row, validRow()]));
    expect((await page(admin.id, token)).data.preview!.counts.create).toBe(2);
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, steward.id)).run();
    await commit(admin.id, token);
    const { result } = (await page(admin.id, token)).data;
    expect(result!.counts).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 1 });
    expect(result!.skipped[0]!.errors).toEqual([
      { column: "lead_steward_email", message: "validation.unknownSteward", value: steward.email },
    ]);
    expect(centreByUscc(row.uscc!)).toBeUndefined();
  });
});

describe("/centres/export.csv and .xlsx", () => {
  async function seedForExport() {
    const tag = `Exp${++serial}`;
    const ids = [
      insertCentre(db, {
        nameZh: `${tag}甲`,
        nameEn: `${tag} Alpha`,
        parentCompany: "=cmd|' /C calc'!A0",
        countryCode: "US",
        uscc: nextUscc(),
        districtCode: "chaoyang",
        industries: ["ai", "health_pharma"],
        rdSpendCny: 9_000_000,
        events: [{ kind: "recognised", effectiveOn: "2023-07-01", batch: 3, level: "global" }],
      }),
      insertCentre(db, {
        nameZh: `${tag}乙`,
        nameEn: `${tag} Beta, "B"`,
        parentCompany: "Beta",
        countryCode: "DE",
        uscc: nextUscc(),
        districtCode: "chaoyang",
        industries: ["ai"],
      }),
      insertCentre(db, {
        nameZh: `${tag}丙`,
        nameEn: `${tag} Gamma`,
        parentCompany: "Gamma",
        countryCode: "DE",
        uscc: nextUscc(),
        districtCode: "haidian",
        industries: ["ai"],
      }),
    ];
    return { tag, ids };
  }

  it("exports exactly the filtered list as UTF-8 CSV with a BOM, in the import's columns and the reader's language", async () => {
    const { tag } = await seedForExport();
    const official = await makeUser("official", { locale: "zh-CN" });
    const res = (await exportCsv({
      request: await get(`/centres/export.csv?q=${tag}&district=chaoyang&sort=name&page=3`, official.id),
      params: {},
      context,
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="centres-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsvTable(new TextDecoder().decode(bytes));
    if (!parsed.ok) throw new Error("not CSV");
    expect(parsed.table.header).toEqual([...CENTRE_CSV_COLUMNS]);
    const rows = parsed.table.rows.map((r) => Object.fromEntries(CENTRE_CSV_COLUMNS.map((c, i) => [c, r.cells[i]])));
    expect(rows.map((r) => r.name_en)).toEqual([`${tag} Alpha`, `${tag} Beta, "B"`]);
    expect(rows[0]).toMatchObject({
      country: "美国",
      district: "朝阳区",
      industries: "人工智能;医药健康",
      level: "全球级",
      stage: "线索",
      recognised_batch: "3",
      recognised_on: "2023-07-01",
      rd_spend_cny: "9000000",
      parent_company: "'=cmd|' /C calc'!A0",
    });

    const en = await makeUser("steward", { locale: "en" });
    const enRes = (await exportCsv({
      request: await get(`/centres/export.csv?q=${tag}&district=chaoyang`, en.id),
      params: {},
      context,
    })) as Response;
    expect(await enRes.text()).toContain(
      'United States,Chaoyang,,"Artificial intelligence;Health and pharma",R&D innovation centre,Global,Lead,3,2023-07-01,,9000000,',
    );
  });

  it("round-trips: the exported file imports back as unchanged", async () => {
    const { tag } = await seedForExport();
    const admin = await makeUser("admin");
    const res = (await exportCsv({
      request: await get(`/centres/export.csv?q=${tag}`, admin.id),
      params: {},
      context,
    })) as Response;
    const token = await uploadOk(admin.id, fileOf(new Uint8Array(await res.arrayBuffer())));
    const preview = (await page(admin.id, token)).data.preview!;
    expect(preview.counts).toEqual({ create: 0, update: 0, unchanged: 3, skip: 0 });
  });

  it("exports the same rows and columns as an Excel workbook", async () => {
    const { tag } = await seedForExport();
    const admin = await makeUser("admin", { locale: "en" });
    const res = (await exportXlsx({
      request: await get(`/centres/export.xlsx?q=${tag}&country=DE&sort=-name`, admin.id),
      params: {},
      context,
    })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Centres");
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values[0]).toEqual([...CENTRE_CSV_COLUMNS]);
    expect(values.slice(1).map((r) => r[1])).toEqual([`${tag} Gamma`, `${tag} Beta, "B"`]);
    expect(values[1]!.slice(4, 8)).toEqual(["Germany", "Haidian", undefined, "Artificial intelligence"]);
  });

  it("is for readers of the centre list", async () => {
    const enterprise = await makeUser("enterprise");
    for (const fn of [exportCsv, exportXlsx]) {
      const res = (await run(async () =>
        fn({ request: await get("/centres/export.csv", enterprise.id), params: {}, context }),
      )) as Response;
      expect(res.status).toBe(403);
    }
  });
});

/** GB18030 bytes for ASCII and two-byte characters, built from the platform's decoder. */
function encodeGb18030(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

describe("/centres/import: dates from the documents", () => {
  const PNG = Uint8Array.from(
    Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
  );

  it("dates a recognised centre's stage history from recognised_on, never in stage lead", async () => {
    const admin = await makeUser("admin");
    const row = validRow({ stage: "", recognised_batch: "3", recognised_on: "2023-07-20" });
    const token = await uploadOk(admin.id, csvOf([row]));
    await commit(admin.id, token);
    const centre = centreByUscc(row.uscc!)!;
    expect(centre).toMatchObject({ stage: "recognised", stageSince: "2023-07-20" });
    const stages = eventsOf(centre.id).filter((e) => e.kind === "stage_changed");
    expect(stages.map((e) => [e.toStage, e.effectiveOn])).toEqual([["recognised", "2023-07-20"]]);
  });

  it("shows a differing recognised_on for a batch the centre has as a correction, and applies it dated and audited", async () => {
    const admin = await makeUser("admin");
    const row = validRow({ recognised_batch: "3", recognised_on: "2023-07-01" });
    await commit(admin.id, await uploadOk(admin.id, csvOf([row])));
    const id = centreByUscc(row.uscc!)!.id;
    const token = await uploadOk(admin.id, csvOf([{ ...row, recognised_on: "2023-07-20" }]));
    const preview = (await page(admin.id, token)).data.preview!;
    expect(preview.rows[0]).toMatchObject({
      action: "update",
      changes: ["recognised_on"],
      warnings: [
        {
          column: "recognised_on",
          message: "centreImport.warnings.recognitionCorrected",
          params: { batch: 3, from: "2023-07-01", to: "2023-07-20" },
        },
      ],
    });
    await commit(admin.id, token);
    expect(
      eventsOf(id)
        .filter((e) => e.kind === "recognised")
        .map((e) => e.effectiveOn),
    ).toEqual(["2023-07-20"]);
    expect(centreByUscc(row.uscc!)!.stageSince).toBe("2023-07-01"); // the stage event keeps its own date
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "recognition_corrected")))
      .all();
    expect(audit[0]!.changes).toContainEqual({ field: "recognised_on", before: "2023-07-01", after: "2023-07-20" });
    // Imported again with the corrected date: unchanged.
    const again = (await page(admin.id, await uploadOk(admin.id, csvOf([{ ...row, recognised_on: "2023-07-20" }])))).data
      .preview!;
    expect(again.rows[0]!.action).toBe("unchanged");
  });

  it("refuses a second recognition while one is in force, per row, naming its date", async () => {
    const admin = await makeUser("admin");
    const row = validRow({ recognised_batch: "3", recognised_on: "2023-07-20" });
    await commit(admin.id, await uploadOk(admin.id, csvOf([row])));
    const preview = (
      await page(admin.id, await uploadOk(admin.id, csvOf([{ ...row, recognised_batch: "5", recognised_on: "2024-07-25" }])))
    ).data.preview!;
    expect(preview.rows[0]).toMatchObject({
      action: "skip",
      errors: [{ column: "recognised_batch", message: "centres.conflict.recognisedTwice", params: { value: "2023-07-20" } }],
    });
  });

  it("says 'not a real date' for 2023-02-30 and 'not a CSV text file' for a binary file", async () => {
    const admin = await makeUser("admin");
    const preview = (
      await page(admin.id, await uploadOk(admin.id, csvOf([validRow({ recognised_batch: "3", recognised_on: "2023-02-30" })])))
    ).data.preview!;
    expect(preview.rows[0]!.errors).toContainEqual({
      column: "recognised_on",
      message: "centreImport.errors.notRealDate",
      value: "2023-02-30",
    });
    const res = payload<{ uploadError: unknown }>(await upload(admin.id, fileOf(PNG, "photo.csv")));
    expect([res.status, res.data?.uploadError]).toEqual([400, { key: "binary" }]);
  });
});
