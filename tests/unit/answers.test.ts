import { describe, expect, it } from "vitest";
import {
  allowedArticleActions,
  ARTICLE_ACTIONS,
  ARTICLE_STATUSES,
  ARTICLE_TRANSITIONS,
  coalesceChanges,
  articleTransition,
  diffVersions,
  insertLanguageFor,
  isCurrent,
  languagesOf,
  replyTextOf,
  reviewDueBy,
  reviewDueFrom,
  reviewState,
  suggestionTerms,
  type VersionSnapshot,
} from "~/domain/answers";

const both = { titleZh: "工作许可", titleEn: "Work permits", bodyZh: "正文", bodyEn: "Body" };
const snapshot = (over: Partial<VersionSnapshot> = {}): VersionSnapshot => ({
  ...both,
  categoryCode: "talent",
  departmentCodes: ["st_commission"],
  templateIds: [],
  sources: [],
  validFrom: null,
  reviewBy: "2027-06-30",
  ...over,
});

describe("article statuses", () => {
  it("every action leads from a status to a status, and every status has a way on", () => {
    for (const action of ARTICLE_ACTIONS) {
      expect(ARTICLE_STATUSES).toContain(ARTICLE_TRANSITIONS[action].to);
      for (const from of ARTICLE_TRANSITIONS[action].from) expect(ARTICLE_STATUSES).toContain(from);
    }
    for (const status of ARTICLE_STATUSES) expect(allowedArticleActions(status).length).toBeGreaterThan(0);
    expect(allowedArticleActions("draft")).toEqual(["publish", "retire"]);
    expect(allowedArticleActions("retired")).toEqual(["restore"]);
  });

  it("publishes a draft with one complete language and a review date not past", () => {
    const draft = { ...both, status: "draft" as const, reviewBy: "2027-01-01" };
    expect(articleTransition(draft, "publish", "2026-11-30")).toEqual({ ok: true, to: "published" });
    expect(articleTransition({ ...draft, titleEn: "", bodyEn: "" }, "publish", "2026-11-30").ok).toBe(true);
    expect(articleTransition({ ...draft, bodyZh: "", bodyEn: "" }, "publish", "2026-11-30")).toEqual({
      ok: false,
      reason: "no_language",
    });
    expect(articleTransition(draft, "publish", "2027-01-02")).toEqual({ ok: false, reason: "review_date_past" });
    expect(articleTransition({ ...draft, status: "retired" }, "publish", "2026-11-30")).toEqual({
      ok: false,
      reason: "illegal_transition",
    });
  });
});

describe("review and currency", () => {
  it("is due from 30 days before the review date, overdue after it; retired never", () => {
    expect(reviewDueFrom("2027-01-31")).toBe("2027-01-01");
    expect(reviewDueBy("2027-01-01")).toBe("2027-01-31");
    const a = { status: "published" as const, reviewBy: "2027-01-31" };
    expect(reviewState(a, "2026-12-31")).toBe("ok");
    expect(reviewState(a, "2027-01-01")).toBe("due");
    expect(reviewState(a, "2027-01-31")).toBe("due");
    expect(reviewState(a, "2027-02-01")).toBe("overdue");
    expect(reviewState({ ...a, status: "retired" }, "2027-02-01")).toBe("ok");
  });

  it("suggests only published articles in force and not expired", () => {
    const a = { status: "published" as const, validFrom: "2026-01-01", reviewBy: "2027-01-31" };
    expect(isCurrent(a, "2026-06-01")).toBe(true);
    expect(isCurrent(a, "2025-12-31")).toBe(false);
    expect(isCurrent(a, "2027-02-01")).toBe(false);
    expect(isCurrent({ ...a, status: "retired" }, "2026-06-01")).toBe(false);
    expect(isCurrent({ ...a, status: "draft" }, "2026-06-01")).toBe(false);
  });
});

