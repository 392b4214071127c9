import { describe, expect, it } from "vitest";
import { FormRefusal, formStrings, formValues } from "~/schemas/form-values";

function form(entries: [string, string | Blob][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("formStrings", () => {
  it("keeps one string per name (the last), without the CSRF token or files", () => {
    const values = formStrings(
      form([
        ["csrf", "token"],
        ["name", "first"],
        ["name", "second"],
        ["file", new Blob(["x"])],
        ["rows.0.title", "kept as it is"],
      ]),
    );
    expect({ ...values }).toEqual({ name: "second", "rows.0.title": "kept as it is" });
    expect(Object.getPrototypeOf(values)).toBeNull();
  });

  it("refuses a name that reaches a prototype, as formValues does", () => {
    for (const read of [formStrings, formValues]) {
      expect(() => read(form([["__proto__.polluted", "yes"]]))).toThrow(FormRefusal);
    }
  });
});
