import { describe, expect, it } from "vitest";
import { z } from "zod";
import { intent, runIntent } from "~/utils/intents.server";

const intents = {
  rename: intent(z.object({ name: z.string().min(1, "validation.required") }), (input) => `renamed to ${input.name}`),
  remove: intent(z.object({ id: z.string() }), async (input) => `removed ${input.id}`),
};
const invalid = (name: string | null, fieldErrors: Record<string, string>) => ({ name, fieldErrors });

describe("runIntent", () => {
  it("runs the named intent with its schema's output", async () => {
    expect(await runIntent({ intent: "rename", name: "x" }, intents, invalid)).toBe("renamed to x");
    expect(await runIntent({ intent: "remove", id: "7" }, intents, invalid)).toBe("removed 7");
  });

  it("hands the intent's field errors to `invalid`", async () => {
    expect(await runIntent({ intent: "rename", name: "" }, intents, invalid)).toEqual({
      name: "rename",
      fieldErrors: { name: "validation.required" },
    });
  });

  it("hands them to the intent's own `invalid` when it has one", async () => {
    const own = {
      ...intents,
      rename: intent(
        z.object({ name: z.string().min(1, "validation.required") }),
        (input) => `renamed to ${input.name}`,
        (fieldErrors) => `not renamed: ${fieldErrors.name}`,
      ),
    };
    expect(await runIntent({ intent: "rename", name: "" }, own, invalid)).toBe("not renamed: validation.required");
    expect(await runIntent({ intent: "remove" }, own, invalid)).toEqual({
      name: "remove",
      fieldErrors: { id: "validation.invalidChoice" },
    });
  });

  it.each([undefined, "", "archive", "toString", "__proto__", ["rename"]])("refuses the unknown intent %j", async (name) => {
    expect(await runIntent({ intent: name, name: "x" }, intents, invalid)).toEqual({
      name: null,
      fieldErrors: { _form: "validation.invalidChoice" },
    });
  });
});
