import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import nodemailer, { type Transporter } from "nodemailer";
import { dailyDigestsOffThread } from "./dashboard/figures-worker.server";
import { dueOutboxRows, leaseOutboxRow, markOutboxAttemptFailed, markOutboxSent } from "./outbox.server";
import { env } from "~/utils/env.server";
import { pruneStaleRows } from "~/utils/housekeeping.server";
import { writeWhenLockFree } from "~/utils/lock-free-write.server";
import { pruneRateLimitHits } from "~/utils/rate-limit-hits.server";

/**
 * The outbox worker: sends the email and WeCom messages queued by `enqueueNotification`, retrying
 * failures with exponential backoff. In demo mode without SMTP, email is "captured": marked sent
 * without leaving the machine, and admins read it at /admin/outbox.
 */

/** After this many failed attempts a message is marked failed (an admin may retry it). */
export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;
/** A row being sent is leased for this long, so a second worker (or a crashed send) does not double-send it. */
const LEASE_MS = 5 * 60_000;
const SEND_TIMEOUT_MS = 20_000;
/** WeCom text messages are limited to 2048 bytes. */
const WECOM_MAX_BYTES = 2000;
/** The daily digest is queued on the first tick at or after this hour, Beijing time. */
export const DIGEST_HOUR = 8;

/** Delay before the next attempt after `attempts` failed ones: 1 min × 2^(attempts−1), at most 6 h. */
export function backoffMs(attempts: number) {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

export type Mailer = { send(message: { to: string; subject: string; text: string }): Promise<void> };
export type SmtpConfig = { url: string } | { host: string; port: number; user?: string; pass?: string };

/** An SMTP mailer (nodemailer) for a URL (smtp://user:pass@host:port, smtps:// for TLS) or a host. */
export function createSmtpMailer(config: SmtpConfig, from = env.SMTP_FROM): Mailer {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: SEND_TIMEOUT_MS };
  const transporter: Transporter =
    "url" in config
      ? nodemailer.createTransport({ url: config.url, ...timeouts })
      : nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: config.port === 465,
          auth: config.user ? { user: config.user, pass: config.pass ?? "" } : undefined,
          ...timeouts,
        });
  return {
    async send({ to, subject, text }) {
      await transporter.sendMail({ from, to, subject, text });
    },
  };
}

/** SMTP settings from the environment, or null when none are set. */
export function smtpConfigFromEnv(): SmtpConfig | null {
  if (env.SMTP_URL) return { url: env.SMTP_URL };
  if (env.SMTP_HOST) return { host: env.SMTP_HOST, port: env.SMTP_PORT, user: env.SMTP_USER, pass: env.SMTP_PASS };
  return null;
}

/** Email is captured locally (never sent) in demo mode when no SMTP server is configured. */
export function emailIsCaptured() {
  return env.DEMO_MODE && !smtpConfigFromEnv();
}

let envMailer: Mailer | null | undefined;
function mailerFromEnv(): Mailer | null {
  if (envMailer === undefined) {
    const config = smtpConfigFromEnv();
    envMailer = config ? createSmtpMailer(config) : null;
  }
  return envMailer;
}

/** Posts a text message to a WeCom group robot; WeCom answers 200 with errcode 0 on success. */
export async function sendWecom(webhookUrl: string, content: string, fetchImpl: typeof fetch = fetch) {
  const res = await fetchImpl(webhookUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ msgtype: "text", text: { content: truncateBytes(content, WECOM_MAX_BYTES) } }),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`WeCom answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new Error(`WeCom answered something other than JSON: ${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0)
    throw new Error(`WeCom refused the message: errcode ${answer.errcode ?? "?"} ${answer.errmsg ?? ""}`.trim());
}

function truncateBytes(text: string, maxBytes: number) {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  // Cut on a character boundary: drop a trailing partial character, then mark the cut.
  return `${bytes
    .subarray(0, maxBytes - 3)
    .toString("utf8")
    .replace(/\uFFFD$/, "")}…`;
}

export type ProcessOptions = {
  now?: Date;
  limit?: number;
  /** The mailer; defaults to SMTP from the environment (or capture in demo mode). */
  mailer?: Mailer | null;
  /** The WeCom webhook; defaults to WECOM_WEBHOOK_URL. */
  wecomWebhookUrl?: string | null;
  /** Capture email instead of sending when there is no mailer; defaults to demo mode without SMTP. */
  captureEmail?: boolean;
};

export type ProcessResult = { sent: number; captured: number; retrying: number; failed: number };

/**
 * Sends up to `limit` due pending messages. Each row is leased before it is sent (another
 * worker skips it), then marked sent, or on failure its attempts go up, its error is kept and
 * its next attempt is pushed back exponentially; after MAX_ATTEMPTS it is marked failed.
 *
 * It runs on the request thread and lets its event loop turn before each message: a captured
 * email (demo mode) awaits nothing, and its two writes cost 1–2 ms, so the 317 digests of the
 * bench's stewards, ten batches of twenty a tick, held the event loop 250–400 ms at a time
 * (issue 14, goal 2). Its writes wait for the write lock with the event loop free
 * (writeWhenLockFree), not inside SQLite's busy handler: an import committing holds the lock in
 * chunks of about 100 ms.
 */
