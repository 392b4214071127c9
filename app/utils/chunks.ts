/**
 * Splits a list for `IN (…)` queries: SQLite allows at most 32,766 bound variables in one
 * statement, and a steward (or an admin viewing all) may have more centres than that.
 */
export const IN_LIST_CHUNK = 500;

export function chunks<T>(values: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
