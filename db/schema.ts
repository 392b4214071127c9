import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { v7 as uuidv7 } from "uuid";
import { CENTRE_IMPORT_PHASES, type CentreImportPhase } from "../app/domain/centre-import-phases";
import { CENTRE_TYPES } from "../app/domain/centre-types";
import { CHECKLIST_STATUSES } from "../app/domain/checklist";
import { CENTRE_EVENT_KINDS } from "../app/domain/counting";
import { LEVELS } from "../app/domain/levels";
import { LOCALES } from "../app/domain/locales";
import { INBOX_KINDS, NOTIFICATION_MODES, OUTBOX_CHANNELS, OUTBOX_STATUSES } from "../app/domain/notification-policy";
import { ROLES } from "../app/domain/permissions";
import { REFERENCE_KINDS } from "../app/domain/reference-kinds";
import { MESSAGE_VISIBILITIES, REQUEST_STATUSES, REQUEST_URGENCIES, SATISFACTION_RATINGS } from "../app/domain/request-lifecycle";
import { SAVED_VIEW_PAGES } from "../app/domain/saved-views";
import { FOLLOW_UP_STATUSES, INTERACTION_KINDS } from "../app/domain/steward-work";
import { CALENDAR_OVERRIDE_KINDS } from "../app/domain/working-days";
import { ARTICLE_STATUSES } from "../app/domain/answers";

/* Shared column helpers: random ids (UUID v7, never sequential) and timestamps in ms. */
const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/*
 * Every enumeration a column takes is the domain's (app/domain/): one list, one place. The
 * re-exports keep `db/schema` a one-stop import for code that reads tables and their values.
 */
export { ROLES, type Role } from "../app/domain/permissions";
export { LOCALES, type Locale } from "../app/domain/locales";
export { REFERENCE_KINDS, type ReferenceKind } from "../app/domain/reference-kinds";
export { CENTRE_TYPES } from "../app/domain/centre-types";
export { CENTRE_EVENT_KINDS } from "../app/domain/counting";
export { CHECKLIST_STATUSES } from "../app/domain/checklist";
export { FOLLOW_UP_STATUSES, INTERACTION_KINDS } from "../app/domain/steward-work";
export { MESSAGE_VISIBILITIES, REQUEST_STATUSES, REQUEST_URGENCIES, SATISFACTION_RATINGS } from "../app/domain/request-lifecycle";
export { INBOX_KINDS, type InboxKind, OUTBOX_CHANNELS, OUTBOX_STATUSES } from "../app/domain/notification-policy";
export { SAVED_VIEW_PAGES } from "../app/domain/saved-views";

export const users = sqliteTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  locale: text("locale", { enum: LOCALES }),
  passwordHash: text("password_hash").notNull(),
  disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
  centreId: text("centre_id").references((): AnySQLiteColumn => centres.id),
  /** How the user hears of request events by email (app/domain/notification-policy.ts). */
  notificationMode: text("notification_mode", { enum: NOTIFICATION_MODES }).notNull().default("immediate"),
  /** Two-factor sign-in: the TOTP secret, encrypted (app/utils/secret-box.server.ts); set while enrolling. */
  totpSecret: text("totp_secret"),
  /** When the user confirmed enrolment with a code; null = two-factor sign-in is off. */
  totpEnabledAt: integer("totp_enabled_at", { mode: "timestamp_ms" }),
  /** The last 30-second step a code was accepted for, so a code is never accepted twice. */
  totpLastStep: integer("totp_last_step"),
  /** The Beijing day (YYYY-MM-DD) of the last daily digest queued for this steward: one a day, even across a crash. */
  digestOn: text("digest_on"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Single-use recovery codes for two-factor sign-in, stored as SHA-256 hashes. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Failed sign-ins, kept in the database so rate limits survive a restart. */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at), index("login_attempts_at_idx").on(t.at)],
);

