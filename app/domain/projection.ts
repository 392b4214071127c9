/**
 * Projection of the recognised count to the target date, with a real interval (pure).
 *
 * Uses only what was known on the as-of date: the count, the pipeline (each centre's stage)
 * and the events effective on or before it. Method, stated on the dashboard:
 *
 * 1. **Stage weights** are measured: of the centres that were in stage S one year before the
 *    as-of date (and not recognised then), the share recognised by the as-of date. Where fewer
 *    than `minSample` centres were in S then, the configured weight (settings `stageWeights`)
 *    is used instead, and the page says which.
 * 2. **Next twelve months** (or less, when the target is nearer): the pipeline now, each stage
 *    weighted, plus the **newcomers**: net recognitions of the last twelve months that the
 *    pipeline of a year ago does not explain (centres not yet in a weighted stage then),
 *    continued at the same rate. Both scale with the share of the year that remains.
 * 3. **Beyond twelve months**: the recent net pace (recognitions minus withdrawals over the last
 *    twelve months) continued.
 * 4. The **central estimate** is the count now plus 2 and 3. The **interval** (about 90 %) is
 *    ±1.645 standard deviations: each pipeline centre converts or not (binomial), newcomers
 *    and the later pace arrive like counts (Poisson), and each rate measured from one year of
 *    history is itself uncertain (a measured weight by its sample, a yearly count by itself).
 * 5. **On track** when the central estimate reaches the target.
 */
import { isIsoDate } from "./working-days";

export type StageHistory = { stage: string; inStage: number; converted: number };

export type ProjectionInput = {
  /** 'YYYY-MM-DD' the figures are as of. */
  asOf: string;
  target: { count: number; date: string };
  /** Centres recognised on asOf. */
  recognised: number;
  /** Centres recognised on the day the one-year window starts (asOf − windowDays). */
  recognisedAtWindowStart: number;
  /** Length of the window in days (365 by default). */
  windowDays?: number;
  /** Centres per onboarding stage as of asOf (stage code → count). */
  pipeline: Readonly<Record<string, number>>;
  /** Configured chance of recognition per stage (0–1); stages without a weight count for nothing. */
  stageWeights: Readonly<Record<string, number>>;
  /** Per stage: centres in it (not recognised) at the window start, and how many of them were recognised by asOf. */
  history?: readonly StageHistory[];
  /** Centres needed in a stage a year ago to trust its measured weight (10 by default). */
  minSample?: number;
};

export type PipelineContribution = {
  stage: string;
  count: number;
  weight: number;
  /** "measured" from `sample` centres a year ago, or "configured" (too little history). */
  source: "measured" | "configured";
  sample: number;
  expected: number;
};

export type Projection = {
  asOf: string;
  targetDate: string;
  targetCount: number;
  recognised: number;
  /** Calendar days from asOf to the target date (0 once it has passed). */
  daysRemaining: number;
  /** Target minus recognised now (0 once reached). */
  gapNow: number;
  pipeline: PipelineContribution[];
  /** Expected recognitions from today's pipeline within the first year (or less). */
  pipelineExpected: number;
  /** Net recognitions over the window the pipeline of a year ago does not explain, continued for the first year. */
  newcomerAdditions: number;
  windowDays: number;
  /** Net change of the recognised count over the window (may be negative). */
  netOverWindow: number;
  /** Net recognitions per 30.44-day month at the recent pace. */
  pacePerMonth: number;
  /** Recent net pace continued beyond the first year (never negative). */
  paceAdditions: number;
  /** Central estimate on the target date, to one decimal. */
  projected: number;
  /** About 90 % interval around the central estimate, to one decimal. */
  projectedLow: number;
  projectedHigh: number;
  /** Target minus the central estimate, to one decimal: > 0 is a shortfall, < 0 a surplus. */
  projectedGap: number;
  /** Net recognitions per month needed from asOf to reach the target on time (null when no time is left). */
  neededPerMonth: number | null;
  /** True when the central estimate reaches the target. */
  onTrack: boolean;
};

const DAYS_PER_MONTH = 365.25 / 12;
const Z90 = 1.645;

