import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffFields } from "~/models/audit.server";

// The audit trail's field-level changes. A new record takes a shorter path than a comparison
// (an import writes hundreds of thousands): it must give exactly what comparing with "nothing"
// gives, as the changes were always written.

/** The rule as stated: a field changed when its normalised values differ as JSON. */
function byComparison(before: Record<string, unknown> | null, after: Record<string, unknown>, fields: string[]) {
  const normalise = (v: unknown) => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v].sort() : (v ?? null));
  return fields.flatMap((field) => {
    const a = before ? normalise(before[field]) : null;
    const b = normalise(after[field]);
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field, before: a, after: b }];
  });
}

const value = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 3 }),
);
const FIELDS = ["a", "b", "c", "d", "e"];
const record = fc.record(Object.fromEntries(FIELDS.map((f) => [f, value])), { requiredKeys: [] });

describe("diffFields", () => {
  it("for a new record, lists every field not written as null, with before null", () => {
    fc.assert(
      fc.property(record, (after) => {
        expect(JSON.stringify(diffFields(null, after, FIELDS))).toBe(JSON.stringify(byComparison(null, after, FIELDS)));
      }),
    );
    expect(diffFields<Record<string, unknown>>(null, { a: "", b: 0, c: NaN, d: null, e: false }, FIELDS)).toEqual([
      { field: "a", before: null, after: "" },
      { field: "b", before: null, after: 0 },
      { field: "e", before: null, after: false },
    ]);
  });

  it("for an edit, lists the fields whose values differ", () => {
    fc.assert(
      fc.property(record, record, (before, after) => {
        expect(JSON.stringify(diffFields(before, after, FIELDS))).toBe(JSON.stringify(byComparison(before, after, FIELDS)));
      }),
    );
    expect(diffFields({ a: ["y", "x"], b: 1 }, { a: ["x", "y"], b: 2 }, ["a", "b"])).toEqual([
      { field: "b", before: 1, after: 2 },
    ]);
  });
});
