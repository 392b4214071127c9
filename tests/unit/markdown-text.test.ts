import { describe, expect, it } from "vitest";
import { markdownPlainText } from "~/domain/markdown-text";

describe("markdownPlainText", () => {
  it("drops quote, list and heading markers and joins the lines", () => {
    expect(markdownPlainText("> **Demo text**: to be replaced.\n\n- Register the company.\n- File the report.")).toBe(
      "Demo text: to be replaced. Register the company. File the report.",
    );
    expect(markdownPlainText("## 办理流程\n1. 在市场监管部门办理登记注册。\n2) 报送商务部门。")).toBe(
      "办理流程 在市场监管部门办理登记注册。 报送商务部门。",
    );
  });

  it("keeps a link's text and drops its address", () => {
    expect(markdownPlainText("See [the 2023 notice](https://example.gov.cn/n41) and ![chart](a.png).")).toBe(
      "See the 2023 notice and chart.",
    );
  });

  it("removes emphasis and code marks but keeps words with underscores or asterisks inside", () => {
    expect(markdownPlainText("*Only* __this__ and `code`; snake_case_name and 2*3*4 stay.")).toBe(
      "Only this and code; snake_case_name and 2*3*4 stay.",
    );
  });

  it("leaves plain text as it is, apart from white space", () => {
    expect(markdownPlainText("  工作许可   由科委办理。  ")).toBe("工作许可 由科委办理。");
  });
});
