import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { v7 as uuidv7 } from "uuid";

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

export const ROLES = ["admin", "steward", "official", "enterprise"] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const users = sqliteTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  locale: text("locale", { enum: LOCALES }),
  passwordHash: text("password_hash").notNull(),
  disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
  centreId: text("centre_id").references((): AnySQLiteColumn => centres.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins, kept in the database so rate limits survive a restart. */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at)],
);

export const REFERENCE_KINDS = [
  "district",
  "park",
  "industry",
  "country",
  "department",
  "request_category",
  "stage",
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

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

export const CENTRE_TYPES = ["rd_innovation_centre", "open_innovation_platform"] as const;
export const CENTRE_LEVELS = ["regional", "greater_regional", "global"] as const;

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
    level: text("level", { enum: CENTRE_LEVELS }).notNull(),
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
    index("centres_stage_idx").on(t.stage),
    index("centres_district_idx").on(t.districtCode),
    index("centres_lead_steward_idx").on(t.leadStewardId),
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

export const CENTRE_EVENT_KINDS = ["stage_changed", "recognised", "level_changed", "withdrawn"] as const;

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
    fromLevel: text("from_level", { enum: CENTRE_LEVELS }),
    toLevel: text("to_level", { enum: CENTRE_LEVELS }),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    actorId: text("actor_id").references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("centre_events_centre_idx").on(t.centreId, t.effectiveOn), index("centre_events_kind_idx").on(t.kind, t.effectiveOn)],
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
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId, t.at)],
);
