import type { Interval } from "~/domain/figure-dimensions";
import { addCalendarDays } from "./working-days";

/**
 * The periods the dashboard's series and upgrade tables are cut into: calendar months, quarters
 * or years, named by key (`2024-03`, `2024-Q1`, `2024`). Dates are 'YYYY-MM-DD' strings.
 */
export type PeriodSpan = { key: string; start: string; end: string };

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The whole period of `interval` that holds `date`. */
export function periodOf(date: string, interval: Interval): PeriodSpan {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (interval === "year") return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  if (interval === "month")
    return {
      key: `${year}-${pad(month)}`,
      start: `${year}-${pad(month)}-01`,
      end: `${year}-${pad(month)}-${pad(lastDay(year, month))}`,
    };
  const q = Math.ceil(month / 3);
  const endMonth = q * 3;
  return {
    key: `${year}-Q${q}`,
    start: `${year}-${pad(endMonth - 2)}-01`,
    end: `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`,
  };
}

/** Periods from the one holding `from` to the one holding `to`, the last one ending on `to` (at most 2,000). */
export function periodSpansBetween(from: string, to: string, interval: Interval): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  let cursor = from;
  for (let guard = 0; guard < 2000 && cursor <= to; guard++) {
    const p = periodOf(cursor, interval);
    out.push({ ...p, end: p.end > to ? to : p.end });
    cursor = addCalendarDays(p.end, 1);
  }
  return out;
}
