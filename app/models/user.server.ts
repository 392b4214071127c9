import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { centres, users, type Locale, type Role } from "../../db/schema";
import { userColumns } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { endSessionsOfUser } from "~/utils/session.server";
import { diffFields, recordAudit } from "./audit.server";

export function findUserByEmail(email: string) {
  return db
    .select({
      id: users.id,
      role: users.role,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      totpEnabledAt: users.totpEnabledAt,
    })
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .get();
}

// A fixed hash to verify against when the account does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | null = null;

/** The user when email and password match an active account, else null. */
export async function verifyLogin(email: string, password: string) {
  const user = findUserByEmail(email);
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.disabledAt) return null;
  return user;
}

/** Users on a page of the admin's list (issue 14: a city's enterprise users run to thousands). */
export const USERS_PAGE_SIZE = 50;

/**
 * A page of users, by role then email: those whose name or email contains `q` (any case), of
 * `role` when given. `total` counts every user the filter leaves.
 */
export function listUsers(filter: { q?: string; role?: Role; page?: number } = {}) {
  const page = filter.page ?? 0;
  const conditions: SQL[] = [];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(lower(${users.email}) like ${pattern} escape '\\' or lower(${users.name}) like ${pattern} escape '\\')`);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = db
    .select({
      ...userColumns,
      twoFactor: sql<boolean>`${users.totpEnabledAt} is not null`.mapWith(Boolean),
      centreName: centres.nameEn,
      centreNameZh: centres.nameZh,
    })
    .from(users)
    .leftJoin(centres, eq(centres.id, users.centreId))
    .where(where)
    .orderBy(asc(users.role), asc(users.email))
    .limit(USERS_PAGE_SIZE + 1)
    .offset(page * USERS_PAGE_SIZE)
    .all();
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(where)
    .get()!.n;
  return { rows: rows.slice(0, USERS_PAGE_SIZE), page, hasOlder: rows.length > USERS_PAGE_SIZE, total };
}

export function countUsersByRole() {
  return db
    .select({ role: users.role, count: sql<number>`count(*)` })
    .from(users)
    .where(sql`${users.disabledAt} is null`)
    .groupBy(users.role)
    .all();
}

export function emailOf(userId: string) {
  return db.select({ email: users.email }).from(users).where(eq(users.id, userId)).get()?.email ?? "";
}

export function isEmailTaken(email: string) {
  return Boolean(db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase())).get());
}

export async function createUser(
  actorId: string | null,
  input: { email: string; name: string; role: Role; password: string; locale: Locale | null; centreId: string | null },
) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        locale: input.locale,
        passwordHash,
        centreId: input.role === "enterprise" ? input.centreId : null,
      })
      .returning({ id: users.id })
      .get();
    recordAudit(tx, {
      actorId,
      entity: "user",
      entityId: row.id,
      action: "create",
      changes: diffFields(null, { ...input, password: undefined }, ["email", "name", "role", "locale", "centreId"]),
    });
    return row;
  });
}

function getUserRow(userId: string) {
  return db
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

export function changeUserRole(actorId: string, userId: string, role: Role) {
  const before = getUserRow(userId);
  if (!before) return null;
  db.transaction((tx) => {
    tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId,
      entity: "user",
      entityId: userId,
      action: "change_role",
      changes: diffFields(before, { role }, ["role"]),
    });
  });
  // A role change ends the user's sessions, so the next sign-in gets a fresh session id.
  endSessionsOfUser(userId);
  return true;
}

export async function resetUserPassword(actorId: string, userId: string, password: string) {
  if (!getUserRow(userId)) return null;
  const passwordHash = await hashPassword(password);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId,
      entity: "user",
      entityId: userId,
      action: "reset_password",
      changes: [{ field: "password", before: "•••", after: "•••" }],
    });
  });
  endSessionsOfUser(userId);
  return true;
}

export function setUserDisabled(actorId: string, userId: string, disabled: boolean) {
  const before = getUserRow(userId);
  if (!before) return null;
  const disabledAt = disabled ? new Date() : null;
  db.transaction((tx) => {
    tx.update(users).set({ disabledAt, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId,
      entity: "user",
      entityId: userId,
      action: disabled ? "disable" : "enable",
      changes: [{ field: "disabled", before: Boolean(before.disabledAt), after: disabled }],
    });
  });
  if (disabled) endSessionsOfUser(userId);
  return true;
}

export function setUserLocale(userId: string, locale: Locale) {
  db.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, userId)).run();
}
