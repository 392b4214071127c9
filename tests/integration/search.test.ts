import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { centres, contacts, followUps } from "../../db/schema";
import { action as newInteraction } from "~/routes/centres.$centreId_.interactions.new";
import { action as newRequestAction } from "~/routes/portal.requests.new";
import { loader as portalSearch } from "~/routes/portal.search";
import { action as staffAction } from "~/routes/requests.$requestId";
import { loader as queueLoader } from "~/routes/requests._index";
import { loader as searchLoader } from "~/routes/search";
import { db } from "~/utils/db.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

type SearchData = Awaited<ReturnType<typeof searchLoader>>;
type PortalData = Awaited<ReturnType<typeof portalSearch>>;

async function search(userId: string, q: string, extra = "") {
  const request = await get(`/search?q=${encodeURIComponent(q)}${extra}`, userId);
  return run(() => searchLoader({ request, params: {}, context }));
}
const data = (r: unknown) => payload<SearchData>(r).data;
const names = (r: unknown) => data(r).centres.rows.map((c) => c.nameEn);

let steward: { id: string };
let official: { id: string };
let enterprise: { id: string };
let outsider: { id: string };
let helix: string;
let other: string;
let requestId: string;

beforeAll(async () => {
  steward = await makeUser("steward");
  official = await makeUser("official");
  helix = insertCentre(db, {
    nameZh: "赫利克斯生物（北京）研发中心",
    nameEn: "Helix ＢＩＯＴＥＣＨ Beijing R&D",
    parentCompany: "Helix Pharma AG",
    countryCode: "CH",
    districtCode: "haidian",
    uscc: makeUscc(7_100_001),
    address: "海淀区中关村软件园二期 8 号楼",
    leadStewardId: steward.id,
    contacts: [
      { name: "欧阳娜娜", role: "HR", email: "nana.ouyang@helix.example", phone: "+86 10 5555 0101", language: "zh-CN" },
    ],
  });
  other = insertCentre(db, {
    nameZh: "北辰量子中心",
    nameEn: "Polaris Quantum Lab",
    parentCompany: "Polaris Inc",
    countryCode: "US",
    districtCode: "chaoyang",
    uscc: makeUscc(7_100_002),
  });
  enterprise = await makeUser("enterprise", { centreId: helix });
  outsider = await makeUser("enterprise", { centreId: other });
  const submit = await post(
    "/portal/requests/new",
    {
      category: "tax",
      title: "增值税退税咨询",
      description: "研发设备采购的增值税退税需要哪些材料？",
      urgency: "normal",
      idempotency_key: "search-key-1",
    },
    { userId: enterprise.id },
  );
  const created = (await run(() => newRequestAction({ request: submit, params: {}, context }))) as Response;
  requestId = created.headers.get("Location")!.split("/").pop()!;
  const act = async (fields: Record<string, string>) =>
    run(async () =>
      staffAction({
        request: await post(`/requests/${requestId}`, fields, { userId: steward.id }),
        params: { requestId },
        context,
      }),
    );
  await act({ intent: "accept" });
  await act({ intent: "internal_note", body: "税务局联系人是李科长，机密备注" });
  await act({ intent: "reply", body: "请准备采购合同和发票清单" });
});