export const referenceItems = sqliteTable(
  "reference_items",
  {
    id: id(),
    kind: text("kind", { enum: REFERENCE_KINDS }).notNull(),
    code: text("code").notNull(),
    labelZh: text("label_zh").notNull(),
    labelEn: text("label_en").notNull(),
    /** A park's district code. */
    parentCode: text("parent_code"),
    sortOrder: integer("sort_order").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [uniqueIndex("reference_kind_code_uq").on(t.kind, t.code)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
});

export const centres = sqliteTable(
  "centres",
  {
    id: id(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    parentCompany: text("parent_company").notNull(),
    countryCode: text("country_code").notNull(),
    uscc: text("uscc").notNull().unique(),
    address: text("address").notNull().default(""),
    districtCode: text("district_code").notNull(),
    parkCode: text("park_code"),
    type: text("type", { enum: CENTRE_TYPES }).notNull(),
    /** Cache of the latest level event; written in the same transaction as the event. */
    level: text("level", { enum: LEVELS }).notNull(),
    /** Cache of the latest stage event; written in the same transaction as the event. */
    stage: text("stage").notNull(),
    stageSince: text("stage_since").notNull(),
    rdHeadcount: integer("rd_headcount"),
    rdSpendCny: integer("rd_spend_cny"),
    website: text("website").notNull().default(""),
    leadStewardId: text("lead_steward_id").references((): AnySQLiteColumn => users.id),
    districtStewardId: text("district_steward_id").references((): AnySQLiteColumn => users.id),
    notes: text("notes").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The pipeline's columns: each stage's centres longest in it first, read in index order.
    index("centres_stage_since_idx").on(t.stage, t.stageSince, t.nameEn),
    // A district's centres, and the list's common filter "stage in a district" counted and paged
    // in name order from the index alone (issue 14; it replaced an index on the district only).
    index("centres_district_stage_name_idx").on(t.districtCode, t.stage, t.nameEn),
    index("centres_lead_steward_idx").on(t.leadStewardId),
    // "Lead or district steward" as two index-led lookups; the centre list's default sort.
    index("centres_district_steward_idx").on(t.districtStewardId),
    index("centres_name_en_idx").on(t.nameEn),
  ],
);

export const centreIndustries = sqliteTable(
  "centre_industries",
  {
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    industryCode: text("industry_code").notNull(),
  },
  (t) => [primaryKey({ columns: [t.centreId, t.industryCode] }), index("centre_industries_code_idx").on(t.industryCode)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull().default(""),
    email: text("email").notNull().default(""),
    phone: text("phone").notNull().default(""),
    language: text("language", { enum: LOCALES }).notNull().default("zh-CN"),
  },
  (t) => [index("contacts_centre_idx").on(t.centreId)],
);

/** ★ The source of truth for every count: effective dates come from the documents. */
export const centreEvents = sqliteTable(
  "centre_events",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CENTRE_EVENT_KINDS }).notNull(),
    effectiveOn: text("effective_on").notNull(),
    documentRef: text("document_ref").notNull().default(""),
    note: text("note").notNull().default(""),
    batch: integer("batch"),
    fromLevel: text("from_level", { enum: LEVELS }),
    toLevel: text("to_level", { enum: LEVELS }),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    actorId: text("actor_id").references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index("centre_events_centre_idx").on(t.centreId, t.effectiveOn),
    index("centre_events_kind_idx").on(t.kind, t.effectiveOn),
    // Covers "a centre's latest stage on a date" (the dashboard's pipeline as of a date) without reading the rows.
    index("centre_events_centre_kind_idx").on(t.centreId, t.kind, t.effectiveOn, t.recordedAt, t.toStage),
  ],
);

export type FieldChange = { field: string; before: unknown; after: unknown };

/** ★ Written in the same transaction as every change. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id").references(() => users.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    changes: text("changes", { mode: "json" }).$type<FieldChange[]>().notNull(),
    /**
     * Tamper evidence: SHA-256 of the previous row's hash and this row's content, computed in the
     * transaction that writes the row (app/models/audit.server.ts); `npm run audit:check` verifies.
     */
    hash: text("hash"),
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId, t.at)],
);