function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The day `windowDays` before asOf: the window's start, for `recognisedAtWindowStart` and the stage history. */
export function paceWindowStart(asOf: string, windowDays = 365): string {
  return new Date((dayNumber(asOf) - windowDays) * 86_400_000).toISOString().slice(0, 10);
}

export function projectToTarget(input: ProjectionInput): Projection {
  const windowDays = input.windowDays ?? 365;
  if (!(windowDays > 0)) throw new RangeError("windowDays must be positive");
  const minSample = input.minSample ?? 10;
  const daysRemaining = Math.max(0, dayNumber(input.target.date) - dayNumber(input.asOf));
  const firstYear = Math.min(1, daysRemaining / windowDays);
  const laterYears = Math.max(0, (daysRemaining - windowDays) / windowDays);

  const history = new Map((input.history ?? []).map((h) => [h.stage, h]));
  const weightOf = (stage: string): { weight: number; source: "measured" | "configured"; sample: number } | null => {
    const h = history.get(stage);
    if (h && h.inStage >= minSample) return { weight: h.converted / h.inStage, source: "measured", sample: h.inStage };
    const configured = input.stageWeights[stage];
    if (typeof configured !== "number") return null;
    return { weight: Math.min(1, Math.max(0, configured)), source: "configured", sample: h?.inStage ?? 0 };
  };

  const pipeline: PipelineContribution[] = Object.entries(input.pipeline).flatMap(([stage, count]) => {
    const w = weightOf(stage);
    return w ? [{ stage, count, ...w, expected: count * w.weight * firstYear }] : [];
  });
  const pipelineExpected = pipeline.reduce((sum, p) => sum + p.expected, 0);

  const netOverWindow = input.recognised - input.recognisedAtWindowStart;
  // What the pipeline of a year ago brought (weighted stages only); the rest of the net change came from newcomers.
  const explained = [...history.values()].filter((h) => weightOf(h.stage)).reduce((sum, h) => sum + h.converted, 0);
  const newcomersPerYear = Math.max(0, netOverWindow - explained);
  const newcomerAdditions = newcomersPerYear * firstYear;
  const pacePerYear = Math.max(0, netOverWindow);
  const paceAdditions = pacePerYear * laterYears;

  const central = input.recognised + pipelineExpected + newcomerAdditions + paceAdditions;
  // Variance of the central estimate: chance (each pipeline centre converts or not; newcomers and
  // the later pace arrive like counts) plus the uncertainty of rates measured from one year of history.
  const variance =
    pipeline.reduce((sum, p) => {
      // A share measured as 28 of 28 is not certain: its spread uses the smoothed share (c + 1) / (n + 2).
      const q = p.source === "measured" ? (p.weight * p.sample + 1) / (p.sample + 2) : p.weight;
      const chance = p.count * firstYear * q * (1 - q);
      const measured = p.source === "measured" ? (p.count * firstYear) ** 2 * ((q * (1 - q)) / (p.sample + 2)) : 0;
      return sum + chance + measured;
    }, 0) +
    newcomersPerYear * (firstYear + firstYear * firstYear) +
    pacePerYear * (laterYears + laterYears * laterYears);
  const half = Z90 * Math.sqrt(variance);
  const gapNow = Math.max(0, input.target.count - input.recognised);
  const monthsRemaining = daysRemaining / DAYS_PER_MONTH;
  const projected = round1(central);

  return {
    asOf: input.asOf,
    targetDate: input.target.date,
    targetCount: input.target.count,
    recognised: input.recognised,
    daysRemaining,
    gapNow,
    pipeline: pipeline.map((p) => ({ ...p, weight: Math.round(p.weight * 1000) / 1000, expected: round1(p.expected) })),
    pipelineExpected: round1(pipelineExpected),
    newcomerAdditions: round1(newcomerAdditions),
    windowDays,
    netOverWindow,
    pacePerMonth: round1((netOverWindow / windowDays) * DAYS_PER_MONTH),
    paceAdditions: round1(paceAdditions),
    projected,
    projectedLow: round1(Math.max(0, central - half)),
    projectedHigh: round1(central + half),
    projectedGap: round1(input.target.count - projected),
    neededPerMonth: daysRemaining > 0 ? round1(gapNow / monthsRemaining) : null,
    onTrack: projected >= input.target.count,
  };
}
