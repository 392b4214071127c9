import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  foldSearchText,
  ftsMatchExpression,
  highlightSegments,
  isReceiptNoQuery,
  parseSearchQuery,
  rankByName,
  searchKindsFor,
  shortMatchExpression,
  snippetAround,
  spacedCharacters,
} from "~/domain/search-text";

describe("foldSearchText", () => {
  it("folds full-width forms and case", () => {
    expect(foldSearchText("ＨＥＬＩＸ　Ｂｉｏ１２３")).toBe("helix bio123");
    expect(foldSearchText("赫利克斯（北京）")).toBe("赫利克斯(北京)");
    expect(foldSearchText("ﾍﾘｯｸｽ")).toBe("ヘリックス");
  });
  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        expect(foldSearchText(foldSearchText(s))).toBe(foldSearchText(s));
      }),
    );
  });
});

describe("parseSearchQuery", () => {
  it("splits on white space (full-width too), drops duplicates and contained terms, sorts indexed and short", () => {
    const q = parseSearchQuery("  生物　Helix  helix 生 RQ-2026 ");
    expect(q.terms).toEqual(["rq-2026", "helix", "生物"]);
    expect(q.indexed).toEqual(["rq-2026", "helix"]);
    expect(q.short).toEqual(["生物"]);
  });
  it("counts characters, not UTF-16 units: two astral characters are a short term", () => {
    expect(parseSearchQuery("𠜎𠜱").short).toEqual(["𠜎𠜱"]);
  });
  it("removes quotes and control characters and bounds the terms", () => {
    expect(parseSearchQuery('a"b\u0000c').terms).toEqual(["a", "b", "c"]);
    const long = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `word${i}`.padEnd(100, "x")).join(" "));
    expect(long.terms.length).toBeLessThanOrEqual(6);
    for (const t of long.terms) expect(Array.from(t).length).toBeLessThanOrEqual(64);
  });
  it("is empty for blank input", () => {
    expect(parseSearchQuery(" \t ").terms).toEqual([]);
  });
});

describe("ftsMatchExpression", () => {
  it("quotes every term and requires all", () => {
    expect(ftsMatchExpression(["helix", "bio*"])).toBe('"helix" AND "bio*"');
  });
});

describe("highlightSegments", () => {
  it("marks matches found in the folded text on the original characters", () => {
    expect(highlightSegments("ＨＥＬＩＸ Bio", ["helix"])).toEqual([
      { text: "ＨＥＬＩＸ", match: true },
      { text: " Bio", match: false },
    ]);
    expect(highlightSegments("赫利克斯生物研发中心", ["生物", "中心"])).toEqual([
      { text: "赫利克斯", match: false },
      { text: "生物", match: true },
      { text: "研发", match: false },
      { text: "中心", match: true },
    ]);
  });
  it("always gives back the original text, whatever the terms", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 40 }),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
        (text, terms) => {
          expect(
            highlightSegments(text, terms.map(foldSearchText))
              .map((s) => s.text)
              .join(""),
          ).toBe(text);
        },
      ),
    );
  });
});

describe("snippetAround", () => {
  it("shows a window around the first match of a long text", () => {
    const text = `${"前".repeat(200)}关键词${"后".repeat(200)}`;
    const s = snippetAround(text, ["关键词"], 20);
    expect(s).toContain("关键词");
    expect(s.startsWith("…") && s.endsWith("…")).toBe(true);
    expect(Array.from(s).length).toBeLessThanOrEqual(42);
  });
  it("keeps a short text whole", () => {
    expect(snippetAround("short text", ["text"], 20)).toBe("short text");
  });
});

describe("searchKindsFor", () => {
  it("gives officials centres only, stewards and admins every kind, enterprise users none", () => {
    expect(searchKindsFor("official")).toEqual(["centre"]);
    expect(searchKindsFor("steward")).toEqual(["centre", "contact", "request", "interaction", "follow_up"]);
    expect(searchKindsFor("admin")).toEqual(searchKindsFor("steward"));
    expect(searchKindsFor("enterprise")).toEqual([]);
  });
});

describe("isReceiptNoQuery", () => {
  it("recognises a receipt number in any case or width, nothing else", () => {
    expect(isReceiptNoQuery("RQ-2026-000048")).toBe(true);
    expect(isReceiptNoQuery(" ｒｑ－２０２６－００００４８ ")).toBe(true);
    expect(isReceiptNoQuery("rq-2026-48")).toBe(true);
    expect(isReceiptNoQuery("RQ-2026")).toBe(false);
    expect(isReceiptNoQuery("RQ-2026-000048 tax")).toBe(false);
  });
});

describe("rankByName", () => {
  it("puts a name starting with the query first, then names holding it, then other matches; shorter names first", () => {
    const rows = ["Alpha Helix Labs", "Harbour Road (address match)", "Helix Biotech Group", "Helix Biotech"];
    expect(rankByName(rows, ["helix"], (r) => (r.startsWith("Harbour") ? ["Harbour"] : [r]))).toEqual([
      "Helix Biotech",
      "Helix Biotech Group",
      "Alpha Helix Labs",
      "Harbour Road (address match)",
    ]);
  });
});

describe("shortMatchExpression", () => {
  it("makes each short term a phrase of its letters and digits, after the kind's token", () => {
    expect(shortMatchExpression("follow_up", ["生物", "r&"])).toBe('kindfollowup AND "生 物" AND "r"');
    expect(shortMatchExpression("centre", ["𠜎a"])).toBe('kindcentre AND "𠜎 a"');
  });
  it("is null when no term has a letter or digit (the caller scans)", () => {
    expect(shortMatchExpression("centre", ["()", "-"])).toBeNull();
  });
  it("matches how the index spaces characters", () => {
    expect(spacedCharacters("生物𠜎")).toBe("生 物 𠜎");
  });
});