/* ---------------------------------------------------------------- checklists, interactions */

export const checklistTemplates = sqliteTable("checklist_templates", {
  id: id(),
  titleZh: text("title_zh").notNull(),
  titleEn: text("title_en").notNull(),
  descriptionZh: text("description_zh").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  departmentCode: text("department_code").notNull(),
  /** Default due period after the item is applied, in working days. */
  duePeriodWorkingDays: integer("due_period_working_days").notNull().default(20),
  /** Applies to this centre type only; null for every type. */
  appliesToType: text("applies_to_type", { enum: CENTRE_TYPES }),
  /** Applied when a centre reaches this stage; null when the centre is created. */
  appliesAtStage: text("applies_at_stage"),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const checklistItems = sqliteTable(
  "checklist_items",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    templateId: text("template_id").references(() => checklistTemplates.id),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    departmentCode: text("department_code").notNull(),
    status: text("status", { enum: CHECKLIST_STATUSES }).notNull().default("not_started"),
    ownerId: text("owner_id").references(() => users.id),
    dueOn: text("due_on"),
    notes: text("notes").notNull().default(""),
    visibleToEnterprise: integer("visible_to_enterprise", { mode: "boolean" }).notNull().default(true),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A centre's items are found by the unique index below (centre first); a separate centre index
    // only cost every new item (an import writes hundreds of thousands) one more b-tree insert.
    index("checklist_items_owner_due_idx").on(t.ownerId, t.dueOn),
    uniqueIndex("checklist_items_centre_template_uq").on(t.centreId, t.templateId),
  ],
);

export const interactions = sqliteTable(
  "interactions",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INTERACTION_KINDS }).notNull(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    summary: text("summary").notNull(),
    actorId: text("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("interactions_centre_occurred_idx").on(t.centreId, t.occurredAt)],
);

export const interactionParticipants = sqliteTable(
  "interaction_participants",
  {
    id: id(),
    interactionId: text("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    contactId: text("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    userId: text("user_id").references(() => users.id),
  },
  (t) => [index("interaction_participants_idx").on(t.interactionId)],
);

export const interactionChecklistItems = sqliteTable(
  "interaction_checklist_items",
  {
    interactionId: text("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    checklistItemId: text("checklist_item_id")
      .notNull()
      .references(() => checklistItems.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.interactionId, t.checklistItemId] })],
);

export const followUps = sqliteTable(
  "follow_ups",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    interactionId: text("interaction_id").references(() => interactions.id, { onDelete: "set null" }),
    /** Set when the follow-up answers a dissatisfied rating of a support request. */
    requestId: text("request_id").references((): AnySQLiteColumn => supportRequests.id),
    description: text("description").notNull(),
    ownerId: text("owner_id").references(() => users.id),
    dueOn: text("due_on"),
    status: text("status", { enum: FOLLOW_UP_STATUSES }).notNull().default("open"),
    visibleToEnterprise: integer("visible_to_enterprise", { mode: "boolean" }).notNull().default(false),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** Optimistic concurrency: an edit names the version it was made on. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("follow_ups_centre_idx").on(t.centreId), index("follow_ups_owner_due_idx").on(t.ownerId, t.status, t.dueOn)],
);

/* ---------------------------------------------------------------- support requests */

