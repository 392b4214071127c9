import { describe, expect, it } from "vitest";
import { SavedViewFormSchema, viewQuery } from "~/schemas/saved-view";

describe("viewQuery", () => {
  it("keeps the filters in order, without the page, the language or empty values", () => {
    expect(viewQuery("?q=海淀&stage=landed&page=3&lng=en&level=")).toBe("q=%E6%B5%B7%E6%B7%80&stage=landed");
    expect(viewQuery("")).toBe("");
  });
});

describe("SavedViewFormSchema", () => {
  it("needs a name and a known page, and cleans the query", () => {
    expect(
      SavedViewFormSchema.parse({ intent: "save", page: "requests", name: " Overdue ", query: "?due=overdue&page=2" }),
    ).toEqual({
      intent: "save",
      page: "requests",
      name: "Overdue",
      query: "due=overdue",
    });
    expect(SavedViewFormSchema.safeParse({ intent: "save", page: "requests", name: " ", query: "" }).success).toBe(false);
    expect(SavedViewFormSchema.safeParse({ intent: "save", page: "users", name: "x", query: "" }).success).toBe(false);
    expect(SavedViewFormSchema.safeParse({ intent: "valueOf", page: "centres" }).success).toBe(false);
  });
});
