/**
 * Projection of the recognised count to the target date, and the gap (pure).
 *
 * Two views of the future, kept apart so officials can see where a figure comes from:
 *
 * - **Pipeline**: the centres on their way to recognition today, each stage weighted by the
 *   configured chance that a centre at that stage gets recognised (settings `stageWeights`).
 *   Stages without a weight (recognised, upgrading, exited…) add nothing.
 * - **Pace**: the net change of the recognised count over the recent window (recognitions
 *   minus withdrawals, default the last 365 days), continued at the same daily rate until
 *   the target date.
 *
 * The known pipeline is part of the flow the pace measures, so the two are not added: the
 * projection is the recognised count plus the larger of the two (over a short horizon the
 * pipeline dominates, over a long one the pace, which also brings centres not yet known).
 * The smaller one is reported as the low end of the range.
 */
import { isIsoDate } from "./working-days";

export type ProjectionInput = {
  /** 'YYYY-MM-DD' the figures are as of. */
  asOf: string;
  target: { count: number; date: string };
  /** Centres recognised on asOf. */
  recognised: number;
  /** Centres recognised on the day before the pace window starts (asOf − windowDays). */
  recognisedAtWindowStart: number;
  /** Length of the pace window in days (365 by default). */
  windowDays?: number;
  /** Centres per onboarding stage as of asOf (stage code → count). */
  pipeline: Readonly<Record<string, number>>;
  /** Chance of recognition per stage (0–1); stages without a weight count for nothing. */
  stageWeights: Readonly<Record<string, number>>;
};

export type PipelineContribution = { stage: string; count: number; weight: number; expected: number };

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
  /** Expected recognitions from the pipeline, Σ count × weight. */
  pipelineExpected: number;
  windowDays: number;
  /** Net change of the recognised count over the window (may be negative). */
  netOverWindow: number;
  /** Net recognitions per 30.44-day month at the recent pace. */
  pacePerMonth: number;
  /** Further recognitions until the target date at the recent pace (never negative). */
  paceAdditions: number;
  /** recognised + max(pipelineExpected, paceAdditions), to one decimal. */
  projected: number;
  /** recognised + min(pipelineExpected, paceAdditions), to one decimal. */
  projectedLow: number;
  /** Target minus the projection, to one decimal: > 0 is a shortfall, < 0 a surplus. */
  projectedGap: number;
  /** Net recognitions per month needed from asOf to reach the target on time (null when no time is left). */
  neededPerMonth: number | null;
  /** True when the projection reaches the target. */
  onTrack: boolean;
};

const DAYS_PER_MONTH = 365.25 / 12;

function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The day `windowDays` before asOf: count recognised centres on it to get `recognisedAtWindowStart`. */
export function paceWindowStart(asOf: string, windowDays = 365): string {
  return new Date((dayNumber(asOf) - windowDays) * 86_400_000).toISOString().slice(0, 10);
}

export function projectToTarget(input: ProjectionInput): Projection {
  const windowDays = input.windowDays ?? 365;
  if (!(windowDays > 0)) throw new RangeError("windowDays must be positive");
  const daysRemaining = Math.max(0, dayNumber(input.target.date) - dayNumber(input.asOf));

  const pipeline: PipelineContribution[] = Object.entries(input.pipeline)
    .filter(([stage]) => typeof input.stageWeights[stage] === "number")
    .map(([stage, count]) => {
      const weight = Math.min(1, Math.max(0, input.stageWeights[stage]!));
      return { stage, count, weight, expected: count * weight };
    });
  const pipelineExpected = pipeline.reduce((sum, p) => sum + p.expected, 0);

  const netOverWindow = input.recognised - input.recognisedAtWindowStart;
  const perDay = netOverWindow / windowDays;
  const paceAdditions = Math.max(0, perDay * daysRemaining);

  const projected = round1(input.recognised + Math.max(pipelineExpected, paceAdditions));
  const projectedLow = round1(input.recognised + Math.min(pipelineExpected, paceAdditions));
  const gapNow = Math.max(0, input.target.count - input.recognised);
  const monthsRemaining = daysRemaining / DAYS_PER_MONTH;

  return {
    asOf: input.asOf,
    targetDate: input.target.date,
    targetCount: input.target.count,
    recognised: input.recognised,
    daysRemaining,
    gapNow,
    pipeline,
    pipelineExpected: round1(pipelineExpected),
    windowDays,
    netOverWindow,
    pacePerMonth: round1(perDay * DAYS_PER_MONTH),
    paceAdditions: round1(paceAdditions),
    projected,
    projectedLow,
    projectedGap: round1(input.target.count - projected),
    neededPerMonth: daysRemaining > 0 ? round1(gapNow / monthsRemaining) : null,
    onTrack: projected >= input.target.count,
  };
}
