import { asc, eq, or, sql } from "drizzle-orm";
import { centreEvents, centres, users } from "../../db/schema";
import type { CentreEvent } from "~/domain/counting";
import type { SessionUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** ★ The portal's view of a centre: scoped to the enterprise user's own centre, no staff-only fields. */
export function getPortalCentre(user: { centreId: string }) {
  return db
    .select({
      id: centres.id,
      nameZh: centres.nameZh,
      nameEn: centres.nameEn,
      parentCompany: centres.parentCompany,
      countryCode: centres.countryCode,
      districtCode: centres.districtCode,
      parkCode: centres.parkCode,
      type: centres.type,
      level: centres.level,
      stage: centres.stage,
      stewardName: users.name,
      stewardEmail: users.email,
    })
    .from(centres)
    .leftJoin(users, eq(users.id, centres.leadStewardId))
    .where(eq(centres.id, user.centreId))
    .get();
}

/** Centres a steward leads or stewards in the district. */
export function listCentresOfSteward(user: Pick<SessionUser, "id">) {
  return db
    .select({
      id: centres.id,
      nameZh: centres.nameZh,
      nameEn: centres.nameEn,
      stage: centres.stage,
      stageSince: centres.stageSince,
      level: centres.level,
      isLead: sql<number>`${centres.leadStewardId} = ${user.id}`,
    })
    .from(centres)
    .where(or(eq(centres.leadStewardId, user.id), eq(centres.districtStewardId, user.id)))
    .orderBy(asc(centres.stageSince))
    .all();
}

export function countCentres() {
  return db.get<{ count: number }>(sql`select count(*) as count from ${centres}`).count;
}

/** All recognition, level and withdrawal events: the input of every count (app/domain/counting.ts). */
export function listCountingEvents(): CentreEvent[] {
  return db
    .select({
      centreId: centreEvents.centreId,
      kind: centreEvents.kind,
      effectiveOn: centreEvents.effectiveOn,
      recordedAt: centreEvents.recordedAt,
      batch: centreEvents.batch,
      fromLevel: centreEvents.fromLevel,
      toLevel: centreEvents.toLevel,
    })
    .from(centreEvents)
    .where(sql`${centreEvents.kind} in ('recognised', 'level_changed', 'withdrawn')`)
    .all()
    .map((e) => ({ ...e, level: e.toLevel, recordedAt: e.recordedAt.toISOString() }));
}

/** Centres as choices for a select (id and names only). */
export function listCentreChoices() {
  return db.select({ id: centres.id, nameZh: centres.nameZh, nameEn: centres.nameEn }).from(centres).orderBy(asc(centres.nameEn)).all();
}
