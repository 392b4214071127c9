/**
 * Which backups a rotation keeps: the newest backup of each of the last `daily` days that have
 * a backup, and the newest of each of the last `weekly` ISO weeks that have one (Monday to
 * Sunday), both by the date in Beijing. The newest backup is always kept, so a rotation never
 * deletes the copy just taken. Everything else may be deleted.
 *
 * Backups are directories named `rdc-steward-YYYYMMDDTHHMMSSZ` (UTC), so the name alone dates
 * them; anything else in the backup folder (a `.partial` copy being written, an operator's own
 * file) is never touched.
 */

export const BACKUP_PREFIX = "rdc-steward-";
const NAME = /^rdc-steward-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The directory name of a backup taken at `at`. */
export function backupName(at: Date): string {
  return `${BACKUP_PREFIX}${at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}`;
}

/** When the backup of that name was taken, or null when the name is not a backup's. */
export function backupTime(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  // A date that does not exist (month 13, 31 April) is not a backup's name.
  return !Number.isNaN(at.getTime()) && backupName(at) === name ? at : null;
}

const beijingDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Beijing, as YYYY-MM-DD. */
function dayOf(at: Date) {
  return beijingDay.format(at);
}

/** The ISO week (e.g. 2026-W48) of the Beijing calendar day. */
function isoWeekOf(at: Date) {
  const [y, m, d] = dayOf(at).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of that week names its year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export type RotationPolicy = { daily: number; weekly: number };

/** Splits backup names into those a rotation keeps and those it deletes (names that are not backups are in neither). */
export function planRotation(names: string[], policy: RotationPolicy): { keep: string[]; remove: string[] } {
  const dated = names
    .map((name) => ({ name, at: backupTime(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<string>();
  if (dated[0]) keep.add(dated[0].name);
  for (const [period, count] of [
    [dayOf, policy.daily],
    [isoWeekOf, policy.weekly],
  ] as const) {
    const seen = new Set<string>();
    for (const b of dated) {
      if (seen.size >= count) break;
      const key = period(b.at);
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(b.name);
    }
  }
  return {
    keep: dated.filter((b) => keep.has(b.name)).map((b) => b.name),
    remove: dated.filter((b) => !keep.has(b.name)).map((b) => b.name),
  };
}
