import { describe, expect, it } from "vitest";
import { SourceSchema } from "~/schemas/answer";

const source = (issued_on: string) => ({ name: "关于外资研发中心的通知", number: "", issuer: "", issued_on, url: "" });
const issuesOf = (issued_on: string) => {
  const parsed = SourceSchema.safeParse(source(issued_on));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("an answer's source document date", () => {
  it("accepts a blank date, a recent one and an old regulation's", () => {
    expect(issuesOf("")).toEqual([]);
    expect(issuesOf("2023-07-25")).toEqual([]);
    expect(issuesOf("1994-07-05")).toEqual([]);
  });

  it("refuses a date that does not exist or is not written YYYY-MM-DD", () => {
    expect(issuesOf("2023-02-30")).toEqual(["issued_on: validation.date"]);
    expect(issuesOf("25/07/2023")).toEqual(["issued_on: validation.date"]);
  });

  it("refuses a typo far outside the plausible range, such as year 9999", () => {
    expect(issuesOf("9999-12-31")).toEqual(["issued_on: validation.issuedDateRange"]);
    expect(issuesOf("1900-01-01")).toEqual(["issued_on: validation.issuedDateRange"]);
  });
});

describe("an answer's source link", () => {
  const linkIssues = (url: string) => {
    const parsed = SourceSchema.safeParse({ ...source(""), url });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("takes a web address only: never javascript:, data: or a bare word", () => {
    expect(linkIssues("https://www.mofcom.gov.cn/article/a.html")).toEqual([]);
    expect(linkIssues("javascript:alert(1)")).toEqual(["url: validation.url"]);
    expect(linkIssues("JAVASCRIPT:alert(1)//https://x")).toEqual(["url: validation.url"]);
    expect(linkIssues("data:text/html,<script>alert(1)</script>")).toEqual(["url: validation.url"]);
    expect(linkIssues(" https://x.example/a b")).toEqual(["url: validation.url"]);
  });
});
