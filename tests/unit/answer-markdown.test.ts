import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/utils/markdown.server";

/** An article body is the only HTML a page inserts as such: nothing typed into it may become markup or a script. */
describe("an article body's Markdown", () => {
  it("renders the formatting a bureau writes", () => {
    expect(renderMarkdown("**bold**\n\n- one\n- two\n\n[MOFCOM](https://www.mofcom.gov.cn/)")).toBe(
      '<p><strong>bold</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p><a href="https://www.mofcom.gov.cn/">MOFCOM</a></p>',
    );
  });

  it.each([
    ["a script", "<script>alert(1)</script>"],
    ["an image with a handler", "<img src=x onerror=alert(1)>"],
    ["a raw link", '<a href="javascript:alert(1)">x</a>'],
    ["a style block and a comment", "<!-- x --><style>body{display:none}</style>"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>'],
  ])("shows raw HTML (%s) as text", (_name, text) => {
    const html = renderMarkdown(text);
    expect(html).not.toMatch(/<(script|img|a|style|iframe)\b/i);
    expect(html).toContain("&lt;");
  });

  it.each([
    ["javascript:", "[x](javascript:alert(1))"],
    ["upper-case JavaScript:", "[x](JavaScript:alert(1))"],
    ["an entity-encoded javascript:", "[x](&#106;avascript:alert(1))"],
    ["a tab-encoded javascript:", "[x](jav&#x09;ascript:alert(1))"],
    ["an autolink", "<javascript:alert(1)>"],
    ["a reference definition", "[x]: javascript:alert(1)\n\n[x]"],
    ["data:", "[x](data:text/html;base64,PHNjcmlwdD4=)"],
    ["vbscript:", "[x](vbscript:msgbox(1))"],
    ["an image", "![x](javascript:alert(1))"],
  ])("drops a dangerous address (%s)", (_name, text) => {
    const html = renderMarkdown(text);
    // The address is emptied; the words may stay, as text.
    expect(html).not.toMatch(/(href|src)="[^"]*(javascript|data|vbscript)/i);
    expect(html).toMatch(/(href|src)=""/);
  });

  it("keeps a quote typed into an address inside the attribute", () => {
    expect(renderMarkdown('[x](https://ok.example/a"onmouseover="alert(1))')).toBe(
      '<p><a href="https://ok.example/a%22onmouseover=%22alert(1)">x</a></p>',
    );
  });
});
