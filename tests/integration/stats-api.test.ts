import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, makeUscc, type CentreSeed } from "../../db/factories";
import { apiTokens } from "../../db/schema";
import { createApiToken, revokeApiToken } from "~/models/api-token.server";
import { loader } from "~/routes/api.v1.stats.centres";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { context, get, makeUser, run } from "../helpers/requests";

let uscc = 5_300_000;
function centre(name: string, input: Partial<CentreSeed>) {
  return insertCentre(db, {
    nameZh: `${name}研发中心`,
    nameEn: `${name} R&D Centre`,
    parentCompany: name,
    countryCode: "US",
    uscc: makeUscc(uscc++),
    districtCode: "haidian",
    ...input,
  });
}

type Body = {
  asOf: string;
  by: string;
  total: number;
  overlapping: boolean;
  unassigned: number;
  groups: { key: string; label: { "zh-CN": string; en: string }; count: number }[];
  error?: string;
  message?: { "zh-CN": string; en: string };
};

async function call(query: string, auth: { userId?: string; token?: string; header?: string } = {}) {
  const headers: Record<string, string> = {};
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth.header) headers.Authorization = auth.header;
  const response = (await run(async () =>
    loader({ request: await get(`/api/v1/stats/centres${query}`, auth.userId, headers), params: {}, context }),
  )) as Response;
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

