import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { centres, checklistItems, checklistTemplates, referenceItems, users } from "../../db/schema";
import type { ChecklistStatus } from "~/domain/checklist";
import { checklistDueFlag, EXIT_STAGE, templateApplies, type DueFlag } from "~/domain/steward-work";
import type { WorkingCalendar } from "~/domain/working-days";
import type { FieldErrors } from "~/schemas/forms";
import { db, type Db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { preparedQuery } from "~/utils/prepared-query.server";
import { diffFields, recordAudit, type AuditEntry } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import type { Actor, Tx, WriteResult } from "./write-types.server";
import { readCentreWork, refuseCentreWork } from "./centre-work.server";
import { statement } from "./statements.server";

/**
 * A centre's service checklist (对接服务清单): items applied from the admin's templates, each
 * worked by the steward (status, owner, due date, notes, visible to the enterprise) with an
 * optimistic `version`. Every write checks refuseCentreWork (canWorkOnCentre) and writes its audit row in the
 * same transaction.
 */
type Conn = Db | Tx;

export const CHECKLIST_ITEM_ENTITY = "checklist_item";
/**
 * The audit entity of a new centre's first checklist, all its items in one row (entity id: the
 * centre's): one change per item, `field` the item's id, `after` its first values. Items added
 * later (templates applied at a stage change, on demand, in bulk) have a row each.
 */
export const CENTRE_CHECKLIST_ENTITY = "centre_checklist";

/** Active users who may own checklist items and follow-ups. */
export function isActiveStaffOwner(conn: Conn, userId: string): boolean {
  return Boolean(
    conn
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .get(),
  );
}

function stageOrder(conn: Conn): string[] {
  return conn
    .select({ code: referenceItems.code })
    .from(referenceItems)
    .where(eq(referenceItems.kind, "stage"))
    .orderBy(asc(referenceItems.sortOrder), asc(referenceItems.code))
    .all()
    .map((r) => r.code)
    .filter((code) => code !== EXIT_STAGE);
}

export type ApplyOptions = {
  /** The stage the centre has reached; the centre's current (cached) stage when left out. */
  stage?: string;
  /** Who applies them (audit); null for the system. */
  actorId?: string | null;
  /** The day items are applied; due dates count working days from it. Beijing today by default. */
  today?: string;
  calendar?: WorkingCalendar;
  /**
   * The active templates in their order and the stage order, when the caller read them once for
   * many centres (an import); read here otherwise.
   */
  templates?: TemplateSet;
};

/** What applyTemplates reads about the templates themselves; the same for every centre. */
export type TemplateSet = { order: string[]; active: (typeof checklistTemplates.$inferSelect)[] };

/** The active templates in their order, and the stage order they are matched against. */
export function templateSet(conn: Conn): TemplateSet {
  return {
    order: stageOrder(conn),
    active: conn
      .select()
      .from(checklistTemplates)
      .where(eq(checklistTemplates.active, true))
      .orderBy(asc(checklistTemplates.sortOrder), asc(checklistTemplates.titleEn))
      .all(),
  };
}

/**
 * Applies, inside `tx`, every active template that matches the centre (its type; its stage
 * reached: templates without a stage and those of any stage up to `stage`) and that the centre
 * does not have yet (one item per centre and template). Each new item is owned by the centre's
 * lead steward and due `duePeriodWorkingDays` working days after `today`. Returns the new items' ids.
 */
export function applyTemplates(tx: Conn, centre: { id: string }, options: ApplyOptions = {}): string[] {
  const row = statement(tx, "select type, stage, lead_steward_id as leadStewardId from centres where id = ?").get(centre.id) as
    { type: string; stage: string; leadStewardId: string | null } | undefined;
  if (!row) return [];
  const stage = options.stage ?? row.stage;
  const { order, active } = options.templates ?? templateSet(tx);
  const templates = active.filter((t) => templateApplies(t, { type: row.type, stage }, order));
  if (templates.length === 0) return [];
  const existing = new Set(
    (
      statement(tx, "select template_id as templateId from checklist_items where centre_id = ?").all(centre.id) as {
        templateId: string | null;
      }[]
    ).map((r) => r.templateId),
  );
  const calendar = options.calendar ?? workingCalendar(tx);
  const today = options.today ?? todayInBeijing();
  const created: string[] = [];
  for (const template of templates) {
    if (existing.has(template.id)) continue;
    const id = insertTemplateItem(tx, { id: centre.id, leadStewardId: row.leadStewardId }, template, {
      calendar,
      today,
      actorId: options.actorId ?? null,
    });
    if (id) created.push(id);
  }
  return created;
}

/** The fields of a new item that its audit row records. */
const NEW_ITEM_AUDITED = ["titleEn", "titleZh", "departmentCode", "status", "ownerId", "dueOn", "visibleToEnterprise"] as const;

/** A centre's new item of one template: owned by the lead steward, due the template's working days after `today`. */
function templateItemValues(
  centre: { id: string; leadStewardId: string | null },
  template: typeof checklistTemplates.$inferSelect,
  options: { calendar: WorkingCalendar; today: string },
) {
  return {
    centreId: centre.id,
    templateId: template.id,
    titleZh: template.titleZh,
    titleEn: template.titleEn,
    departmentCode: template.departmentCode,
    status: "not_started" as const,
    ownerId: centre.leadStewardId,
    dueOn: options.calendar.addWorkingDays(options.today, template.duePeriodWorkingDays).date,
    visibleToEnterprise: true,
  };
}

/**
 * Inserts, inside `tx`, the centre's item of one template (owned by the lead steward, due the
 * template's working days after `today`) with its audit row; null when the centre has it already.
 */
export function insertTemplateItem(
  tx: Conn,
  centre: { id: string; leadStewardId: string | null },
  template: typeof checklistTemplates.$inferSelect,
  options: { calendar: WorkingCalendar; today: string; actorId: string | null },
): string | null {
  const values = templateItemValues(centre, template, options);
  // One statement compiled once per connection: an import inserts hundreds of thousands of items.
  const inserted = statement(
    tx,
    `insert into checklist_items (id, centre_id, template_id, title_zh, title_en, department_code, status, owner_id, due_on, visible_to_enterprise)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
  ).get(
    uuidv7(),
    values.centreId,
    values.templateId,
    values.titleZh,
    values.titleEn,
    values.departmentCode,
    values.status,
    values.ownerId,
    values.dueOn,
    values.visibleToEnterprise ? 1 : 0,
  ) as { id: string } | undefined;
  if (!inserted) return null;
  recordAudit(tx, {
    actorId: options.actorId,
    entity: CHECKLIST_ITEM_ENTITY,
    entityId: inserted.id,
    action: "create",
    changes: diffFields(null, values, [...NEW_ITEM_AUDITED]),
  });
  return inserted.id;
}

/**
 * The checklist of a centre not yet written (applyTemplates' rule for a centre that has no items):
 * its items, one per matching template in the templates' order, and the one audit entry that
 * records them all (CENTRE_CHECKLIST_ENTITY; null when there are none), for the caller to write
 * (createCentres writes many centres' at once).
 */
export function newCentreChecklist(
  centre: { id: string; type: string; stage: string; leadStewardId: string | null },
  options: { templates: TemplateSet; calendar: WorkingCalendar; today: string; actorId: string | null },
) {
  const { order, active } = options.templates;
  const items = active
    .filter((t) => templateApplies(t, { type: centre.type, stage: centre.stage }, order))
    .map((template) => ({ id: uuidv7(), values: templateItemValues(centre, template, options) }));
  const audit: AuditEntry | null =
    items.length === 0
      ? null
      : {
          actorId: options.actorId,
          entity: CENTRE_CHECKLIST_ENTITY,
          entityId: centre.id,
          action: "create",
          changes: items.map(({ id, values }) => ({ field: id, before: null, after: newItemAudited(values) })),
        };
  return { items, audit };
}

/** What an item's audit records of its first values (the fields of NEW_ITEM_AUDITED, as diffFields stores them). */
function newItemAudited(values: ReturnType<typeof templateItemValues>) {
  return Object.fromEntries(diffFields(null, values, [...NEW_ITEM_AUDITED]).map((c) => [c.field, c.after]));
}

/** The columns of a checklist item that newCentreChecklist's items fill, in the order of {@link checklistItemRow}. */
export const CHECKLIST_ITEM_COLUMNS = [
  "id",
  "centre_id",
  "template_id",
  "title_zh",
  "title_en",
  "department_code",
  "status",
  "owner_id",
  "due_on",
  "visible_to_enterprise",
] as const;

export const checklistItemRow = ({ id, values: v }: ReturnType<typeof newCentreChecklist>["items"][number]) => [
  id,
  v.centreId,
  v.templateId,
  v.titleZh,
  v.titleEn,
  v.departmentCode,
  v.status,
  v.ownerId,
  v.dueOn,
  v.visibleToEnterprise ? 1 : 0,
];

/** "Apply templates" on the checklist page: the same rule at the centre's current stage. */
export function applyTemplatesOnDemand(actor: Actor, centreId: string, options: Omit<ApplyOptions, "actorId" | "stage"> = {}) {
  return db.transaction((tx): WriteResult<{ created: number }> => {
    const refused = refuseCentreWork(tx, actor, centreId);
    if (refused) return refused;
    return { ok: true, created: applyTemplates(tx, { id: centreId }, { ...options, actorId: actor.id }).length };
  });
}

export type ChecklistItemPatch = {
  status?: ChecklistStatus;
  ownerId?: string | null;
  dueOn?: string | null;
  notes?: string;
  visibleToEnterprise?: boolean;
};

const ITEM_FIELDS = ["status", "ownerId", "dueOn", "notes", "visibleToEnterprise"] as const;

/**
 * Saves changes to an item when `version` is still current (else 409, nothing changed); bumps the
 * version, keeps completedAt in step with "done", and audits the field-level changes.
 */
export function updateChecklistItem(
  actor: Actor,
  centreId: string,
  itemId: string,
  patch: ChecklistItemPatch,
  version: number,
): WriteResult {
  return db.transaction((tx): WriteResult => {
    const { refused, row: before } = readCentreWork(tx, actor, centreId, checklistItems, itemId);
    if (refused) return refused;
    const fieldErrors: FieldErrors = {};
    if (patch.ownerId && patch.ownerId !== before.ownerId && !isActiveStaffOwner(tx, patch.ownerId))
      fieldErrors.owner_id = "validation.invalidChoice";
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    if (before.version !== version) return { ok: false, fieldErrors: { _form: "checklist.errors.stale" }, status: 409 };

    const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as typeof before;
    const changes = diffFields(before, after, [...ITEM_FIELDS]);
    if (changes.length === 0) return { ok: true, id: itemId };
    const completedAt = after.status === "done" ? (before.status === "done" ? before.completedAt : new Date()) : null;
    const updated = tx
      .update(checklistItems)
      .set({
        status: after.status,
        ownerId: after.ownerId,
        dueOn: after.dueOn,
        notes: after.notes,
        visibleToEnterprise: after.visibleToEnterprise,
        completedAt,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(checklistItems.id, itemId), eq(checklistItems.version, version)))
      .run();
    if (updated.changes !== 1) return { ok: false, fieldErrors: { _form: "checklist.errors.stale" }, status: 409 };
    recordAudit(tx, { actorId: actor.id, entity: CHECKLIST_ITEM_ENTITY, entityId: itemId, action: "update", changes });
    return { ok: true, id: itemId };
  });
}

/**
 * Adds a steward's own item (no template) to a centre's checklist: the department must be in the
 * reference list and the owner, if any, an active steward or admin (the form proposes the steward
 * adding it).
 */
export function addChecklistItem(
  actor: Actor,
  centreId: string,
  input: {
    titleZh: string;
    titleEn: string;
    departmentCode: string;
    ownerId: string | null;
    dueOn: string | null;
    notes: string;
    visibleToEnterprise: boolean;
  },
): WriteResult {
  return db.transaction((tx): WriteResult => {
    const refused = refuseCentreWork(tx, actor, centreId);
    if (refused) return refused;
    const fieldErrors: FieldErrors = {};
    const department = tx
      .select({ code: referenceItems.code })
      .from(referenceItems)
      .where(
        and(
          eq(referenceItems.kind, "department"),
          eq(referenceItems.code, input.departmentCode),
          eq(referenceItems.active, true),
        ),
      )
      .get();
    if (!department) fieldErrors.department = "validation.invalidChoice";
    // No owner: the item is the lead steward's to do, like an unowned template item.
    const ownerId = input.ownerId;
    if (ownerId && !isActiveStaffOwner(tx, ownerId)) fieldErrors.owner_id = "validation.invalidChoice";
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, status: 400 };
    const titleZh = input.titleZh || input.titleEn;
    const titleEn = input.titleEn || input.titleZh;
    const values = {
      centreId,
      templateId: null,
      titleZh,
      titleEn,
      departmentCode: input.departmentCode,
      status: "not_started" as const,
      ownerId,
      dueOn: input.dueOn,
      notes: input.notes,
      visibleToEnterprise: input.visibleToEnterprise,
    };
    const { id } = tx.insert(checklistItems).values(values).returning({ id: checklistItems.id }).get();
    recordAudit(tx, {
      actorId: actor.id,
      entity: CHECKLIST_ITEM_ENTITY,
      entityId: id,
      action: "create",
      // A steward's own item has notes too.
      changes: diffFields(null, values, [...NEW_ITEM_AUDITED, "notes"]),
    });
    return { ok: true, id };
  });
}

/** ★ An item's columns the enterprise may see (the portal's checklist): no notes, no owner. Staff see more. */
const enterpriseColumns = {
  id: checklistItems.id,
  titleZh: checklistItems.titleZh,
  titleEn: checklistItems.titleEn,
  descriptionZh: checklistTemplates.descriptionZh,
  descriptionEn: checklistTemplates.descriptionEn,
  departmentCode: checklistItems.departmentCode,
  status: checklistItems.status,
  dueOn: checklistItems.dueOn,
  completedAt: checklistItems.completedAt,
};

/** A centre's items for staff (notes and owners included), with due flags. */
export function listChecklist(centreId: string, options: { today?: string; calendar?: WorkingCalendar } = {}) {
  const today = options.today ?? todayInBeijing();
  const calendar = options.calendar ?? workingCalendar();
  const rows = db
    .select({
      ...enterpriseColumns,
      templateId: checklistItems.templateId,
      ownerId: checklistItems.ownerId,
      ownerName: users.name,
      notes: checklistItems.notes,
      visibleToEnterprise: checklistItems.visibleToEnterprise,
      version: checklistItems.version,
      sortOrder: checklistTemplates.sortOrder,
    })
    .from(checklistItems)
    .leftJoin(users, eq(users.id, checklistItems.ownerId))
    .leftJoin(checklistTemplates, eq(checklistTemplates.id, checklistItems.templateId))
    .where(eq(checklistItems.centreId, centreId))
    // Template items in the admin's order, then the steward's own items as they were added.
    .orderBy(asc(sql`${checklistItems.templateId} is null`), asc(checklistTemplates.sortOrder), asc(checklistItems.createdAt))
    .all();
  return rows.map((r) => ({
    ...r,
    descriptionZh: r.descriptionZh ?? "",
    descriptionEn: r.descriptionEn ?? "",
    dueFlag: checklistDueFlag(r, today, calendar) as DueFlag | null,
    dueBeyondKnownCalendar: r.dueOn !== null && !calendar.isKnownDate(r.dueOn),
  }));
}

export type ChecklistRow = ReturnType<typeof listChecklist>[number];

export type ChecklistProgress = { done: number; applicable: number; overdue: number; total: number };

/** Progress (done of applicable) and overdue count per centre, for the centre page and list. */
export function checklistProgressOf(centreIds: readonly string[], today = todayInBeijing()): Map<string, ChecklistProgress> {
  const out = new Map<string, ChecklistProgress>();
  if (centreIds.length === 0) return out;
  // Items counted per (centre, status, overdue or not) in SQL, one statement compiled once per
  // connection for any number of centres (a JSON array of ids): /work and the centre list show
  // 20–50 centres a page, whose ~14 items each drizzle read and mapped row by row (issue 14).
  const groups = statement<[string, string]>(db, PROGRESS_SQL).all(today, JSON.stringify(centreIds)) as {
    centreId: string;
    status: ChecklistStatus;
    late: number | null;
    n: number;
  }[];
  for (const id of centreIds) out.set(id, { done: 0, applicable: 0, overdue: 0, total: 0 });
  for (const g of groups) {
    const p = out.get(g.centreId)!;
    p.total += g.n;
    if (g.status === "not_applicable") continue;
    p.applicable += g.n;
    if (g.status === "done") p.done += g.n;
    else if (g.late === 1) p.overdue += g.n;
  }
  return out;
}

const PROGRESS_SQL = `select centre_id as centreId, status, due_on < ? as late, count(*) as n
  from checklist_items where centre_id in (select value from json_each(?))
  group by centre_id, status, late`;

/** One centre's progress. */
export function checklistProgress(centreId: string, today = todayInBeijing()): ChecklistProgress {
  return checklistProgressOf([centreId], today).get(centreId)!;
}

/** Open items of a centre (for linking to an interaction). */
export function listOpenChecklistItems(centreId: string) {
  return db
    .select({
      id: checklistItems.id,
      titleZh: checklistItems.titleZh,
      titleEn: checklistItems.titleEn,
      status: checklistItems.status,
    })
    .from(checklistItems)
    .leftJoin(checklistTemplates, eq(checklistTemplates.id, checklistItems.templateId))
    .where(
      and(eq(checklistItems.centreId, centreId), ne(checklistItems.status, "done"), ne(checklistItems.status, "not_applicable")),
    )
    .orderBy(asc(checklistTemplates.sortOrder), asc(checklistItems.createdAt))
    .all();
}

/**
 * ★ The portal's checklist: the signed-in enterprise user's own centre only, items marked visible
 * only, and only fields safe for the enterprise (no notes, no owner).
 */
export function portalChecklist(user: { centreId: string }) {
  return portalChecklistOf()
    .all({ centreId: user.centreId })
    .map((r) => ({ ...r, descriptionZh: r.descriptionZh ?? "", descriptionEn: r.descriptionEn ?? "" }));
}

/** ★ One centre's items that its enterprise users may see. */
const portalChecklistOf = preparedQuery((conn) =>
  conn
    .select(enterpriseColumns)
    .from(checklistItems)
    .leftJoin(checklistTemplates, eq(checklistTemplates.id, checklistItems.templateId))
    .where(and(eq(checklistItems.centreId, sql.placeholder("centreId")), eq(checklistItems.visibleToEnterprise, true)))
    .orderBy(asc(checklistTemplates.sortOrder), asc(checklistItems.createdAt))
    .prepare(),
);

/**
 * Open items with a due date on or before `horizon` that are the steward's: owned by them, or
 * unowned on a centre they lead.
 */
export function checklistItemsDueForSteward(stewardId: string, horizon: string) {
  const columns = {
    id: checklistItems.id,
    centreId: checklistItems.centreId,
    centreNameZh: centres.nameZh,
    centreNameEn: centres.nameEn,
    leadStewardId: centres.leadStewardId,
    districtStewardId: centres.districtStewardId,
    titleZh: checklistItems.titleZh,
    titleEn: checklistItems.titleEn,
    departmentCode: checklistItems.departmentCode,
    status: checklistItems.status,
    dueOn: checklistItems.dueOn,
    version: checklistItems.version,
  };
  const open = and(
    inArray(checklistItems.status, ["not_started", "in_progress", "waiting_on_department"]),
    // ISO dates compare as strings.
    isNotNull(checklistItems.dueOn),
    lte(checklistItems.dueOn, horizon),
  );
  // Two index-led queries instead of one OR (which scans every item): items the steward owns,
  // then unowned items of the centres they lead. `+owner_id` keeps SQLite from walking the
  // owner index over every unowned item in the second.
  const owned = db
    .select(columns)
    .from(checklistItems)
    .innerJoin(centres, eq(centres.id, checklistItems.centreId))
    .where(and(eq(checklistItems.ownerId, stewardId), open))
    .all();
  const ofLedCentres = db
    .select(columns)
    .from(centres)
    .innerJoin(checklistItems, eq(checklistItems.centreId, centres.id))
    .where(and(eq(centres.leadStewardId, stewardId), isNull(sql`+${checklistItems.ownerId}`), open))
    .all();
  return [...owned, ...ofLedCentres].sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : 0));
}
