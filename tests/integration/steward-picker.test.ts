import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCentre, insertRequest, makeUscc } from "../../db/factories";
import { centres, users } from "../../db/schema";
import { action as bulkAction } from "~/routes/centres.bulk";
import { loader as centresLoader } from "~/routes/centres._index";
import { loader as queueLoader } from "~/routes/requests._index";
import { loader as exportLoader } from "~/routes/centres.export[.]csv";
import { loader as optionsLoader } from "~/routes/stewards.options";
import { db } from "~/utils/db.server";
import { getSession } from "~/utils/session.server";
import { context, get, makeUser, payload, post, run } from "../helpers/requests";

/**
 * The steward picker on the centre list (issue 14: a picker instead of two selects of every
 * steward): its suggestions, the list's steward filter and the bulk assignment, by id as a
 * picked suggestion sends it and by typed text as a form without JavaScript sends it.
 */
type ListPage = {
  total: number;
  rows: { id: string }[];
  stewardFilter: {
    chosen: { id: string; name: string } | null;
    problem: { kind: string; text: string; candidates: { id: string; name: string }[] } | null;
  };
};

const tag = `picker${process.pid}`;
let admin: { id: string };
let ada: { id: string; email: string };
let adam: { id: string; email: string };
let official: { id: string };
let adasCentre: string;
let adamsCentre: string;

const named = async (role: "steward" | "official" | "admin", name: string) => {
  const user = await makeUser(role);
  db.update(users).set({ name }).where(eq(users.id, user.id)).run();
  return user;
};

beforeAll(async () => {
  admin = await makeUser("admin");
  ada = await named("steward", `Ada ${tag}`);
  adam = await named("steward", `Adam ${tag}`);
  official = await named("official", `Adalbert ${tag}`);
  const disabled = await named("steward", `Adeline ${tag}`);
  db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id)).run();
  const centre = (i: number, leadStewardId: string) =>
    insertCentre(db, {
      nameZh: `选择器中心${i}`,
      nameEn: `Picker Centre ${tag} ${i}`,
      parentCompany: "P",
      countryCode: "DE",
      districtCode: "haidian",
      uscc: makeUscc(8_300_000 + i),
      leadStewardId,
    });
  adasCentre = centre(1, ada.id);
  adamsCentre = centre(2, adam.id);
});

const list = async (query: string) =>
  payload<ListPage>(
    await run(async () => centresLoader({ request: await get(`/centres?q=${tag}&${query}`, admin.id), params: {}, context })),
  ).data;

describe("the steward picker's suggestions", () => {
  it("lists active stewards whose name or email contains the text, the exact one first, never officials or disabled stewards", async () => {
    const suggest = async (q: string) => {
      const res = (await run(async () =>
        optionsLoader({ request: await get(`/stewards/options?${new URLSearchParams({ q })}`, admin.id), params: {}, context }),
      )) as Response;
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      return ((await res.json()) as { stewards: { id: string; name: string; email: string }[] }).stewards;
    };
    expect((await suggest(tag)).map((s) => s.name)).toEqual([`Ada ${tag}`, `Adam ${tag}`]);
    expect((await suggest(`adam ${tag}`)).map((s) => s.id)).toEqual([adam.id]);
    expect((await suggest(ada.email.toUpperCase())).map((s) => s.id)).toEqual([ada.id]);
    expect(await suggest("")).toEqual([]);
    // Bounded whatever the text matches: every test steward's email contains "@".
    for (let i = 0; i < 9; i++) await makeUser("steward");
    expect(await suggest("@")).toHaveLength(8);
  });
});

describe("the centre list's steward filter", () => {
  it("filters by a picked steward (id and name sent) and shows that steward", async () => {
    const page = await list(`steward=${ada.id}&steward_text=${encodeURIComponent(`Ada ${tag}`)}`);
    expect(page.rows.map((r) => r.id)).toEqual([adasCentre]);
    expect(page.stewardFilter).toEqual({ chosen: { id: ada.id, name: `Ada ${tag}` }, problem: null });
  });

  it("filters by typed text that names one steward (a form without JavaScript), whatever stale id came with it", async () => {
    const page = await list(`steward=${ada.id}&steward_text=${encodeURIComponent(adam.email)}`);
    expect(page.rows.map((r) => r.id)).toEqual([adamsCentre]);
    expect(page.stewardFilter.chosen?.id).toBe(adam.id);
  });

  it("keeps a URL that names a steward by id alone (a saved view from before the picker)", async () => {
    const page = await list(`steward=${adam.id}`);
    expect(page.rows.map((r) => r.id)).toEqual([adamsCentre]);
    expect(page.stewardFilter.chosen?.name).toBe(`Adam ${tag}`);
  });

  it("reads empty text as any steward", async () => {
    const page = await list(`steward=${adam.id}&steward_text=`);
    expect(page.total).toBe(2);
    expect(page.stewardFilter).toEqual({ chosen: null, problem: null });
  });

  it("shows no centre for text naming several stewards or nobody, and says which stewards it could mean", async () => {
    const several = await list(`steward_text=${encodeURIComponent(tag)}`);
    expect(several.total).toBe(0);
    expect(several.stewardFilter.problem).toEqual({
      kind: "several",
      text: tag,
      candidates: [
        { id: ada.id, name: `Ada ${tag}` },
        { id: adam.id, name: `Adam ${tag}` },
      ],
    });
    const nobody = await list("steward_text=Nobody%20at%20all");
    expect(nobody.total).toBe(0);
    expect(nobody.stewardFilter.problem).toEqual({ kind: "unknown", text: "Nobody at all", candidates: [] });
  });

  it("exports nothing for a steward filter that named several stewards", async () => {
    const res = (await run(async () =>
      exportLoader({
        request: await get(`/centres/export.csv?q=${tag}&steward_text=${encodeURIComponent(tag)}`, admin.id),
        params: {},
        context,
      }),
    )) as Response;
    expect((await res.text()).trim().split("\r\n")).toHaveLength(1);
  });
});

