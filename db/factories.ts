import { eq } from "drizzle-orm";
import { storedDeadlines } from "../app/domain/request-clock";
import type { RequestStatus } from "../app/domain/request-lifecycle";
import { isValidUscc, usccCheckChar, USCC_CHARSET } from "../app/domain/uscc";
import type { Db } from "./client.server";
import {
  centreEvents,
  centreIndustries,
  centres,
  contacts,
  referenceItems,
  settings,
  supportRequests,
  users,
  type Locale,
  type Role,
} from "./schema";
import { DEFAULT_SETTINGS, REFERENCE_DATA } from "./reference-data";

/** Factories shared by the demo seed and the tests: they write records the way the app does. */

export function seedReferenceData(db: Db) {
  db.transaction((tx) => {
    for (const [kind, items] of Object.entries(REFERENCE_DATA)) {
      items.forEach((item, index) => {
        tx.insert(referenceItems)
          .values({
            kind: kind as keyof typeof REFERENCE_DATA,
            code: item.code,
            labelZh: item.zh,
            labelEn: item.en,
            parentCode: item.parent ?? null,
            sortOrder: (index + 1) * 10,
          })
          .onConflictDoNothing()
          .run();
      });
    }
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      tx.insert(settings).values({ key, value }).onConflictDoNothing().run();
    }
  });
}

export function insertUser(
  db: Db,
  input: {
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    locale?: Locale | null;
    centreId?: string | null;
    /** Two-factor sign-in: the TOTP secret sealed with db/secret-box.ts, and when it was turned on. */
    totpSecret?: string | null;
    totpEnabledAt?: Date | null;
  },
) {
  return db
    .insert(users)
    .values({ ...input, email: input.email.toLowerCase(), locale: input.locale ?? null, centreId: input.centreId ?? null })
    .returning({ id: users.id })
    .get().id;
}

/** A valid USCC built from a number, deterministic: 91 (enterprise), 110000 (Beijing), then 9 characters. */
export function makeUscc(n: number): string {
  let body = "";
  let rest = n;
  for (let i = 0; i < 9; i++) {
    body = USCC_CHARSET[rest % 31]! + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91110000${body}`;
  const code = first17 + usccCheckChar(first17);
  if (!isValidUscc(code)) throw new Error(`makeUscc produced an invalid code: ${code}`);
  return code;
}

export type SeedEvent =
  | { kind: "stage_changed"; effectiveOn: string; toStage: string; note?: string }
  | {
      kind: "recognised";
      effectiveOn: string;
      batch: number;
      level: "regional" | "greater_regional" | "global";
      documentRef?: string;
    }
  | { kind: "level_changed"; effectiveOn: string; toLevel: "regional" | "greater_regional" | "global"; documentRef?: string }
  | { kind: "withdrawn"; effectiveOn: string; note?: string };

export type CentreSeed = {
  nameZh: string;
  nameEn: string;
  parentCompany: string;
  countryCode: string;
  uscc: string;
  districtCode: string;
  parkCode?: string | null;
  type?: "rd_innovation_centre" | "open_innovation_platform";
  level?: "regional" | "greater_regional" | "global";
  industries?: string[];
  rdHeadcount?: number | null;
  rdSpendCny?: number | null;
  address?: string;
  website?: string;
  leadStewardId?: string | null;
  districtStewardId?: string | null;
  contacts?: { name: string; role: string; email: string; phone: string; language: Locale }[];
  events?: SeedEvent[];
  actorId?: string | null;
};

/**
 * Inserts a closed support request of `centreId`, submitted by `submitterId` (tests that need a
 * centre with requests, not their handling); its stored deadlines are those of a closed request.
 */
export function insertClosedRequest(
  db: Pick<Db, "insert">,
  input: {
    receiptNo: string;
    centreId: string;
    submitterId: string;
    title: string;
    submittedOn: string;
    createdAt: Date;
    deadlines: Parameters<typeof storedDeadlines>[1];
  },
): string {
  return insertRequest(db, { ...input, status: "closed" });
}

/** Inserts a request in `status` with its due dates (and the current deadline they give in it). */
export function insertRequest(
  db: Pick<Db, "insert">,
  input: Parameters<typeof insertClosedRequest>[1] & { status: RequestStatus },
): string {
  const { deadlines, status, ...fields } = input;
  return db
    .insert(supportRequests)
    .values({ ...fields, categoryCode: "tax", description: "…", status, ...storedDeadlines(status, deadlines) })
    .returning({ id: supportRequests.id })
    .get().id;
}

/** Inserts a centre and its history; the cached stage and level are derived from the events. */
export function insertCentre(db: Db, input: CentreSeed): string {
  const events = [...(input.events ?? [])].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  let stage = "lead";
  let stageSince = events[0]?.effectiveOn ?? "2024-01-01";
  let level = input.level ?? "regional";
  for (const e of events) {
    if (e.kind === "stage_changed") {
      stage = e.toStage;
      stageSince = e.effectiveOn;
    }
    if (e.kind === "recognised") level = e.level;
    if (e.kind === "level_changed") level = e.toLevel;
  }
  return db.transaction((tx) => {
    const id = tx
      .insert(centres)
      .values({
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        parentCompany: input.parentCompany,
        countryCode: input.countryCode,
        uscc: input.uscc,
        districtCode: input.districtCode,
        parkCode: input.parkCode ?? null,
        type: input.type ?? "rd_innovation_centre",
        level,
        stage,
        stageSince,
        rdHeadcount: input.rdHeadcount ?? null,
        rdSpendCny: input.rdSpendCny ?? null,
        address: input.address ?? "",
        website: input.website ?? "",
        leadStewardId: input.leadStewardId ?? null,
        districtStewardId: input.districtStewardId ?? null,
      })
      .returning({ id: centres.id })
      .get().id;
    for (const code of input.industries ?? []) tx.insert(centreIndustries).values({ centreId: id, industryCode: code }).run();
    for (const c of input.contacts ?? [])
      tx.insert(contacts)
        .values({ ...c, centreId: id })
        .run();
    let currentStage: string | null = null;
    let currentLevel: string | null = null;
    for (const e of events) {
      const base = { centreId: id, effectiveOn: e.effectiveOn, actorId: input.actorId ?? null, kind: e.kind };
      if (e.kind === "stage_changed") {
        tx.insert(centreEvents)
          .values({ ...base, fromStage: currentStage, toStage: e.toStage, note: e.note ?? "" })
          .run();
        currentStage = e.toStage;
      } else if (e.kind === "recognised") {
        tx.insert(centreEvents)
          .values({
            ...base,
            batch: e.batch,
            toLevel: e.level,
            documentRef: e.documentRef ?? `京商研认〔${e.effectiveOn.slice(0, 4)}〕${e.batch}号`,
          })
          .run();
        currentLevel = e.level;
      } else if (e.kind === "level_changed") {
        tx.insert(centreEvents)
          .values({ ...base, fromLevel: (currentLevel ?? level) as never, toLevel: e.toLevel, documentRef: e.documentRef ?? "" })
          .run();
        currentLevel = e.toLevel;
      } else {
        tx.insert(centreEvents)
          .values({ ...base, note: e.note ?? "" })
          .run();
      }
    }
    return id;
  });
}

export function userIdByEmail(db: Db, email: string) {
  return db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? null;
}
