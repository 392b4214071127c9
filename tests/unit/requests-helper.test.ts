import { data, redirect } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { headersOf, payload, statusOf } from "../helpers/requests";

// The helpers integration tests read loader and action answers with: through data()'s public
// type, so a Remix upgrade that changes what data() returns fails here, not in every test.
describe("reading what a loader or action answered", () => {
  it("reads a data() result's status, headers and value", () => {
    const result = data({ fieldErrors: { name: "required" } }, { status: 400, headers: { "Set-Cookie": "lng=en" } });
    expect(payload(result)).toEqual({ status: 400, data: { fieldErrors: { name: "required" } } });
    expect(statusOf(data({ ok: true }))).toBe(200);
    expect(headersOf(result).get("Set-Cookie")).toBe("lng=en");
  });

  it("reads a Response's status and headers, with no data", () => {
    const result = redirect("/work", { headers: { "Set-Cookie": "a=b" } });
    expect(payload(result)).toEqual({ status: 302, data: null });
    expect(headersOf(result).get("Location")).toBe("/work");
  });

  it("takes a plain value as a 200 with that value", () => {
    expect(payload({ rows: [1] })).toEqual({ status: 200, data: { rows: [1] } });
    expect(headersOf({ rows: [1] }).has("Set-Cookie")).toBe(false);
  });
});
