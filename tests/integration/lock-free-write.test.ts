import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, openDatabase } from "../../db/client.server";
import { outbox } from "../../db/schema";
import { enqueueNotification } from "~/models/outbox.server";
import { processOutbox } from "~/models/outbox-worker.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { pruneStaleRows } from "~/utils/housekeeping.server";
import { tryWriteNow, writeWhenLockFree } from "~/utils/lock-free-write.server";

/** Another connection (the import worker's, say) holding the database's write lock until `release`. */
function holdWriteLock() {
  const other = openDatabase(env.DATABASE_PATH);
  other.$client.prepare("begin immediate").run();
  return {
    release() {
      other.$client.prepare("commit").run();
      other.$client.close();
    },
  };
}

/** Counts turns of the event loop (a timer every 5 ms) until stopped. */
function countTurns() {
  let turns = 0;
  const timer = setInterval(() => turns++, 5);
  return {
    stop() {
      clearInterval(timer);
      return turns;
    },
  };
}

const queue = (subject: string) =>
  db.transaction((tx) =>
    enqueueNotification(tx, { channel: "email", recipient: "someone@centre.example", locale: "en", subject, body: "…" }),
  );

describe("background writes on the request thread never wait inside SQLite for the write lock (issue 14, goal 2)", () => {
  it("tryWriteNow answers at once when the lock is taken, writes nothing, and leaves the connection's busy timeout as it was", () => {
    const lock = holdWriteLock();
    try {
      const started = performance.now();
      const tried = tryWriteNow(() => queue("not now"));
      expect(tried).toEqual({ ok: false });
      expect(performance.now() - started).toBeLessThan(BUSY_TIMEOUT_MS / 5);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      lock.release();
    }
    expect(db.select().from(outbox).where(eq(outbox.subject, "not now")).all()).toHaveLength(0);
    expect(tryWriteNow(() => "free")).toEqual({ ok: true, value: "free" });
  });

  it("writeWhenLockFree lets the event loop turn while the lock is taken, then writes", async () => {
    const lock = holdWriteLock();
    const turns = countTurns();
    setTimeout(() => lock.release(), 150);
    const written = await writeWhenLockFree(() => {
      queue("when free");
      return "written";
    });
    // A write waiting inside SQLite would hold this thread: no timer would fire, not even the release.
    expect(turns.stop()).toBeGreaterThan(5);
    expect(written).toBe("written");
    expect(db.select().from(outbox).where(eq(outbox.subject, "when free")).all()).toHaveLength(1);
  });

  it("the housekeeping skips its deletes while the lock is taken, and runs at the next call", () => {
    const lock = holdWriteLock();
    try {
      const started = performance.now();
      expect(pruneStaleRows({ force: true })).toBeNull();
      expect(performance.now() - started).toBeLessThan(BUSY_TIMEOUT_MS / 5);
    } finally {
      lock.release();
    }
    expect(pruneStaleRows({ force: true })).toMatchObject({ sessions: 0, loginAttempts: 0, rateLimitHits: 0 });
  });

  it("the outbox waits for the lock with the event loop free, then sends", async () => {
    db.delete(outbox).run();
    queue("due");
    const lock = holdWriteLock();
    const turns = countTurns();
    setTimeout(() => lock.release(), 150);
    const result = await processOutbox({ mailer: null, captureEmail: true });
    expect(turns.stop()).toBeGreaterThan(5);
    expect(result).toMatchObject({ captured: 1, retrying: 0, failed: 0 });
    expect(db.select({ status: outbox.status }).from(outbox).where(eq(outbox.subject, "due")).get()).toEqual({ status: "sent" });
  });
});
