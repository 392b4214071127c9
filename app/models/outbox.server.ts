import { outbox } from "../../db/schema";
import type { Tx } from "./write-types.server";

export type Notification = {
  channel: "email" | "wecom";
  recipient: string;
  locale: "zh-CN" | "en";
  subject: string;
  body: string;
};

/**
 * ★ Queues a notification in the same transaction as the event it reports; the outbox worker
 * (app/utils/outbox-worker.server.ts) sends it and retries with backoff. A `held` message waits
 * for its recipient's daily digest instead (see enqueueDailyDigests).
 */
export function enqueueNotification(tx: Tx, notification: Notification, options: { status?: "pending" | "held" } = {}) {
  tx.insert(outbox)
    .values({ ...notification, status: options.status ?? "pending", attempts: 0, nextAttemptAt: new Date() })
    .run();
}
