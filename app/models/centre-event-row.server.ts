import type { CentreEvent } from "~/domain/counting";
import type { Level } from "~/domain/levels";

/** A `centre_events` row as the counting queries select it (plain better-sqlite3 values). */
export type StoredCentreEvent = {
  centreId: string;
  kind: CentreEvent["kind"];
  effectiveOn: string;
  /** ms since the epoch, as drizzle stores the timestamp. */
  recordedAt: number;
  batch: number | null;
  fromLevel: Level | null;
  toLevel: Level | null;
};

/** The stored event as the counting rules read it (`to_level` is the event's level). */
export function countingEventOf(row: StoredCentreEvent): CentreEvent {
  return {
    centreId: row.centreId,
    kind: row.kind,
    effectiveOn: row.effectiveOn,
    recordedAt: new Date(row.recordedAt).toISOString(),
    batch: row.batch,
    level: row.toLevel,
    fromLevel: row.fromLevel,
  };
}