export const supportRequests = sqliteTable(
  "support_requests",
  {
    id: id(),
    /** Shown to people (RQ-2026-000123); never grants access. */
    receiptNo: text("receipt_no").notNull().unique(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    submitterId: text("submitter_id").references(() => users.id),
    categoryCode: text("category_code").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    urgency: text("urgency", { enum: REQUEST_URGENCIES }).notNull().default("normal"),
    language: text("language", { enum: LOCALES }).notNull().default("zh-CN"),
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("submitted"),
    assignedStewardId: text("assigned_steward_id").references(() => users.id),
    departmentCode: text("department_code"),
    submittedOn: text("submitted_on").notNull(),
    acceptDueOn: text("accept_due_on"),
    firstContactDueOn: text("first_contact_due_on"),
    answerDueOn: text("answer_due_on"),
    /** The deadline that matters now (domain/request-clock.ts `currentDeadline`), stored with every
     * change of status or due dates (`storedDeadlines`) so the queue can sort and filter by an index. */
    currentDeadlineOn: text("current_deadline_on"),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    firstContactAt: integer("first_contact_at", { mode: "timestamp_ms" }),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    escalated: integer("escalated", { mode: "boolean" }).notNull().default(false),
    idempotencyKey: text("idempotency_key").unique(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A centre's requests newest first (its timeline, the portal's list), ties by id: read in order, at any depth.
    index("requests_centre_idx").on(t.centreId, sql`${t.createdAt} desc`, sql`${t.id} desc`),
    index("requests_status_due_idx").on(t.status, t.answerDueOn),
    index("requests_steward_idx").on(t.assignedStewardId, t.status),
    // The service figures read the requests submitted in a period.
    index("requests_submitted_on_idx").on(t.submittedOn),
    // The queue in its order (nearest current deadline first, then newest, id breaking ties), so a
    // page is read from the index at any depth; overdue and due-soon are ranges of it.
    index("requests_queue_order_idx").on(t.currentDeadlineOn, sql`${t.createdAt} desc`, sql`${t.id} desc`),
  ],
);

/** Per-year sequence for receipt numbers. */
export const receiptCounters = sqliteTable("receipt_counters", {
  year: integer("year").primaryKey(),
  last: integer("last").notNull(),
});

export const requestMessages = sqliteTable(
  "request_messages",
  {
    id: id(),
    requestId: text("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id),
    /** ★ internal notes never reach an enterprise user. */
    visibility: text("visibility", { enum: MESSAGE_VISIBILITIES }).notNull(),
    body: text("body").notNull(),
    language: text("language", { enum: LOCALES }).notNull().default("zh-CN"),
    createdAt: createdAt(),
  },
  (t) => [index("request_messages_request_idx").on(t.requestId, t.createdAt)],
);

export const requestEvents = sqliteTable(
  "request_events",
  {
    id: id(),
    requestId: text("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: REQUEST_STATUSES }),
    toStatus: text("to_status", { enum: REQUEST_STATUSES }).notNull(),
    action: text("action").notNull(),
    actorId: text("actor_id").references(() => users.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** The working day the event happened on (Beijing), for the clock's pauses. */
    onDate: text("on_date").notNull(),
    departmentCode: text("department_code"),
    note: text("note").notNull().default(""),
  },
  (t) => [index("request_events_request_idx").on(t.requestId, t.at)],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: id(),
    requestId: text("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    messageId: text("message_id").references(() => requestMessages.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    detectedType: text("detected_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedById: text("uploaded_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_request_idx").on(t.requestId)],
);

export const satisfaction = sqliteTable("satisfaction", {
  requestId: text("request_id")
    .primaryKey()
    .references(() => supportRequests.id, { onDelete: "cascade" }),
  rating: text("rating", { enum: SATISFACTION_RATINGS }).notNull(),
  comment: text("comment").notNull().default(""),
  byId: text("by_id").references(() => users.id),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
});

/* ---------------------------------------------------------------- notifications, access */

/** ★ Written in the same transaction as the event it reports; a worker sends and retries. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: id(),
    channel: text("channel", { enum: OUTBOX_CHANNELS }).notNull(),
    recipient: text("recipient").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    centreId: text("centre_id")
      .notNull()
      .references(() => centres.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdById: text("created_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_centre_idx").on(t.centreId)],
);

/** Password-reset links: only the SHA-256 of the token is stored; single use, valid for one hour. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/**
 * ★ In-app notifications of stewards, written in the same transaction as the event that causes
 * them (the daily run for due soon and overdue: one per request, kind and due date).
 */
export const inboxItems = sqliteTable(
  "inbox_items",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INBOX_KINDS }).notNull(),
    requestId: text("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    /** The deadline a due-soon or overdue item is about; empty for other kinds. */
    dueOn: text("due_on").notNull().default(""),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("inbox_items_user_created_idx").on(t.userId, t.createdAt),
    index("inbox_items_user_unread_idx").on(t.userId, t.readAt),
    uniqueIndex("inbox_items_due_uq")
      .on(t.userId, t.kind, t.requestId, t.dueOn)
      .where(sql`${t.kind} in ('due_soon', 'overdue')`),
  ],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: id(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdById: text("created_by_id").references(() => users.id),
  createdAt: createdAt(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});

/** Holidays and adjusted working days an admin enters for years the calendar package does not know. */
export const calendarOverrides = sqliteTable("calendar_overrides", {
  date: text("date").primaryKey(),
  kind: text("kind", { enum: CALENDAR_OVERRIDE_KINDS }).notNull(),
  note: text("note").notNull().default(""),
  createdById: text("created_by_id").references(() => users.id),
  createdAt: createdAt(),
});

/** Public form rate limits (e.g. request submission), kept across restarts like login attempts. */
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limit_hits_key_at_idx").on(t.key, t.at), index("rate_limit_hits_at_idx").on(t.at)],
);

/**
 * Versions of the data behind the officials' figures, bumped by triggers (migration
 * 0003_change_counters) on every write to the tables they read, whichever process writes.
 * The dashboard keeps its computed figures until the version it was computed at changes.
 * `answers` (migration 0015_work_answer_counter): the policy library's links, suggestions opened
 * and articles, read by the dashboard's library figures.
 */
export const CHANGE_COUNTERS = ["centres", "requests", "answers"] as const;
export const changeCounters = sqliteTable("change_counters", {
  name: text("name", { enum: CHANGE_COUNTERS }).primaryKey(),
  version: integer("version").notNull().default(0),
});

/* ---------------------------------------------------------------- saved views */

/** A user's named filters of a list page (personal; the link, being the query string, can be shared). */
export const savedViews = sqliteTable(
  "saved_views",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    page: text("page", { enum: SAVED_VIEW_PAGES }).notNull(),
    name: text("name").notNull(),
    /** The list's query string (without page or language). */
    query: text("query").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("saved_views_user_page_name_uq").on(t.userId, t.page, t.name)],
);

/* ---------------------------------------------------------------- centre import jobs */

export { CENTRE_IMPORT_PHASES, type CentreImportPhase };

/**
 * A CSV import of centres (app/models/centre-import-job.server.ts): its rows wait in a file under
 * the token `id`; this row holds its phase and progress, which the page polls. The commit runs in
 * chunks of rows, each chunk its own transaction that also moves `doneRows` and the counts on, so
 * an interrupted import continues where it stopped. `skippedRows` keeps the first 1,000 skipped rows.
 */
export const centreImports = sqliteTable(
  "centre_imports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    phase: text("phase", { enum: CENTRE_IMPORT_PHASES }).notNull(),
    totalRows: integer("total_rows").notNull(),
    checkedRows: integer("checked_rows").notNull().default(0),
    doneRows: integer("done_rows").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    skippedRows: text("skipped_rows", { mode: "json" }).notNull().default("[]"),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("centre_imports_user_idx").on(t.userId)],
);

