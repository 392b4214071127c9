import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { set, type FieldErrors as FormErrors } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { z, type ZodTypeAny } from "zod";
import { messageOf, schemaResolver } from "~/components/use-validated-form";
import { TextField } from "~/components/ui/field";
import { errorKeyOf, fieldErrorsOf } from "~/schemas/forms";

const resolverOptions = { fields: {}, shouldUseNativeValidation: false };

/** Every zod schema the forms share (app/schemas/*.ts), by module and export name. */
async function formSchemas() {
  const dir = path.resolve(import.meta.dirname, "../../app/schemas");
  const found: [string, ZodTypeAny][] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const module: Record<string, unknown> = await import(path.join(dir, file));
    for (const [name, value] of Object.entries(module)) {
      if (value instanceof z.ZodType) found.push([`${file}:${name}`, value]);
    }
  }
  return found;
}

/** The object schema under refinements, to build inputs from its field names. */
function shapeOf(schema: ZodTypeAny): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape as object);
  if (schema instanceof z.ZodEffects) return shapeOf(schema.innerType());
  return [];
}

/** The dotted paths and messages of react-hook-form's nested errors. */
function leaves(errors: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (typeof value !== "object" || value === null) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if ("message" in value && typeof value.message === "string") out[name] = value.message;
    else Object.assign(out, leaves(value, name));
  }
  return out;
}

describe("errorKeyOf", () => {
  it("keeps message keys, with or without a value", () => {
    for (const key of [
      "validation.required",
      "reference.codeTaken",
      "checklist.errors.dueBeforeStart",
      "validation.tooLong:200",
      "pipeline.errors.beforeStageSince:2026-01-05",
    ]) {
      expect(errorKeyOf(key)).toBe(key);
    }
  });

  it("turns zod's own English texts into validation.invalidChoice", () => {
    for (const text of ["Required", "Invalid email", "Expected string, received number", "Invalid enum value. Expected 'a'"]) {
      expect(errorKeyOf(text)).toBe("validation.invalidChoice");
    }
  });
});

describe("the browser's check and the server's", () => {
  it("give every form schema's fields the same message keys", async () => {
    const schemas = await formSchemas();
    expect(schemas.length).toBeGreaterThan(20);
    let compared = 0;
    for (const [name, schema] of schemas) {
      const keys = shapeOf(schema);
      const inputs: Record<string, unknown>[] = [
        {},
        Object.fromEntries(keys.map((k) => [k, ""])),
        Object.fromEntries(keys.map((k) => [k, "x".repeat(3000)])),
        Object.fromEntries(keys.map((k) => [k, ["a", "b"]])),
      ];
      for (const input of inputs) {
        const parsed = await schema.safeParseAsync(input);
        const client = await schemaResolver(schema)(input, undefined, resolverOptions);
        if (parsed.success) {
          expect(client.errors, name).toEqual({});
          continue;
        }
        const server = fieldErrorsOf(parsed.error);
        const { _form, ...fields } = server;
        void _form;
        expect(leaves(client.errors), `${name} ${JSON.stringify(input).slice(0, 80)}`).toEqual(fields);
        for (const [field, message] of Object.entries(fields)) {
          expect(messageOf(client.errors, null, new Set(), field)).toBe(message);
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it("passes the parsed values on when the form is valid", async () => {
    const schema = z.object({ name: z.string().trim().min(1, "validation.required") });
    expect(await schemaResolver(schema)({ name: "  Helix " }, undefined, resolverOptions)).toEqual({
      values: { name: "Helix" },
      errors: {},
    });
  });
});

describe("messageOf", () => {
  const client: FormErrors = {};
  set(client, "contacts.0.email", { type: "validation", message: "validation.email" });
  const server = { name_zh: "centre.errors.nameTaken", "contacts.0.email": "validation.required" };

  it("shows the browser's check of a field first", () => {
    expect(messageOf(client, server, new Set(), "contacts.0.email")).toBe("validation.email");
  });

  it("shows the server's answer until the field is edited", () => {
    expect(messageOf({}, server, new Set(), "name_zh")).toBe("centre.errors.nameTaken");
    expect(messageOf({}, server, new Set(["name_zh"]), "name_zh")).toBeUndefined();
    expect(messageOf({}, server, new Set(), "uscc")).toBeUndefined();
    expect(messageOf({}, null, new Set(), "name_zh")).toBeUndefined();
  });
});

describe("TextField", () => {
  it("shows a field's message under it and ties it to the control for screen readers", () => {
    const html = renderToStaticMarkup(createElement(TextField, { id: "uscc", name: "uscc", label: "USCC", error: "Required" }));
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="uscc-error"');
    expect(html).toMatch(/<p id="uscc-error"[^>]*>Required<\/p>/);
  });

  it("shows the hint when the field is fine", () => {
    const html = renderToStaticMarkup(
      createElement(TextField, { id: "uscc", name: "uscc", label: "USCC", hint: "18 characters" }),
    );
    expect(html).not.toContain("aria-invalid");
    expect(html).toContain('aria-describedby="uscc-hint"');
  });
});
