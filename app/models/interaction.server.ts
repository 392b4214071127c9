import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  checklistItems,
  contacts,
  interactionChecklistItems,
  interactionParticipants,
  interactions,
  users,
} from "../../db/schema";
import { beijingDate, beijingInstant, INTERACTION_KINDS, type InteractionKind } from "~/domain/steward-work";
import type { FieldErrors } from "~/schemas/forms";
import { chunks } from "~/utils/chunks";
import { db } from "~/utils/db.server";
import { inList, jsonList, preparedQuery } from "~/utils/prepared-query.server";
import { todayInBeijing } from "~/utils/format";
import { recordAudit } from "./audit.server";
import { checkFollowUp, insertFollowUp, type FollowUpInput } from "./follow-up.server";
import type { Actor, WriteResult } from "./write-types.server";
import { refuseCentreWork } from "./centre-work.server";

/**
 * Interactions: every visit, call, meeting, email or event with a centre, with its participants
 * (the centre's contacts and staff), summary, linked checklist items and the follow-ups agreed.
 * The whole interaction is written in one transaction with its audit rows.
 */
export const INTERACTION_ENTITY = "interaction";

// The browser-safe list in app/domain must match the database's.
type DbKind = (typeof interactions.$inferInsert)["kind"];
type DomainKind = (typeof INTERACTION_KINDS)[number];
const _kindsMatch: [DomainKind] extends [DbKind] ? ([DbKind] extends [DomainKind] ? true : never) : never = true;
void _kindsMatch;

export type NewInteraction = {
  kind: InteractionKind;
  occurredOn: string;
  occurredTime: string;
  summary: string;
  contactIds: string[];
  userIds: string[];
  checklistItemIds: string[];
  followUps: FollowUpInput[];
};

/** People shown as staff participants: active admins, stewards and officials. */
const STAFF_ROLES = ["admin", "steward", "official"] as const;

export function logInteraction(
  actor: Actor,
  centreId: string,
  input: NewInteraction,
  options: { today?: string } = {},
): WriteResult {
  const today = options.today ?? todayInBeijing();
  return db.transaction((tx): WriteResult => {
    const refused = refuseCentreWork(tx, actor, centreId);
    if (refused) return refused;

    const fieldErrors: FieldErrors = {};
    if (input.occurredOn > today) fieldErrors.occurred_on = "validation.futureDate";
    const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
    if (input.contactIds.length > 0) {
      const known = ids(
        tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.centreId, centreId), inArray(contacts.id, input.contactIds)))
          .all(),
      );
      if (input.contactIds.some((id) => !known.has(id))) fieldErrors.contacts = "validation.invalidChoice";
    }
    if (input.userIds.length > 0) {
      const known = ids(
        tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, input.userIds), inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
          .all(),
      );
      if (input.userIds.some((id) => !known.has(id))) fieldErrors.staff = "validation.invalidChoice";
    }
    if (input.checklistItemIds.length > 0) {
      const known = ids(
        tx
          .select({ id: checklistItems.id })
          .from(checklistItems)
          .where(and(eq(checklistItems.centreId, centreId), inArray(checklistItems.id, input.checklistItemIds)))
          .all(),
      );
      if (input.checklistItemIds.some((id) => !known.has(id))) fieldErrors.checklist_items = "validation.invalidChoice";
    }
    input.followUps.forEach((f, i) => Object.assign(fieldErrors, checkFollowUp(tx, f, `followUps.${i}.`)));
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };

    const occurredAt = beijingInstant(input.occurredOn, input.occurredTime);
    const { id } = tx
      .insert(interactions)
      .values({ centreId, kind: input.kind, occurredAt, summary: input.summary, actorId: actor.id })
      .returning({ id: interactions.id })
      .get();
    for (const contactId of input.contactIds) tx.insert(interactionParticipants).values({ interactionId: id, contactId }).run();
    for (const userId of input.userIds) tx.insert(interactionParticipants).values({ interactionId: id, userId }).run();
    for (const checklistItemId of input.checklistItemIds)
      tx.insert(interactionChecklistItems).values({ interactionId: id, checklistItemId }).run();
    recordAudit(tx, {
      actorId: actor.id,
      entity: INTERACTION_ENTITY,
      entityId: id,
      action: "create",
      changes: [
        { field: "centreId", before: null, after: centreId },
        { field: "kind", before: null, after: input.kind },
        { field: "occurredAt", before: null, after: occurredAt.toISOString() },
        { field: "summary", before: null, after: input.summary },
        { field: "contacts", before: null, after: [...input.contactIds].sort() },
        { field: "staff", before: null, after: [...input.userIds].sort() },
        { field: "checklistItems", before: null, after: [...input.checklistItemIds].sort() },
      ],
    });
    for (const followUp of input.followUps) insertFollowUp(tx, actor, centreId, followUp, { interactionId: id });
    return { ok: true, id };
  });
}

