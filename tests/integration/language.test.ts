import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { loader as rootLoader } from "~/root";
import { action as languageAction } from "~/routes/language";
import { db } from "~/utils/db.server";
import { getLocale } from "~/utils/i18n.server";
import { context, get, headersOf, makeUser, post, run } from "../helpers/requests";

const savedLocale = (id: string) => db.select({ locale: users.locale }).from(users).where(eq(users.id, id)).get()?.locale;

describe("the language of the account", () => {
  it("is not changed by a plain GET with ?lng= (only this browser's cookie is)", async () => {
    const steward = await makeUser("steward", { locale: "zh-CN" });
    const result = await rootLoader({ request: await get("/work?lng=en", steward.id), params: {}, context });
    const headers = headersOf(result);
    expect(headers.get("Set-Cookie")).toMatch(/lng=/);
    expect(savedLocale(steward.id)).toBe("zh-CN");
  });

  it("is saved by the header switch (POST /language), which also sets the cookie and returns to the page without ?lng", async () => {
    const steward = await makeUser("steward", { locale: "zh-CN" });
    const res = (await run(async () =>
      languageAction({
        request: await post("/language", { lng: "en", redirectTo: "/centres?stage=lead" }, { userId: steward.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/centres?stage=lead");
    expect(res.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect(savedLocale(steward.id)).toBe("en");
  });

  it("refuses a switch to another site or an unknown language, and a switch without the CSRF token", async () => {
    const steward = await makeUser("steward", { locale: "zh-CN" });
    const offsite = (await run(async () =>
      languageAction({
        request: await post("/language", { lng: "en", redirectTo: "//evil.example" }, { userId: steward.id }),
        params: {},
        context,
      }),
    )) as Response;
    expect(offsite.headers.get("Location")).toBe("/");
    const unknown = (await run(async () =>
      languageAction({ request: await post("/language", { lng: "fr" }, { userId: steward.id }), params: {}, context }),
    )) as Response;
    expect(unknown.status).toBe(400);
    const forged = (await run(async () =>
      languageAction({
        request: await post("/language", { lng: "en" }, { userId: steward.id, csrfToken: false }),
        params: {},
        context,
      }),
    )) as Response;
    expect(forged.status).toBe(403);
    expect(savedLocale(steward.id)).toBe("en");
  });

  it("shows a page in this browser's choice before the account's saved language", async () => {
    const request = new Request("http://localhost/work", {
      headers: { Cookie: "lng=" + encodeURIComponent(btoa(JSON.stringify("en"))) },
    });
    expect(await getLocale(request, { locale: "zh-CN" })).toBe("en");
    expect(await getLocale(new Request("http://localhost/work"), { locale: "en" })).toBe("en");
    expect(await getLocale(new Request("http://localhost/work?lng=zh-CN"), { locale: "en" })).toBe("zh-CN");
  });
});