/* ---------------------------------------------------------------- policy answers (issue 15) */

export { ARTICLE_STATUSES };

/**
 * An answer article of the policy library. Its content columns are a cache of its latest
 * version (answer_article_versions), written in the same transaction as the version.
 */
export const answerArticles = sqliteTable(
  "answer_articles",
  {
    id: id(),
    titleZh: text("title_zh").notNull().default(""),
    titleEn: text("title_en").notNull().default(""),
    bodyZh: text("body_zh").notNull().default(""),
    bodyEn: text("body_en").notNull().default(""),
    categoryCode: text("category_code").notNull(),
    status: text("status", { enum: ARTICLE_STATUSES }).notNull().default("draft"),
    validFrom: text("valid_from"),
    reviewBy: text("review_by").notNull(),
    authorId: text("author_id").references(() => users.id),
    /** The CSV import's key: a row with a known key updates that article. */
    importKey: text("import_key").unique(),
    /** The latest version's number; an edit names the version it was made on. */
    version: integer("version").notNull().default(1),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("answer_articles_status_idx").on(t.status, t.reviewBy), index("answer_articles_author_idx").on(t.authorId)],
);

/** Every edit of an article is a version: a full snapshot of what it said, who wrote it and when. */
export const answerArticleVersions = sqliteTable(
  "answer_article_versions",
  {
    id: id(),
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    titleZh: text("title_zh").notNull().default(""),
    titleEn: text("title_en").notNull().default(""),
    bodyZh: text("body_zh").notNull().default(""),
    bodyEn: text("body_en").notNull().default(""),
    categoryCode: text("category_code").notNull(),
    departmentCodes: text("department_codes", { mode: "json" }).$type<string[]>().notNull(),
    templateIds: text("template_ids", { mode: "json" }).$type<string[]>().notNull(),
    sources: text("sources", { mode: "json" })
      .$type<{ name: string; number: string; issuer: string; issuedOn: string; url: string }[]>()
      .notNull(),
    validFrom: text("valid_from"),
    reviewBy: text("review_by").notNull(),
    note: text("note").notNull().default(""),
    authorId: text("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("answer_article_versions_uq").on(t.articleId, t.number)],
);

export const answerArticleDepartments = sqliteTable(
  "answer_article_departments",
  {
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    departmentCode: text("department_code").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.departmentCode] })],
);

