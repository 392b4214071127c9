import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CANDIDATES, pickSteward, stewardsMatching, type StewardChoice } from "~/domain/steward-pick";

const liMing: StewardChoice = { id: "a", name: "李明 Li Ming", email: "steward@demo.local" };
const liMingyu: StewardChoice = { id: "b", name: "李明玉 Li Mingyu", email: "mingyu@demo.local" };
const wangFang: StewardChoice = { id: "c", name: "王芳 Wang Fang", email: "wang.fang@demo.local" };
const wangLei: StewardChoice = { id: "d", name: "王磊 Wang Lei", email: "wang.lei@demo.local" };
const stewards = [wangLei, liMingyu, wangFang, liMing];

describe("stewardsMatching", () => {
  it("finds by part of the name or the email, ignoring case and width, by name as stored", () => {
    // 王磊 (U+738B U+78CA) before 王芳 (U+738B U+82B3), as the database orders them.
    expect(stewardsMatching("wang", stewards).map((s) => s.id)).toEqual(["d", "c"]);
    expect(stewardsMatching("ＷＡＮＧ.LEI", stewards).map((s) => s.id)).toEqual(["d"]);
    expect(stewardsMatching("李明", stewards).map((s) => s.id)).toEqual(["a", "b"]);
    expect(stewardsMatching("   ", stewards)).toEqual([]);
  });

  it("lists a steward whose name or email equals the text before those that only contain it", () => {
    expect(stewardsMatching("李明玉 li mingyu", stewards).map((s) => s.id)).toEqual(["b"]);
    expect(stewardsMatching("mingyu@demo.local", stewards).map((s) => s.id)).toEqual(["b"]);
    const ming: StewardChoice = { id: "e", name: "Ming", email: "ming@demo.local" };
    expect(stewardsMatching("ming", [liMing, ming, liMingyu]).map((s) => s.id)).toEqual(["e", "a", "b"]);
  });
});

describe("pickSteward", () => {
  it("takes the id alone when no text was sent (a link or a saved view)", () => {
    expect(pickSteward({ id: "c", text: null }, wangFang, stewards)).toEqual({ kind: "one", steward: wangFang });
    expect(pickSteward({ id: "gone", text: null }, null, stewards)).toEqual({ kind: "none" });
    expect(pickSteward({ id: null, text: null }, null, stewards)).toEqual({ kind: "none" });
  });

  it("reads empty text as no steward, whatever the id (the text was cleared without JavaScript)", () => {
    expect(pickSteward({ id: "c", text: "  " }, wangFang, stewards)).toEqual({ kind: "none" });
  });

  it("keeps the id's steward when the text is still that steward's name, even if others share it", () => {
    const twin = { ...wangFang, id: "twin", email: "other.wang@demo.local" };
    expect(pickSteward({ id: "c", text: "王芳 Wang Fang" }, wangFang, [...stewards, twin])).toEqual({
      kind: "one",
      steward: wangFang,
    });
  });

  it("lets changed text decide over the id", () => {
    expect(pickSteward({ id: "c", text: "lei" }, wangFang, stewards)).toEqual({ kind: "one", steward: wangLei });
  });

  it("prefers an exact name or email to partial matches", () => {
    expect(pickSteward({ id: null, text: "李明 Li Ming" }, null, stewards)).toEqual({ kind: "one", steward: liMing });
    expect(pickSteward({ id: null, text: "steward@demo.local" }, null, stewards)).toEqual({ kind: "one", steward: liMing });
  });

  it("reports text matching nobody, and text matching several with the first candidates", () => {
    expect(pickSteward({ id: null, text: "Zhou" }, null, stewards)).toEqual({ kind: "unknown", text: "Zhou" });
    expect(pickSteward({ id: null, text: " wang " }, null, stewards)).toEqual({
      kind: "several",
      text: "wang",
      candidates: [wangLei, wangFang],
    });
  });

  it("never reports more than MAX_CANDIDATES, and a single match is always chosen", () => {
    const arbitrarySteward = fc.record({
      id: fc.uuid(),
      name: fc.string({ minLength: 1, maxLength: 6 }),
      email: fc.string({ maxLength: 6 }).map((s) => `${s}@x`),
    });
    fc.assert(
      fc.property(fc.array(arbitrarySteward, { maxLength: 30 }), fc.string({ maxLength: 3 }), (list, text) => {
        const pick = pickSteward({ id: null, text }, null, list);
        const matches = stewardsMatching(text, list);
        if (pick.kind === "several") {
          expect(pick.candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES);
          expect(pick.candidates.length).toBeGreaterThan(1);
        }
        if (matches.length === 1) expect(pick).toEqual({ kind: "one", steward: matches[0] });
        if (text.trim() && matches.length === 0) expect(pick.kind).toBe("unknown");
      }),
    );
  });
});
