import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import type { NotificationMode } from "~/domain/notification-policy";
import { db } from "~/utils/db.server";
import { diffFields, recordAudit } from "./audit.server";

/** The signed-in user's own email choice (scoped to the user: there is no way to read another's). */
export function getNotificationMode(userId: string): NotificationMode {
  return db.select({ mode: users.notificationMode }).from(users).where(eq(users.id, userId)).get()?.mode ?? "immediate";
}

/** Sets the user's own email choice: one transaction with the audit row; unchanged writes nothing. */
export function setNotificationMode(userId: string, mode: NotificationMode, now = new Date()) {
  db.transaction((tx) => {
    const before = tx.select({ notificationMode: users.notificationMode }).from(users).where(eq(users.id, userId)).get();
    if (!before || before.notificationMode === mode) return;
    tx.update(users).set({ notificationMode: mode, updatedAt: now }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId: userId,
      entity: "user",
      entityId: userId,
      action: "notification_settings",
      changes: diffFields(before, { notificationMode: mode }, ["notificationMode"]),
    });
  });
}