describe("GET /api/v1/stats/centres", () => {
  let official: { id: string };
  beforeAll(async () => {
    official = await makeUser("official");
    // X: regional 2024-01-18 (batch 4), upgraded to global 2025-03-01, two industry fields.
    centre("X", {
      countryCode: "DE",
      industries: ["health_pharma", "ai"],
      events: [
        { kind: "stage_changed", effectiveOn: "2024-01-18", toStage: "recognised" },
        { kind: "recognised", effectiveOn: "2024-01-18", batch: 4, level: "regional" },
        { kind: "level_changed", effectiveOn: "2025-03-01", toLevel: "global" },
      ],
    });
    // Y: greater-regional 2024-07-25 (batch 5), withdrawn 2025-11-20.
    centre("Y", {
      countryCode: "JP",
      districtCode: "chaoyang",
      type: "open_innovation_platform",
      industries: ["ai"],
      events: [
        { kind: "stage_changed", effectiveOn: "2024-07-25", toStage: "recognised" },
        { kind: "recognised", effectiveOn: "2024-07-25", batch: 5, level: "greater_regional" },
        { kind: "withdrawn", effectiveOn: "2025-11-20" },
        { kind: "stage_changed", effectiveOn: "2025-11-20", toStage: "exited" },
      ],
    });
    // Z: in the pipeline only.
    centre("Z", { events: [{ kind: "stage_changed", effectiveOn: "2025-05-01", toStage: "landed" }] });
  });

  it("answers the documented shape, labelled in both languages", async () => {
    const { status, headers, body } = await call("?asOf=2025-06-30&by=level", { userId: official.id });
    expect(status).toBe(200);
    expect(headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(body).toEqual({
      asOf: "2025-06-30",
      by: "level",
      total: 2,
      overlapping: false,
      unassigned: 0,
      groups: [
        { key: "regional", label: { "zh-CN": "区域级", en: "Regional" }, count: 0 },
        { key: "greater_regional", label: { "zh-CN": "大区级", en: "Greater-regional" }, count: 1 },
        { key: "global", label: { "zh-CN": "全球级", en: "Global" }, count: 1 },
      ],
    });
  });

  it("defaults asOf to today (Beijing) and by to level", async () => {
    const { body } = await call("", { userId: official.id });
    expect(body.asOf).toBe(todayInBeijing());
    expect(body.by).toBe("level");
    expect(body.total).toBe(1); // Y withdrawn on 2025-11-20
    expect(body.groups.find((g) => g.key === "global")!.count).toBe(1);
  });

  it.each([
    ["type", { rd_innovation_centre: 1, open_innovation_platform: 1 }],
    ["district", { haidian: 1, chaoyang: 1 }],
    ["country", { DE: 1, JP: 1 }],
    ["batch", { "4": 1, "5": 1 }],
    ["year", { "2024": 2 }],
    ["industry", { health_pharma: 1, ai: 2 }],
    ["stage", { recognised: 2, landed: 1 }],
  ] as const)("splits by %s", async (by, expected) => {
    const { status, body } = await call(`?asOf=2025-06-30&by=${by}`, { userId: official.id });
    expect(status).toBe(200);
    const nonZero = Object.fromEntries(body.groups.filter((g) => g.count > 0).map((g) => [g.key, g.count]));
    expect(nonZero).toEqual(expected);
    expect(body.total).toBe(by === "stage" ? 3 : 2);
    expect(body.overlapping).toBe(by === "industry");
    for (const g of body.groups) expect(Object.keys(g.label).sort()).toEqual(["en", "zh-CN"]);
  });

  it("labels batches and reference items in both languages", async () => {
    const batch = await call("?asOf=2025-06-30&by=batch", { userId: official.id });
    expect(batch.body.groups[0]!.label).toEqual({ "zh-CN": "第4批", en: "Batch 4" });
    const district = await call("?asOf=2025-06-30&by=district", { userId: official.id });
    expect(district.body.groups.find((g) => g.key === "chaoyang")!.label).toEqual({ "zh-CN": "朝阳区", en: "Chaoyang" });
  });

  it("counts as of past dates: before, on and after each event", async () => {
    const total = async (asOf: string) => (await call(`?asOf=${asOf}`, { userId: official.id })).body.total;
    expect(await total("2024-01-17")).toBe(0);
    expect(await total("2024-01-18")).toBe(1);
    expect(await total("2024-07-25")).toBe(2);
    expect(await total("2025-11-19")).toBe(2);
    expect(await total("2025-11-20")).toBe(1);
    const global = async (asOf: string) =>
      (await call(`?asOf=${asOf}`, { userId: official.id })).body.groups.find((g) => g.key === "global")!.count;
    expect(await global("2025-02-28")).toBe(0);
    expect(await global("2025-03-01")).toBe(1);
  });

  it.each([
    ["?asOf=2025-13-01", /“2025-13-01” is not a real date: write the as-of date as YYYY-MM-DD/],
    ["?asOf=2025-02-29", /is not a real date/],
    ["?asOf=20250101", /is not a real date/],
    ["?asOf=2999-01-01", /The as-of date 2999-01-01 is after today/],
    ["?by=colour", /by must be one of: level, type, district, park, industry, country, batch, year, stage/],
    ["?by=level&by=type", /Give each parameter once: by/],
  ])("answers 400 with a clear message for %s", async (query, message) => {
    const { status, body } = await call(query, { userId: official.id });
    expect(status).toBe(400);
    expect(body.error).toBe("bad_parameter");
    expect(body.message!.en).toMatch(message);
    expect(body.message!["zh-CN"]).toBeTruthy();
  });

  it("allows officials and admins by session; refuses stewards and enterprise users (403) and anonymous callers (401)", async () => {
    const admin = await makeUser("admin");
    expect((await call("", { userId: admin.id })).status).toBe(200);
    for (const role of ["steward", "enterprise"] as const) {
      const user = await makeUser(role);
      const { status, body } = await call("", { userId: user.id });
      expect(status, role).toBe(403);
      expect(body.error).toBe("forbidden");
    }
    const anonymous = await call("");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(anonymous.body.message!.en).toMatch(/Authorization: Bearer/);
  });

  it("allows a live API token, notes its last use, and refuses a revoked, unknown or malformed one with 401", async () => {
    const admin = await makeUser("admin");
    const { id, token } = createApiToken(admin.id, "City platform");
    expect(db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!.lastUsedAt).toBeNull();
    const ok = await call("?by=country", { token });
    expect(ok.status).toBe(200);
    expect(ok.body.by).toBe("country");
    expect(db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!.lastUsedAt).toBeInstanceOf(Date);
    // A token outranks the session: a bad token is refused even with an official's session.
    const tampered = await call("", { token: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, userId: official.id });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error).toBe("invalid_token");
    expect((await call("", { header: "Basic dXNlcjpwYXNz" })).status).toBe(401);
    expect((await call("", { header: "Bearer" })).status).toBe(401);

    expect(revokeApiToken(admin.id, id)).toBe(true);
    expect(revokeApiToken(admin.id, id)).toBe(false);
    const revoked = await call("", { token });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("WWW-Authenticate")).toBe('Bearer error="invalid_token"');
    expect(revoked.body.message!.en).toMatch(/not valid or has been revoked/);
  });
});
