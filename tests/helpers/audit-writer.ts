/**
 * A separate process writing audit rows into a database, for the audit-chain concurrency test:
 * `node --import tsx tests/helpers/audit-writer.ts DATABASE_PATH COUNT LABEL GO_FILE`. Prints
 * "ready" once loaded and waits until GO_FILE exists (so several writers start together however
 * long each took to boot), then writes each row in its own transaction, as the app's writes are,
 * with a change to another table after it.
 */
import fs from "node:fs";

const [file, count, label, goFile] = process.argv.slice(2);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "test-secret-at-least-16-chars";
const { db } = await import("../../app/utils/db.server");
const { recordAudit } = await import("../../app/models/audit.server");
const { settings } = await import("../../db/schema");
console.log("ready");
while (!fs.existsSync(goFile!)) await new Promise((resolve) => setTimeout(resolve, 2));
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
  // Between two writes the app waits on the network; here a millisecond, so the other writer gets the lock.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
db.$client.close();
