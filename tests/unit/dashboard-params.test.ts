import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCalendarDays } from "~/domain/working-days";
import { INTERVALS, UNASSIGNED_KEY } from "~/domain/figure-dimensions";
import {
  BREAKDOWNS,
  breakdownOf,
  centreDrillHref,
  dashboardQuery,
  defaultFrom,
  parseDashboardParams,
  registryHref,
  requestsHref,
  upgradesHref,
  type DashboardParams,
} from "~/schemas/dashboard-params";

const TODAY = "2026-03-31";
const parse = (query: string) => parseDashboardParams(new URLSearchParams(query), TODAY);

/** A day from 2000-01-01 up to TODAY. */
const pastDay = fc.integer({ min: 0, max: 9585 }).map((n) => addCalendarDays("2000-01-01", n));

/** Any filters the page can hold: dates up to today, `from` not after `to`. */
const params: fc.Arbitrary<DashboardParams> = fc
  .record({ a: pastDay, b: pastDay, c: pastDay, interval: fc.constantFrom(...INTERVALS) })
  .map(({ a, b, c, interval }) => {
    const [from, to] = a <= b ? [a, b] : [b, a];
    return { asOf: c, interval, from, to };
  });

describe("the dashboard's URL filters", () => {
  it("read back what they wrote: parse(serialise(x)) is x, with nothing reported invalid", () => {
    fc.assert(
      fc.property(params, (p) => {
        const parsed = parseDashboardParams(new URLSearchParams(dashboardQuery(p, TODAY)), TODAY);
        expect({ asOf: parsed.asOf, interval: parsed.interval, from: parsed.from, to: parsed.to }).toEqual(p);
        expect(parsed.invalid).toEqual([]);
      }),
    );
  });

  it("write only what differs from the defaults, and the extras", () => {
    expect(dashboardQuery({ asOf: TODAY, interval: "quarter", to: TODAY, from: defaultFrom(TODAY) }, TODAY)).toBe("");
    expect(dashboardQuery({}, TODAY, { table: "level", empty: "", none: null })).toBe("?table=level");
    // A new as-of date moves the default period with it: `to` and `from` stay out of the URL.
    expect(dashboardQuery({ asOf: "2025-06-30", to: "2025-06-30", from: "2024-07-01" }, TODAY)).toBe("?asOf=2025-06-30");
    expect(dashboardQuery({ interval: "month", from: "2026-01-01" }, TODAY)).toBe("?interval=month&from=2026-01-01");
  });

  it("default to today, quarters and the 365 days ending on the as-of date", () => {
    expect(parse("")).toEqual({
      asOf: TODAY,
      interval: "quarter",
      to: TODAY,
      from: "2025-04-01",
      invalid: [],
      periodGiven: { from: false, to: false },
    });
    expect(parse("asOf=2024-01-31&interval=&from=")).toMatchObject({
      asOf: "2024-01-31",
      to: "2024-01-31",
      from: "2023-02-01",
      invalid: [],
    });
  });

  it("fall back to the default and report a filter that is malformed, in the future or out of order", () => {
    expect(parse("asOf=2026-02-30&interval=week&to=2027-01-01&from=x")).toMatchObject({
      asOf: TODAY,
      interval: "quarter",
      to: TODAY,
      from: "2025-04-01",
      invalid: ["asOf", "interval", "to", "from"],
      periodGiven: { from: false, to: false },
    });
    expect(parse("from=2026-03-01&to=2026-02-01")).toMatchObject({
      from: "2025-02-02",
      to: "2026-02-01",
      invalid: ["from"],
      periodGiven: { from: false, to: true },
    });
  });
});

describe("links from a dashboard number", () => {
  const view = { today: TODAY, params: { asOf: TODAY, interval: "quarter" as const, from: "2025-04-01", to: TODAY } };
  const earlier = { ...view, params: { ...view.params, asOf: "2025-06-30" } };

  it("open the registry's own filtered list for today's figures, where it has that filter", () => {
    expect(centreDrillHref(view, "all")).toBe("/centres?recognised=yes");
    expect(centreDrillHref(view, "district", "chaoyang")).toBe("/centres?recognised=yes&district=chaoyang");
    expect(centreDrillHref(view, "stage", "landed")).toBe("/centres?stage=landed");
    expect(registryHref(TODAY, TODAY, "year", "2024")).toBeNull();
    expect(registryHref(TODAY, TODAY, "park", UNASSIGNED_KEY)).toBeNull();
  });

  it("open the as-of list otherwise: another date, a group without a value, withdrawals, years", () => {
    expect(centreDrillHref(earlier, "all")).toBe("/dashboard/centres?asOf=2025-06-30&by=all");
    expect(centreDrillHref(view, "park", UNASSIGNED_KEY)).toBe(`/dashboard/centres?asOf=${TODAY}&by=park&key=_none`);
    expect(centreDrillHref(view, "withdrawn")).toBe(`/dashboard/centres?asOf=${TODAY}&by=withdrawn`);
    expect(centreDrillHref(view, "all", undefined, "2024-12-31")).toBe("/dashboard/centres?asOf=2024-12-31&by=all");
    expect(upgradesHref(earlier, "2025-04-01", "2025-06-30", "regional>global")).toBe(
      "/dashboard/centres?asOf=2025-06-30&by=upgrades&from=2025-04-01&to=2025-06-30&move=regional%3Eglobal",
    );
  });

  it("carry the service period to the requests behind a number", () => {
    expect(requestsHref(view)).toBe(`/dashboard/requests?from=2025-04-01&to=${TODAY}`);
    expect(requestsHref(view, { dimension: "steward", key: UNASSIGNED_KEY, overdue: true })).toBe(
      `/dashboard/requests?from=2025-04-01&to=${TODAY}&dimension=steward&key=_none&overdue=1`,
    );
  });
});

describe("the dashboard's grouping (?breakdown=)", () => {
  it("reads a known grouping as itself and anything else, prototype keys and long junk included, as the first", () => {
    for (const b of BREAKDOWNS) expect(breakdownOf(b)).toBe(b);
    for (const junk of [null, "", "stage", "__proto__", "constructor", "toString", "level ", "x".repeat(10_000)])
      expect(breakdownOf(junk)).toBe("level");
  });
});