describe("bulk assignment through the picker", () => {
  async function bulk(fields: Record<string, string>, ids: string[]) {
    const request = await post("/centres/bulk", fields, { userId: admin.id });
    const body = await request.formData();
    for (const id of ids) body.append("ids", id);
    return (await run(() =>
      bulkAction({
        request: new Request(request.url, { method: "POST", body, headers: { Cookie: request.headers.get("Cookie")! } }),
        params: {},
        context,
      }),
    )) as Response;
  }
  const toastOf = async (res: Response) => {
    const session = await getSession(
      new Request("http://localhost/", { headers: { Cookie: res.headers.get("Set-Cookie")!.split(";")[0]! } }),
    );
    return (session.get("toast") as { message: string } | undefined)?.message;
  };
  const districtOf = (id: string) => db.select({ d: centres.districtStewardId }).from(centres).where(eq(centres.id, id)).get()!.d;

  it("assigns the steward typed by email, and clears the district steward when the text is emptied", async () => {
    const res = await bulk({ intent: "assign_district", steward_id: "", steward_text: ` ${adam.email} ` }, [adasCentre]);
    expect(res.headers.get("Location")).toMatch(/^\/centres\/bulk\/[0-9a-f-]{36}$/);
    expect(districtOf(adasCentre)).toBe(adam.id);
    await bulk({ intent: "assign_district", steward_id: adam.id, steward_text: "" }, [adasCentre]);
    expect(districtOf(adasCentre)).toBeNull();
  });

  it("assigns the picked steward when the name sent is theirs", async () => {
    await bulk({ intent: "assign_district", steward_id: ada.id, steward_text: `Ada ${tag}` }, [adamsCentre]);
    expect(districtOf(adamsCentre)).toBe(ada.id);
  });

  it("writes nothing for text naming several stewards or nobody, and says so in the user's language", async () => {
    const auditRows = () => db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
    const before = auditRows();
    const several = await bulk({ intent: "assign_lead", steward_text: tag, filters: `q=${tag}` }, [adamsCentre]);
    expect(several.headers.get("Location")).toBe(`/centres?q=${tag}`);
    expect(await toastOf(several)).toBe(`有多位服务管家与“${tag}”相符：Ada ${tag}、Adam ${tag}。请输入更完整的姓名或邮箱。`);
    const nobody = await bulk({ intent: "assign_lead", steward_text: "Nobody" }, [adamsCentre]);
    expect(await toastOf(nobody)).toBe("没有与“Nobody”相符的在岗服务管家。");
    const empty = await bulk({ intent: "assign_lead", steward_id: ada.id, steward_text: " " }, [adamsCentre]);
    expect(await toastOf(empty)).toBe("请选择一位在岗的服务管家。");
    // An official may be typed, but is no steward: the assignment refuses it as before.
    const notSteward = await bulk({ intent: "assign_lead", steward_text: `Adalbert ${tag}` }, [adamsCentre]);
    expect(await toastOf(notSteward)).toBe(`没有与“Adalbert ${tag}”相符的在岗服务管家。`);
    expect(auditRows()).toBe(before);
    expect(official.id).toBeTruthy();
  });

  it("acts on no centre for 'all matching' a steward filter that named several stewards", async () => {
    const res = await bulk(
      { intent: "assign_lead", scope: "all", steward_id: ada.id, filters: `q=${tag}&steward_text=${tag}` },
      [],
    );
    expect(await toastOf(res)).toBe("请至少勾选一个中心，或选择“符合筛选条件的全部中心”。");
  });
});

describe("the request queue's steward filter", () => {
  it("filters by a steward typed by email, shows none for text naming several, and keeps a link's id", async () => {
    const enterprise = await makeUser("enterprise", { centreId: adamsCentre });
    const day = { submittedOn: "2026-11-02", createdAt: new Date("2026-11-02T02:00:00Z") };
    const requestId = insertRequest(db, {
      receiptNo: `RQ-${tag}`,
      centreId: adamsCentre,
      submitterId: enterprise.id,
      title: `Picker request ${tag}`,
      status: "submitted",
      deadlines: { acceptDueOn: "2026-11-04", firstContactDueOn: "2026-11-06", answerDueOn: "2026-11-20" },
      ...day,
    });
    type Queue = { rows: { id: string }[]; stewardFilter: { chosen: { id: string } | null; problem: { kind: string } | null } };
    const queue = async (query: string) =>
      payload<Queue>(
        await run(async () => queueLoader({ request: await get(`/requests?all=1&${query}`, admin.id), params: {}, context })),
      ).data;
    const byEmail = await queue(`steward_text=${encodeURIComponent(adam.email)}`);
    expect(byEmail.rows.map((r) => r.id)).toEqual([requestId]);
    expect(byEmail.stewardFilter.chosen?.id).toBe(adam.id);
    expect((await queue(`steward=${adam.id}`)).rows.map((r) => r.id)).toEqual([requestId]);
    const stranger = await named("steward", `Zed ${tag}`);
    expect((await queue(`steward_text=${encodeURIComponent(stranger.email)}`)).rows).toEqual([]);
    const several = await queue(`steward_text=${tag}`);
    expect(several.rows).toEqual([]);
    expect(several.stewardFilter.problem?.kind).toBe("several");
  });
});