describe("languages and reply text", () => {
  it("counts a language only with title and body", () => {
    expect(languagesOf(both)).toEqual(["zh-CN", "en"]);
    expect(languagesOf({ ...both, bodyEn: " " })).toEqual(["zh-CN"]);
  });

  it("inserts the reader's language, else the one written, or both", () => {
    expect(replyTextOf(both, "en")).toBe("Work permits\n\nBody");
    expect(replyTextOf(both, "both")).toBe("工作许可\n\n正文\n\n———\n\nWork permits\n\nBody");
    expect(insertLanguageFor({ ...both, titleEn: "", bodyEn: "" }, "en")).toBe("zh-CN");
    expect(insertLanguageFor(both, "en")).toBe("en");
  });
});

describe("what changed between versions", () => {
  it("diffs English by words and Chinese by characters, and leaves unchanged fields out", () => {
    const diff = diffVersions(
      snapshot(),
      snapshot({ titleEn: "Work permits for staff", titleZh: "外籍人员工作许可", reviewBy: "2027-12-31" }),
    );
    expect(diff.map((d) => d.field)).toEqual(["titleZh", "titleEn", "reviewBy"]);
    expect(diff[0]!.parts.filter((p) => p.change === "added").map((p) => p.text)).toEqual(["外籍人员"]);
    expect(diff[1]!.parts).toEqual([
      { text: "Work permits", change: "same" },
      { text: " for staff", change: "added" },
    ]);
    expect(diff[2]!.parts).toEqual([
      { text: "2027-06-30", change: "removed" },
      { text: "2027-12-31", change: "added" },
    ]);
  });

  it("names a source by its number once, as the article page does", () => {
    const standard = { name: "GB 32100-2015", number: "GB 32100-2015", issuer: "SAMR", issuedOn: "", url: "" };
    const diff = diffVersions(snapshot(), snapshot({ sources: [standard] }));
    expect(diff.find((d) => d.field === "sources")!.parts).toEqual([{ text: "GB 32100-2015 · SAMR", change: "added" }]);
  });

  it("shows the first version as all added", () => {
    const diff = diffVersions(null, snapshot({ titleEn: "" }));
    expect(diff.find((d) => d.field === "titleEn")).toBeUndefined();
    expect(diff.find((d) => d.field === "titleZh")!.parts).toEqual([{ text: "工作许可", change: "added" }]);
  });
});

describe("suggestion terms", () => {
  it("takes Latin words without common ones, and three-character windows of Chinese", () => {
    expect(suggestionTerms("how do we get work permits for our staff")).toEqual(["get", "work", "permits", "staff"]);
    expect(suggestionTerms("外籍员工工作许可")).toEqual(["外籍员", "籍员工", "员工工", "工工作", "工作许", "作许可"]);
    expect(suggestionTerms("许可 ab 12345")).toEqual([]);
  });
});

describe("a change of several words", () => {
  it("reads as the removed words, then the added ones, not word against word", () => {
    const diff = diffVersions(
      snapshot({ bodyEn: "- Tell your steward the start date as early as you can." }),
      snapshot({ bodyEn: "- Tell your steward the start date at least two months ahead." }),
    );
    expect(diff[0]!.parts).toEqual([
      { text: "- Tell your steward the start date ", change: "same" },
      { text: "as early as you can", change: "removed" },
      { text: "at least two months ahead", change: "added" },
      { text: ".", change: "same" },
    ]);
  });

  it("keeps changes on different lines apart, and a deletion of two words needs no added part", () => {
    expect(
      coalesceChanges(
        [
          { text: "a", change: "removed" },
          { text: " ", change: "same" },
          { text: "b", change: "removed" },
          { text: "\n", change: "same" },
          { text: "c", change: "added" },
        ],
        /^[ \t]+$/,
      ),
    ).toEqual([
      { text: "a b", change: "removed" },
      { text: "\n", change: "same" },
      { text: "c", change: "added" },
    ]);
  });

  it("joins Chinese changes one character apart", () => {
    const diff = diffVersions(snapshot({ bodyZh: "请尽早告知服务管家" }), snapshot({ bodyZh: "请至少提前两个月告知服务管家" }));
    expect(diff[0]!.parts.filter((p) => p.change !== "same").map((p) => [p.change, p.text])).toEqual([
      ["removed", "尽早"],
      ["added", "至少提前两个月"],
    ]);
  });
});
