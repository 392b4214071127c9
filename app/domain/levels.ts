/**
 * Centre levels (能级): the scope the parent company gives the centre.
 * Ordered from narrowest to widest; an upgrade moves a centre to a wider level.
 */
export const LEVELS = ["regional", "greater_regional", "global"] as const;

export type Level = (typeof LEVELS)[number];

export function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

/** 0 = regional, 1 = greater_regional, 2 = global. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/**
 * True when moving from `from` to `to` widens the centre's scope.
 * A first level assignment (no `from`) is not an upgrade, nor is a move down or sideways.
 */
export function isUpgrade(from: Level | null | undefined, to: Level): boolean {
  if (from == null) return false;
  return levelRank(to) > levelRank(from);
}