/** The checklist templates an article concerns: a centre's items from these templates show the article. */
export const answerArticleTemplates = sqliteTable(
  "answer_article_templates",
  {
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    templateId: text("template_id")
      .notNull()
      .references(() => checklistTemplates.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.templateId] }), index("answer_article_templates_template_idx").on(t.templateId)],
);

/** The documents an article rests on (current version; each version keeps its own copy). */
export const answerSources = sqliteTable(
  "answer_sources",
  {
    id: id(),
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    sortOrder: integer("sort_order").notNull().default(0),
    name: text("name").notNull(),
    number: text("number").notNull().default(""),
    issuer: text("issuer").notNull().default(""),
    issuedOn: text("issued_on").notNull().default(""),
    url: text("url").notNull().default(""),
  },
  (t) => [index("answer_sources_article_idx").on(t.articleId)],
);

/** Which article, in which version, went into a steward's message on a request. */
export const requestAnswerArticles = sqliteTable(
  "request_answer_articles",
  {
    id: id(),
    requestId: text("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    messageId: text("message_id").references(() => requestMessages.id, { onDelete: "set null" }),
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => answerArticleVersions.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("request_answer_articles_request_idx").on(t.requestId),
    index("request_answer_articles_article_idx").on(t.articleId),
  ],
);

/**
 * An enterprise user opened an article the new-request form suggested. `formKey` is the form's
 * idempotency key: a session ended without a request when no request carries that key.
 */
export const answerSuggestionViews = sqliteTable(
  "answer_suggestion_views",
  {
    id: id(),
    articleId: text("article_id")
      .notNull()
      .references(() => answerArticles.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    centreId: text("centre_id").references(() => centres.id, { onDelete: "cascade" }),
    formKey: text("form_key").notNull(),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("answer_suggestion_views_opened_idx").on(t.openedAt),
    uniqueIndex("answer_suggestion_views_uq").on(t.formKey, t.articleId),
  ],
);
