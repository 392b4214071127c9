/**
 * A separate process writing audit rows into a database, for the audit-chain concurrency test:
 * `node --import tsx tests/helpers/audit-writer.ts DATABASE_PATH COUNT LABEL START_MS`. Waits
 * until START_MS (so several writers start together), then writes each row in its own
 * transaction, as the app's writes are, with a change to another table after it.
 */
const [file, count, label, start] = process.argv.slice(2);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "test-secret-at-least-16-chars";
const { db } = await import("../../app/utils/db.server");
const { recordAudit } = await import("../../app/models/audit.server");
const { settings } = await import("../../db/schema");
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(start) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  // The audit row first, in a deferred transaction: its hash must not depend on what a writer read before taking the lock.
  db.transaction((tx) => {
    recordAudit(tx, {
      actorId: null,
      entity: "setting",
      entityId: `${label}-${i}`,
      action: "create",
      changes: [{ field: "value", before: null, after: i }],
    });
    tx.insert(settings)
      .values({ key: `audit-writer:${label}:${i}`, value: i })
      .run();
  });
}
db.$client.close();
export {};
