import type { SATISFACTION_RATINGS } from "../../db/schema";
import type { Bilingual } from "./centre-figures";
import type { RequestStatus } from "./request-lifecycle";
import type { WorkingCalendar } from "./working-days";
import { SERVICE_DIMENSIONS, UNASSIGNED_KEY, type ServiceDimension } from "~/domain/figure-dimensions";

/**
 * The service figures of "respond on receipt" (接诉即办): per request what happened when, and per
 * group its volume, response, resolution and satisfaction rates, median working days to answer
 * and how many are overdue now. Pure: the rows come from app/models/dashboard/.
 */

export type ServicePeriod = { from: string; to: string };

/** One request, with what the service figures need to know about it. */
export type RequestFacts = {
  id: string;
  receiptNo: string;
  centreId: string;
  categoryCode: string;
  stewardId: string | null;
  status: RequestStatus;
  submittedOn: string;
  acceptDueOn: string | null;
  answerDueOn: string | null;
  /** First move out of `submitted` (accepted or rejected), Beijing date. */
  respondedOn: string | null;
  answeredOn: string | null;
  rating: (typeof SATISFACTION_RATINGS)[number] | null;
  departments: string[];
  /** Response within the acceptance limit: true/false, or null while still undecided (not due yet). */
  respondedOnTime: boolean | null;
  /** Answered or closed; null for rejected requests (not counted). */
  resolved: boolean | null;
  /** Working days from submission to the answer. */
  workingDaysToAnswer: number | null;
  /** That count ran into a year whose official calendar is not known (weekends only there). */
  answerRangeUnknown: boolean;
  /** Open and past its (pause-adjusted) due date today. */
  overdue: boolean;
  /** The due date the overdue check used. */
  dueOn: string | null;
};

/** A request's row as the query returns it: the facts before the derived ones, departments comma-joined. */
export type RawRequest = Omit<
  RequestFacts,
  "departments" | "respondedOnTime" | "resolved" | "workingDaysToAnswer" | "answerRangeUnknown" | "overdue" | "dueOn"
> & {
  departments: string | null;
  /** The deadline running now, as stored with the request (`storedDeadlines`, app/domain/request-clock.ts). */
  currentDeadlineOn: string | null;
};

export function toFacts(r: RawRequest, today: string, calendar: WorkingCalendar): RequestFacts {
  const respondedOn = r.respondedOn;
  const acceptDue = r.acceptDueOn ?? r.submittedOn;
  const respondedOnTime = respondedOn ? respondedOn <= acceptDue : today > acceptDue ? false : null;
  // The deadline that runs now, stored with each status change (the due dates already include
  // closed referral pauses; a referred request's clock stands still, so it is never overdue while referred).
  const dueOn = r.currentDeadlineOn;
  return {
    id: r.id,
    receiptNo: r.receiptNo,
    centreId: r.centreId,
    categoryCode: r.categoryCode,
    stewardId: r.stewardId,
    status: r.status,
    submittedOn: r.submittedOn,
    acceptDueOn: r.acceptDueOn,
    answerDueOn: r.answerDueOn,
    respondedOn,
    answeredOn: r.answeredOn,
    rating: r.rating,
    departments: r.departments ? r.departments.split(",") : [],
    respondedOnTime,
    resolved: r.status === "rejected" ? null : r.status === "answered" || r.status === "closed",
    workingDaysToAnswer: r.answeredOn ? Math.max(0, calendar.workingDaysBetween(r.submittedOn, r.answeredOn)) : null,
    answerRangeUnknown: r.answeredOn ? !calendar.rangeKnown(r.submittedOn, r.answeredOn) : false,
    overdue: dueOn !== null && today > dueOn,
    dueOn,
  };
}

export type Ratio = { count: number; of: number; rate: number | null };
export type ServiceRow = {
  key: string;
  label: Bilingual;
  volume: number;
  response: Ratio;
  resolution: Ratio;
  satisfaction: Ratio;
  answered: number;
  medianWorkingDays: number | null;
  /** Some of the counts behind the median ran into a year whose official calendar is not known. */
  medianBeyondKnownCalendar: boolean;
  /** Open requests overdue now (any submission date). */
  overdueNow: number;
};