describe("staff search", () => {
  it("finds a centre by 1, 2 and 3+ Chinese characters, full-width and case-insensitively", async () => {
    expect(names(await search(steward.id, "赫"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "生物"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "克斯生物（北京"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "biotech"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "ＨＥＬＩＸ　pharma"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "生物 Polaris"))).toEqual([]);
    // Short terms with punctuation are exact: "&d" is in "R&D", "&x" is in no name.
    expect(names(await search(steward.id, "&d"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    expect(names(await search(steward.id, "&x"))).toEqual([]);
    expect(names(await search(steward.id, "（"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
  });

  it("finds a centre by USCC (any case) and address, and a contact by name, email and phone leading to the centre", async () => {
    expect(names(await search(steward.id, makeUscc(7_100_001).toLowerCase()))).toEqual(["Helix ＢＩＯＴＥＣＨ Beijing R&D"]);
    expect(names(await search(steward.id, "软件园二期"))).toContain("Helix ＢＩＯＴＥＣＨ Beijing R&D");
    for (const q of ["欧阳", "ouyang@helix", "5555 0101"]) {
      const found = data(await search(steward.id, q)).contacts.rows;
      expect(
        found.map((c) => c.centreId),
        q,
      ).toEqual([helix]);
    }
  });

  it("finds a request by receipt number, title, description and (for staff) its messages, internal notes included", async () => {
    const receipt = data(await search(steward.id, "增值税")).requests.rows[0]!.receiptNo;
    expect(receipt).toMatch(/^RQ-\d{4}-\d{6}$/);
    expect(data(await search(steward.id, receipt.toLowerCase())).requests.rows.map((r) => r.id)).toEqual([requestId]);
    expect(data(await search(steward.id, "哪些材料")).requests.rows.map((r) => r.id)).toEqual([requestId]);
    const byNote = data(await search(steward.id, "李科长")).requests.rows;
    expect(byNote.map((r) => r.id)).toEqual([requestId]);
    expect(byNote[0]!.message).toMatchObject({ visibility: "internal" });
  });

  it("gives an official centres only", async () => {
    const r = data(await search(official.id, "增值税"));
    expect(r.kinds).toEqual(["centre"]);
    expect(r.requests.rows).toEqual([]);
    expect(data(await search(official.id, "欧阳")).contacts.rows).toEqual([]);
    expect(names(await search(official.id, "赫利克斯"))).toEqual(["Helix ＢＩＯＴＥＣＨ Beijing R&D"]);
  });

  it("sends an enterprise user to the portal search", async () => {
    const res = (await search(enterprise.id, "x")) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/portal/search?q=x");
  });

  it("finds an interaction logged through the app, and an edit, at once", async () => {
    const request = await post(`/centres/${helix}/interactions/new`, {}, { userId: steward.id });
    const body = await request.formData();
    for (const [k, v] of Object.entries({
      kind: "call",
      occurred_on: "2026-10-08",
      occurred_time: "10:00",
      summary: "讨论了量子计算实验室的租赁事宜",
    }))
      body.append(k, v);
    const res = (await run(() =>
      newInteraction({
        request: new Request(request.url, { method: "POST", body, headers: { Cookie: request.headers.get("Cookie")! } }),
        params: { centreId: helix },
        context,
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(data(await search(steward.id, "实验室的租赁")).interactions.rows.map((i) => i.centreId)).toEqual([helix]);

    db.update(centres).set({ nameEn: "Helix Genomics Beijing" }).where(eq(centres.id, helix)).run();
    expect(names(await search(steward.id, "genomics"))).toEqual(["Helix Genomics Beijing"]);
    expect(names(await search(steward.id, "biotech"))).toEqual([]);
    db.update(contacts).set({ phone: "139 0000 1234" }).where(eq(contacts.centreId, helix)).run();
    expect(data(await search(steward.id, "0000 1234")).contacts.rows).toHaveLength(1);
    expect(data(await search(steward.id, "5555 0101")).contacts.rows).toHaveLength(0);
  });

  it("bounds each group and links to the rest", async () => {
    for (let i = 0; i < 23; i++)
      insertCentre(db, {
        nameZh: `边界中心${i}`,
        nameEn: `Boundary ${i}`,
        parentCompany: "B",
        countryCode: "US",
        districtCode: "haidian",
        uscc: makeUscc(7_200_000 + i),
      });
    const grouped = data(await search(steward.id, "边界"));
    expect(grouped.centres.rows).toHaveLength(20);
    expect(grouped.centres.more).toBe(true);
    const all = data(await search(steward.id, "boundary", "&kind=centre"));
    expect(all.centres.rows).toHaveLength(23);
    expect(all.contacts.rows).toEqual([]);
  });

  it("answers hostile queries without an error", async () => {
    for (const q of [
      '"',
      "'; drop table centres; --",
      "*",
      "NEAR(a b)",
      "a OR b",
      "%_\\",
      "\u0000",
      "𠜎",
      "x".repeat(5000),
      "^",
      "{col}:x",
    ]) {
      const r = await search(steward.id, q);
      expect(payload(r).status, q).toBe(200);
    }
  });

  it("keeps the index's triggers (a table rebuild must recreate them)", () => {
    const triggers = db.$client
      .prepare("select name from sqlite_master where type = 'trigger' and name like '%_search_%'")
      .all() as { name: string }[];
    const expected = ["centres", "contacts", "support_requests", "request_messages", "interactions", "follow_ups"].flatMap((t) =>
      ["insert", "update", "delete"].map((op) => `${t}_search_${op}`),
    );
    expect(triggers.map((t) => t.name).sort()).toEqual(expected.sort());
  });

  it("is kept in step by a write from another connection that registers the fold", async () => {
    const { registerSearchFunctions } = await import("../../db/client.server");
    const otherConnection = new Database(db.$client.name);
    try {
      registerSearchFunctions(otherConnection);
      otherConnection.prepare("update centres set address = '朝阳区望京ＳＯＨＯ' where id = ?").run(other);
    } finally {
      otherConnection.close();
    }
    expect(names(await search(steward.id, "望京soho"))).toEqual(["Polaris Quantum Lab"]);
  });
});

describe("/requests q", () => {
  it("finds a closed request by its receipt number", async () => {
    const receipt = data(await search(steward.id, "增值税")).requests.rows[0]!.receiptNo;
    const act = async (fields: Record<string, string>) =>
      run(async () =>
        staffAction({
          request: await post(`/requests/${requestId}`, fields, { userId: steward.id }),
          params: { requestId },
          context,
        }),
      );
    await act({ intent: "answer", body: "已答复" });
    await act({ intent: "close" });
    const rows = (q: string) =>
      run(async () =>
        queueLoader({ request: await get(`/requests?q=${encodeURIComponent(q)}`, steward.id), params: {}, context }),
      ).then((r) => payload<{ rows: { id: string; status: string }[] }>(r).data.rows);
    expect(await rows(receipt)).toEqual([expect.objectContaining({ id: requestId, status: "closed" })]);
    expect(await rows(receipt.toLowerCase().replace("rq", "ＲＱ"))).toHaveLength(1);
    expect(await rows("增值税退税")).toEqual([]); // closed and searched by title: the default open filter applies
  });
});

describe("portal search", () => {
  it("finds the own centre's request and public reply, never an internal note or another centre", async () => {
    const run1 = async (userId: string, q: string) =>
      payload<PortalData>(
        await run(async () =>
          portalSearch({ request: await get(`/portal/search?q=${encodeURIComponent(q)}`, userId), params: {}, context }),
        ),
      ).data;
    expect((await run1(enterprise.id, "增值税")).requests.map((r) => r.id)).toEqual([requestId]);
    const byReply = await run1(enterprise.id, "发票清单");
    expect(byReply.requests.map((r) => r.id)).toEqual([requestId]);
    expect(byReply.requests[0]!.reply).toContain("发票清单");
    const byNote = await run1(enterprise.id, "李科长");
    expect(byNote.requests).toEqual([]);
    expect(JSON.stringify(await run1(enterprise.id, "税"))).not.toContain("李科长");
    expect((await run1(outsider.id, "增值税")).requests).toEqual([]);
  });

  it("finds shared follow-ups only", async () => {
    db.insert(followUps)
      .values([
        { centreId: helix, description: "协助办理外籍专家工作许可", visibleToEnterprise: true },
        { centreId: helix, description: "内部评估工作许可风险", visibleToEnterprise: false },
      ])
      .run();
    const found = payload<PortalData>(
      await run(async () =>
        portalSearch({ request: await get(`/portal/search?q=工作许可`, enterprise.id), params: {}, context }),
      ),
    ).data;
    expect(found.followUps.map((f) => f.description)).toEqual(["协助办理外籍专家工作许可"]);
  });
});
