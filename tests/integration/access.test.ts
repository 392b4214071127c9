import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { db } from "~/utils/db.server";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as usersLoader } from "~/routes/admin.users";
import { loader as centresLoader } from "~/routes/centres._index";
import { loader as dashboardLoader } from "~/routes/dashboard._index";
import { loader as portalLoader } from "~/routes/portal._index";
import { loader as workLoader } from "~/routes/work";
import { context, get, makeUser, run } from "../helpers/requests";

type Loader = (args: { request: Request; params: Record<string, string>; context: typeof context }) => Promise<unknown>;
const PAGES: [string, Loader][] = [
  ["/admin", adminLoader as Loader],
  ["/admin/users", usersLoader as Loader],
  ["/centres", centresLoader as Loader],
  ["/dashboard", dashboardLoader as Loader],
  ["/portal", portalLoader as Loader],
  ["/work", workLoader as Loader],
];
const ALLOWED: Record<string, string[]> = {
  admin: ["/admin", "/admin/users", "/centres", "/dashboard", "/work"],
  steward: ["/centres", "/dashboard", "/work"],
  official: ["/centres", "/dashboard"],
  enterprise: ["/portal"],
};

let n = 0;
function centre(name: string) {
  n += 1;
  return insertCentre(db, {
    nameZh: `${name}中心`,
    nameEn: `${name} Centre`,
    parentCompany: name,
    countryCode: "DE",
    uscc: makeUscc(500_000 + n),
    districtCode: "haidian",
  });
}

describe("who reaches which home page", () => {
  for (const role of ["admin", "steward", "official", "enterprise"] as const) {
    it(`${role}: allowed pages load, others answer 403`, async () => {
      const user = await makeUser(role, role === "enterprise" ? { centreId: centre("Access") } : {});
      for (const [path, loader] of PAGES) {
        const result = await run(async () => loader({ request: await get(path, user.id), params: {}, context }));
        const status = result instanceof Response ? result.status : 200;
        expect(status, `${role} ${path}`).toBe(ALLOWED[role]!.includes(path) ? 200 : 403);
      }
    });
  }

  it("sends anonymous visitors to sign in, keeping where they were going", async () => {
    const res = (await run(async () => workLoader({ request: await get("/work?x=1"), params: {}, context }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fwork%3Fx%3D1");
  });
});

describe("the portal", () => {
  it("shows an enterprise user their own centre only, without staff-only fields", async () => {
    const own = centre("Own");
    centre("Other");
    const user = await makeUser("enterprise", { centreId: own });
    const data = (await portalLoader({ request: await get("/portal", user.id), params: {}, context })) as {
      centre: Record<string, unknown>;
    };
    expect(data.centre.id).toBe(own);
    expect(data.centre.nameEn).toBe("Own Centre");
    expect(JSON.stringify(data)).not.toContain("Other Centre");
    expect(data.centre).not.toHaveProperty("notes");
    expect(data.centre).not.toHaveProperty("uscc");
  });

  it("refuses an enterprise user without a centre", async () => {
    const user = await makeUser("enterprise");
    const res = await run(async () => portalLoader({ request: await get("/portal", user.id), params: {}, context }));
    expect((res as Response).status).toBe(403);
  });
});
