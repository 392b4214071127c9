import { isIsoDate } from "./working-days";

/**
 * The "as of" date of every dashboard figure (pages, drill-downs, print, exports and the stats
 * API): missing means today; anything else must be a real date written YYYY-MM-DD, not after
 * today. One check, one message, wherever the date is given.
 */
export type AsOfProblem = { key: "dash.asOfProblem.notDate" | "dash.asOfProblem.future"; value: string; today: string };

export function asOfProblem(value: string | null | undefined, today: string): AsOfProblem | null {
  if (value === null || value === undefined || value === "") return null;
  if (!isIsoDate(value)) return { key: "dash.asOfProblem.notDate", value: value.slice(0, 40), today };
  if (value > today) return { key: "dash.asOfProblem.future", value, today };
  return null;
}