export async function processOutbox(options: ProcessOptions = {}): Promise<ProcessResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 20;
  const mailer = options.mailer !== undefined ? options.mailer : mailerFromEnv();
  const wecomUrl = options.wecomWebhookUrl !== undefined ? options.wecomWebhookUrl : (env.WECOM_WEBHOOK_URL ?? null);
  const capture = options.captureEmail ?? (options.mailer === undefined ? emailIsCaptured() : false);
  const result: ProcessResult = { sent: 0, captured: 0, retrying: 0, failed: 0 };

  const due = dueOutboxRows(now, limit);

  for (const row of due) {
    await nextTurn();
    if (!(await writeWhenLockFree(() => leaseOutboxRow(row.id, now, LEASE_MS)))) continue;
    const attempts = row.attempts + 1;
    try {
      if (row.channel === "email") {
        if (mailer) await mailer.send({ to: row.recipient, subject: row.subject, text: row.body });
        else if (!capture) throw new Error("No SMTP server is configured (set SMTP_URL or SMTP_HOST).");
        else result.captured++;
      } else {
        if (!wecomUrl) throw new Error("No WeCom webhook is configured (set WECOM_WEBHOOK_URL).");
        await sendWecom(wecomUrl, `${row.subject}\n\n${row.body}`);
      }
      await writeWhenLockFree(() => markOutboxSent(row.id, attempts));
      result.sent++;
    } catch (error) {
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const failed = attempts >= MAX_ATTEMPTS;
      await writeWhenLockFree(() =>
        markOutboxAttemptFailed(row.id, {
          attempts,
          lastError,
          failed,
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        }),
      );
      if (failed) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}

/** The hour of `now` in Beijing (0–23). */
export function beijingHour(now: Date) {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", hourCycle: "h23" }).format(now));
}

/**
 * The daily work: on the first call at or after 08:00 Beijing time each day, queue the stewards'
 * digests and due alerts (idempotent per day, see enqueueDailyDigests) and forget old rate-limit hits.
 */
export async function runDailyJobs(now = new Date()) {
  if (beijingHour(now) < DIGEST_HOUR) return null;
  // On the dashboard's figures worker when the server started one: seconds of work at scale (issue 14).
  const queued = await dailyDigestsOffThread(now);
  if (queued) pruneRateLimitHits(new Date(now.getTime() - 2 * 24 * 60 * 60_000));
  return queued;
}

type WorkerState = { timer: NodeJS.Timeout | null; running: boolean; stop: () => void; kick: () => void };
const globalForWorker = globalThis as unknown as { __rdcOutboxWorker?: WorkerState };

/**
 * Starts the outbox worker in this process (once; later calls return the same handle): every
 * `intervalMs` it sends due messages and runs the daily jobs. The timer is unref'd, so it never
 * keeps the process alive. OUTBOX_WORKER=false turns it off (e.g. when a separate process sends).
 */
export function startOutboxWorker({ intervalMs = 15_000 }: { intervalMs?: number } = {}): { stop: () => void; kick: () => void } {
  const noop = { stop: () => {}, kick: () => {} };
  if (!env.OUTBOX_WORKER) return noop;
  if (globalForWorker.__rdcOutboxWorker) return globalForWorker.__rdcOutboxWorker;

  const state: WorkerState = {
    timer: null,
    running: false,
    stop() {
      if (state.timer) clearInterval(state.timer);
      state.timer = null;
      globalForWorker.__rdcOutboxWorker = undefined;
    },
    kick() {
      setImmediate(() => void tick());
    },
  };
  async function tick() {
    if (state.running) return;
    state.running = true;
    try {
      await runDailyJobs();
      pruneStaleRows();
      // Drain what is due, a batch at a time.
      for (let i = 0; i < 10; i++) {
        const r = await processOutbox();
        if (r.sent + r.captured + r.retrying + r.failed === 0) break;
      }
    } catch (error) {
      console.error("outbox worker:", error);
    } finally {
      state.running = false;
    }
  }
  state.timer = setInterval(() => void tick(), intervalMs);
  state.timer.unref();
  globalForWorker.__rdcOutboxWorker = state;
  state.kick();
  return state;
}

/**
 * Sends everything due now, a batch at a time, never alongside this process's worker: it waits
 * for a tick under way to end and keeps the next from starting until it is done (the two would
 * otherwise take turns at the same rows). The bench's digest measurement uses it; each batch
 * changes its rows for good (sent, failed, or pushed back a minute or more), so it ends.
 */
export async function drainOutbox(): Promise<void> {
  const state = globalForWorker.__rdcOutboxWorker;
  while (state?.running) await sleep(20);
  if (state) state.running = true;
  try {
    for (;;) {
      const batch = await processOutbox();
      if (batch.sent + batch.retrying + batch.failed === 0) return;
    }
  } finally {
    if (state) state.running = false;
  }
}

/** Runs the worker's next tick now, when it runs in this process (e.g. after an admin's "retry now"). */
export function kickOutboxWorker() {
  globalForWorker.__rdcOutboxWorker?.kick();
}