const ratio = (count: number, of: number): Ratio => ({ count, of, rate: of > 0 ? count / of : null });

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One group's figures, in one pass over its requests (a year's requests can be tens of thousands). */
export function serviceRow(key: string, label: Bilingual, facts: readonly RequestFacts[], overdueNow: number): ServiceRow {
  let decided = 0;
  let onTime = 0;
  let eligible = 0;
  let resolved = 0;
  let rated = 0;
  let satisfied = 0;
  let beyond = false;
  const days: number[] = [];
  for (const f of facts) {
    if (f.respondedOnTime !== null) {
      decided++;
      if (f.respondedOnTime) onTime++;
    }
    if (f.resolved !== null) {
      eligible++;
      if (f.resolved) resolved++;
    }
    if (f.rating !== null) {
      rated++;
      if (f.rating === "satisfied" || f.rating === "basically_satisfied") satisfied++;
    }
    if (f.workingDaysToAnswer !== null) days.push(f.workingDaysToAnswer);
    if (f.answerRangeUnknown) beyond = true;
  }
  return {
    key,
    label,
    volume: facts.length,
    response: ratio(onTime, decided),
    resolution: ratio(resolved, eligible),
    satisfaction: ratio(satisfied, rated),
    answered: days.length,
    medianWorkingDays: median(days),
    medianBeyondKnownCalendar: beyond,
    overdueNow,
  };
}

/** The groups a request counts in: its category, each department it was referred to, its steward. */
export function serviceKeysOf(f: RequestFacts, dimension: ServiceDimension): string[] {
  if (dimension === "category") return [f.categoryCode];
  if (dimension === "steward") return [f.stewardId ?? UNASSIGNED_KEY];
  return f.departments.length ? f.departments : [UNASSIGNED_KEY];
}

export type ServiceGroups = {
  label: (dimension: ServiceDimension, key: string) => Bilingual;
  /** Categories and departments in reference order (listed first, in that order). */
  order: Record<ServiceDimension, readonly string[]>;
  /** Active categories: listed even without requests. */
  activeCategories: ReadonlySet<string>;
};

/**
 * The rows of each service table: the period's requests (`facts`) and the requests overdue now
 * (`overdue`, any submission date) per group. A group is listed when it has requests in the
 * period or overdue now, and every active category is; stewards busiest first.
 */
export function serviceTables(
  facts: readonly RequestFacts[],
  overdue: readonly RequestFacts[],
  groups: ServiceGroups,
): Record<ServiceDimension, ServiceRow[]> {
  return Object.fromEntries(
    SERVICE_DIMENSIONS.map((dimension) => {
      const byKey = new Map<string, RequestFacts[]>();
      const overdueBy = new Map<string, number>();
      for (const key of groups.order[dimension]) byKey.set(key, []);
      for (const f of facts)
        for (const key of serviceKeysOf(f, dimension)) {
          const list = byKey.get(key);
          if (list) list.push(f);
          else byKey.set(key, [f]);
        }
      for (const f of overdue)
        for (const key of serviceKeysOf(f, dimension)) {
          overdueBy.set(key, (overdueBy.get(key) ?? 0) + 1);
          if (!byKey.has(key)) byKey.set(key, []);
        }
      const rows = [...byKey.entries()]
        .filter(
          ([key, list]) =>
            list.length > 0 || (overdueBy.get(key) ?? 0) > 0 || (dimension === "category" && groups.activeCategories.has(key)),
        )
        .map(([key, list]) => serviceRow(key, groups.label(dimension, key), list, overdueBy.get(key) ?? 0));
      if (dimension === "steward") rows.sort((a, b) => b.volume - a.volume || a.label.en.localeCompare(b.label.en));
      return [dimension, rows];
    }),
  ) as Record<ServiceDimension, ServiceRow[]>;
}