/** A centre's interactions, newest first (bound: `centreId`, `limit`, and `since` in ms for the second). */
const interactionsOfCentreQuery = (since: boolean) =>
  preparedQuery((conn) =>
    conn
      .select({
        id: interactions.id,
        kind: interactions.kind,
        occurredAt: interactions.occurredAt,
        summary: interactions.summary,
        actorName: users.name,
      })
      .from(interactions)
      .leftJoin(users, eq(users.id, interactions.actorId))
      .where(
        since
          ? and(
              eq(interactions.centreId, sql.placeholder("centreId")),
              sql`${interactions.occurredAt} >= ${sql.placeholder("since")}`,
            )
          : eq(interactions.centreId, sql.placeholder("centreId")),
      )
      .orderBy(desc(interactions.occurredAt))
      .limit(sql.placeholder("limit"))
      .prepare(),
  );
const interactionsOfCentre = interactionsOfCentreQuery(false);
const interactionsOfCentreSince = interactionsOfCentreQuery(true);

const participantsOf = preparedQuery((conn) =>
  conn
    .select({ interactionId: interactionParticipants.interactionId, contactName: contacts.name, userName: users.name })
    .from(interactionParticipants)
    .leftJoin(contacts, eq(contacts.id, interactionParticipants.contactId))
    .leftJoin(users, eq(users.id, interactionParticipants.userId))
    .where(inList(interactionParticipants.interactionId, "interactionIds"))
    .prepare(),
);

const linkedChecklistItemsOf = preparedQuery((conn) =>
  conn
    .select({
      interactionId: interactionChecklistItems.interactionId,
      titleZh: checklistItems.titleZh,
      titleEn: checklistItems.titleEn,
    })
    .from(interactionChecklistItems)
    .innerJoin(checklistItems, eq(checklistItems.id, interactionChecklistItems.checklistItemId))
    .where(inList(interactionChecklistItems.interactionId, "interactionIds"))
    .prepare(),
);

/** A centre's interactions, newest first, with participants' names and linked items' titles. */
export function listInteractions(centreId: string, options: { limit?: number; since?: Date } = {}) {
  const limit = options.limit ?? 50;
  const rows = options.since
    ? interactionsOfCentreSince().all({ centreId, limit, since: options.since.getTime() })
    : interactionsOfCentre().all({ centreId, limit });
  if (rows.length === 0) return [];
  const interactionIds = jsonList(rows.map((r) => r.id));
  const people = participantsOf().all({ interactionIds });
  const linked = linkedChecklistItemsOf().all({ interactionIds });
  return rows.map((r) => ({
    ...r,
    occurredOn: beijingDate(r.occurredAt),
    contacts: people.filter((p) => p.interactionId === r.id && p.contactName).map((p) => p.contactName!),
    staff: people.filter((p) => p.interactionId === r.id && p.userName).map((p) => p.userName!),
    checklistItems: linked.filter((l) => l.interactionId === r.id).map(({ titleZh, titleEn }) => ({ titleZh, titleEn })),
  }));
}

export type InteractionRow = ReturnType<typeof listInteractions>[number];

/** The Beijing date of each centre's latest interaction (centres never contacted are absent). */
export function lastInteractionOnByCentre(centreIds: readonly string[]): Map<string, string> {
  if (centreIds.length === 0) return new Map();
  const rows = chunks(centreIds).flatMap((ids) =>
    db
      .select({ centreId: interactions.centreId, last: sql<number>`max(${interactions.occurredAt})` })
      .from(interactions)
      .where(inArray(interactions.centreId, ids))
      .groupBy(interactions.centreId)
      .all(),
  );
  return new Map(rows.map((r) => [r.centreId, beijingDate(r.last)]));
}
