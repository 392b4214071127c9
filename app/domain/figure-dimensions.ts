import type { Level } from "./levels";

/**
 * What the officials' figures are grouped and counted by: the dimensions a recognised count is
 * split by, the periods of the series, the service figures' groupings and the level changes that
 * count as upgrades. The dashboard's URL (schemas/dashboard-params.ts) parses and writes these;
 * the figures (centre-figures.ts, service-figures.ts) compute them.
 */

/** Dimensions a recognised count can be split by (stage counts every centre in the pipeline). */
export const DIMENSIONS = ["level", "type", "district", "park", "industry", "country", "batch", "year", "stage"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const INTERVALS = ["month", "quarter", "year"] as const;
export type Interval = (typeof INTERVALS)[number];
/** The key of centres without a value in a dimension (no park…), in drill-down URLs. */
export const UNASSIGNED_KEY = "_none";
export const SERVICE_DIMENSIONS = ["category", "department", "steward"] as const;
export type ServiceDimension = (typeof SERVICE_DIMENSIONS)[number];
/** The level changes counted as upgrades (a move down is not one). */
export const UPGRADE_MOVES = [
  "regional>greater_regional",
  "regional>global",
  "greater_regional>global",
] as const satisfies readonly `${Level}>${Level}`[];
export type UpgradeMove = (typeof UPGRADE_MOVES)[number];
