import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { CENTRE_CHOICES_MAX } from "~/models/centre.server";
import { loader as usersLoader } from "~/routes/admin.users";
import { loader as newRequestLoader } from "~/routes/requests.new";
import { db } from "~/utils/db.server";
import { context, get, makeUser, run } from "../helpers/requests";

let n = 0;
/**
 * A name part per index, in index order, of letters no credit code has (I, O, S, V, Z): a search
 * for it finds that centre by name and never by another centre's credit code.
 */
const code = (i: number) => [25, 5, 1].map((d) => "iosvz"[Math.floor(i / d) % 5]).join("");
const centre = (nameEn: string, leadStewardId: string | null) =>
  insertCentre(db, {
    nameZh: "选择研发中心",
    nameEn,
    parentCompany: "Choice Holdings",
    countryCode: "DE",
    districtCode: "haidian",
    uscc: makeUscc(8_200_000 + (n += 1)),
    leadStewardId,
  });

type Page = {
  centres: { id: string; nameEn: string }[];
  centreList: { shown: number; total: number; matching: number; q: string };
};

describe("a form's centre select, when there are more centres than it lists", () => {
  it("offers the first CENTRE_CHOICES_MAX of a steward's centres by name, those a search matches, and the one a link chose, never another's", async () => {
    const steward = await makeUser("steward");
    const count = CENTRE_CHOICES_MAX + 3;
    const ids = Array.from({ length: count }, (_, i) => centre(`Choice ${code(i)} Lab`, steward.id));
    const notTheirs = centre("Choice zzz Lab", null);
    const open = async (query: string) =>
      (await run(async () =>
        newRequestLoader({ request: await get(`/requests/new${query}`, steward.id), params: {}, context }),
      )) as Page;

    const first = await open("");
    expect(first.centreList).toEqual({ shown: CENTRE_CHOICES_MAX, total: count, matching: count, q: "" });
    expect(first.centres.map((c) => c.nameEn)).toEqual(
      Array.from({ length: CENTRE_CHOICES_MAX }, (_, i) => `Choice ${code(i)} Lab`),
    );

    const found = await open(`?centreQ=choice%20${code(102).toUpperCase()}`);
    expect(found.centres.map((c) => c.id)).toEqual([ids[102]]);
    expect(found.centreList).toMatchObject({ matching: 1, total: count, q: `choice ${code(102).toUpperCase()}` });
    // Another steward's centre is not theirs to choose, searched for or linked to.
    expect((await open("?centreQ=Choice%20zzz")).centres).toEqual([]);
    expect((await open(`?centre=${notTheirs}`)).centres.map((c) => c.id)).not.toContain(notTheirs);

    // A link from the centre page chooses a centre past the first page: it is offered first.
    const linked = await open(`?centre=${ids[count - 1]}`);
    expect(linked.centres[0]!.id).toBe(ids[count - 1]);
    expect(linked.centres).toHaveLength(CENTRE_CHOICES_MAX + 1);
    expect(linked.centreList).toMatchObject({ shown: CENTRE_CHOICES_MAX, total: count });
  });

  it("offers an admin creating a user the first CENTRE_CHOICES_MAX of every centre, and narrows them by name", async () => {
    const admin = await makeUser("admin");
    for (let i = 0; i < CENTRE_CHOICES_MAX + 1; i++) centre(`Registry ${code(i)} Institute`, null);
    const open = async (query: string) =>
      (await run(async () => usersLoader({ request: await get(`/admin/users${query}`, admin.id), params: {}, context }))) as Page;
    const all = await open("");
    expect(all.centres).toHaveLength(CENTRE_CHOICES_MAX);
    expect(all.centreList.total).toBeGreaterThan(CENTRE_CHOICES_MAX);
    const narrowed = await open(`?centreQ=Registry%20Institute%20${code(7)}`);
    expect(narrowed.centres.map((c) => c.nameEn)).toEqual([`Registry ${code(7)} Institute`]);
  });
});
