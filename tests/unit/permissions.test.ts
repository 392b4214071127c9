import { describe, expect, it } from "vitest";
import {
  can,
  canEditCentre,
  canHandleRequests,
  canInviteToCentre,
  canWorkOnCentre,
  PERMISSIONS,
  permissionsOf,
  safeRedirect,
} from "~/domain/permissions";

describe("permissions", () => {
  it("gives enterprise users only their portal and their own notification settings", () => {
    expect(permissionsOf("enterprise")).toEqual(["read:portal:own", "update:notification-settings:own"]);
  });

  it("gives the in-app notification list to stewards and admins only; officials choose no email settings", () => {
    expect((["admin", "steward", "official", "enterprise"] as const).filter((r) => can(r, "read:notifications:own"))).toEqual([
      "admin",
      "steward",
    ]);
    expect(can("official", "update:notification-settings:own")).toBe(false);
  });

  it("keeps officials read-only", () => {
    for (const p of permissionsOf("official")) expect(p.startsWith("read:")).toBe(true);
  });

  it("lets only admins manage users and reference data", () => {
    for (const role of ["steward", "official", "enterprise"] as const) {
      expect(can(role, "manage:users:any")).toBe(false);
      expect(can(role, "manage:reference:any")).toBe(false);
    }
    expect(can("admin", "manage:users:any")).toBe(true);
  });

  it("lists only known permissions per role", () => {
    for (const role of ["admin", "steward", "official", "enterprise"] as const)
      for (const p of permissionsOf(role)) expect(PERMISSIONS).toContain(p);
  });

  it("lets a steward edit only centres they lead or steward in the district", () => {
    const steward = { id: "s1", role: "steward" as const };
    expect(canEditCentre(steward, { leadStewardId: "s1", districtStewardId: null })).toBe(true);
    expect(canEditCentre(steward, { leadStewardId: "s2", districtStewardId: "s1" })).toBe(true);
    expect(canEditCentre(steward, { leadStewardId: "s2", districtStewardId: null })).toBe(false);
    expect(canEditCentre({ id: "a", role: "admin" }, { leadStewardId: "s2", districtStewardId: null })).toBe(true);
    expect(canEditCentre({ id: "o", role: "official" }, { leadStewardId: "o", districtStewardId: null })).toBe(false);
  });

  it.each([
    ["edit", canEditCentre],
    ["work on", canWorkOnCentre],
    ["invite to", canInviteToCentre],
    ["handle the requests of", canHandleRequests],
  ])("lets admins %s every centre, stewards the centres they steward, nobody else", (_, check) => {
    const lead = { leadStewardId: "s1", districtStewardId: null };
    const district = { leadStewardId: "s2", districtStewardId: "s1" };
    const other = { leadStewardId: "s2", districtStewardId: null };
    const steward = { id: "s1", role: "steward" as const };
    expect([lead, district, other].map((c) => check(steward, c))).toEqual([true, true, false]);
    expect(check({ id: "a", role: "admin" }, other)).toBe(true);
    expect(check({ id: "s1", role: "official" }, lead)).toBe(false);
    expect(check({ id: "s1", role: "enterprise" }, lead)).toBe(false);
  });

  it("lets admins and stewards import centres, as they create them", () => {
    for (const role of ["admin", "steward", "official", "enterprise"] as const)
      expect(can(role, "import:centre:any")).toBe(can(role, "create:centre:any"));
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/centres?x=1", "/centres?x=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/ok\nSet-Cookie: x", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect(input, "/")).toBe(expected);
  });
});
