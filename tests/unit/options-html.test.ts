import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { LongSelect } from "~/components/ui/long-select";
import { LongSelectField } from "~/components/ui/field";
import { optionsHtml } from "~/utils/options-html";

describe("a select's options as HTML", () => {
  it("lists the empty choice first, then every option in order, the chosen one marked", () => {
    const html = optionsHtml(
      [
        { value: "a1", label: "Li Wei" },
        { value: "b2", label: "王芳" },
      ],
      "b2",
      "Any",
    );
    expect(html).toBe('<option value="">Any</option><option value="a1">Li Wei</option><option value="b2" selected>王芳</option>');
  });

  it("marks the empty choice when nothing is chosen", () => {
    expect(optionsHtml([{ value: "a1", label: "Li Wei" }], "", "Any")).toBe(
      '<option value="" selected>Any</option><option value="a1">Li Wei</option>',
    );
  });

  it("marks only the first option of the chosen value, and lists no empty choice unless given one", () => {
    const options = [
      { value: "me", label: "Mine" },
      { value: "b2", label: "王芳" },
      { value: "me", label: "Li Wei" },
    ];
    expect(optionsHtml(options, "me")).toBe(
      '<option value="me" selected>Mine</option><option value="b2">王芳</option><option value="me">Li Wei</option>',
    );
  });

  it("escapes values and labels, so a name cannot add markup or break out of an attribute", () => {
    const html = optionsHtml(
      [{ value: 'x" onmouseover="alert(1)', label: "</option><script>alert(1)</script> & 'co'" }],
      "",
      "<Any>",
    );
    expect(html).toBe(
      '<option value="" selected>&lt;Any&gt;</option>' +
        '<option value="x&quot; onmouseover=&quot;alert(1)">&lt;/option&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;co&#39;</option>',
    );
  });
});

describe("a long select rendered on the server", () => {
  it("is one select with its attributes and the options, the chosen one marked (works without JavaScript)", () => {
    const html = renderToString(
      createElement(LongSelect, {
        name: "steward",
        id: "steward",
        className: "field",
        value: "b2",
        empty: "Any",
        options: [
          { value: "a1", label: "Li Wei" },
          { value: "b2", label: "王芳" },
        ],
      }),
    );
    expect(html).toBe(
      '<select name="steward" id="steward" class="field"><option value="">Any</option><option value="a1">Li Wei</option><option value="b2" selected>王芳</option></select>',
    );
  });

  it("as a field: its label, the chosen option marked, and an error tied to it", () => {
    const html = renderToString(
      createElement(LongSelectField, {
        label: "Owner",
        id: "item-owner",
        name: "owner_id",
        defaultValue: "a1",
        placeholder: "No owner",
        error: "Choose an active steward.",
        options: [
          { value: "a1", label: "Li Wei" },
          { value: "b2", label: "王芳" },
        ],
      }),
    );
    expect(html).toContain('<label for="item-owner"');
    expect(html).toMatch(
      /<select id="item-owner" aria-invalid="true" aria-describedby="item-owner-error" class="[^"]*" name="owner_id">/,
    );
    expect(html).toContain(
      '<option value="">No owner</option><option value="a1" selected>Li Wei</option><option value="b2">王芳</option>',
    );
    expect(html).toContain('<p id="item-owner-error" class="mt-1 text-sm text-red-700">Choose an active steward.</p>');
  });
});
