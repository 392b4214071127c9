/**
 * Types for the parts of `diff` (jsdiff 5, which ships none) that the answer library's version
 * comparison uses (app/domain/answers.ts).
 */
declare module "diff" {
  export type Change = { value: string; added?: boolean; removed?: boolean; count?: number };
  export function diffChars(oldStr: string, newStr: string): Change[];
  export function diffWordsWithSpace(oldStr: string, newStr: string): Change[];
}
