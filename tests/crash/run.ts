/**
 * `npm run test:crash`: under write load over HTTP (support requests submitted by enterprise
 * users, interactions logged by a steward), the production server is killed with SIGKILL at
 * random moments and restarted, again and again. Every write acknowledged to a client (a
 * redirect naming the created request, or to the centre's activity after an interaction) must
 * be in the database afterwards, exactly once and whole (its event and audit rows too), and
 * `PRAGMA integrity_check` must answer ok. Exits non-zero on any loss.
 *
 *   npm run test:crash -- [--kills 20] [--writers 4] [--max-seconds 150] [--keep-db]
 *
 * Writes that were in flight when the server died ("in doubt") may or may not have landed;
 * submissions in doubt are retried once with the same idempotency key, as a browser would, and
 * must then exist exactly once.
 */
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { v7 as uuidv7 } from "uuid";
import { openDatabase } from "../../db/client.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo-accounts";
import { migrateDatabase } from "../../db/migrate";
import { todayInBeijing } from "../../app/utils/format";
import { signIn, signInMany, type Client } from "../bench/http";
import { defaultLog, type Log } from "../bench/progress";
import { freePort, newSessionSecret, requireBuild, ROOT, startServer, type RunningServer } from "../bench/server";

/** Submissions one user may make per hour (SUBMIT_LIMIT.perUser in app/models/request-submission.server.ts). */
const SUBMISSIONS_PER_USER = 20;
const INTERACTION_ROUTE = path.join("app", "routes", "centres.$centreId_.interactions.new.tsx");

export type CrashOptions = {
  /** SIGKILLs (at least 1; `npm run test:crash` uses 20). */
  kills?: number;
  /** Concurrent writers (half submit requests, half log interactions). */
  writers?: number;
  /** Hard bound on the whole run; fails when the kills are not done by then. */
  maxSeconds?: number;
  buildDir?: string;
  keepDb?: boolean;
  log?: Log;
};

type Ack =
  { kind: "request"; id: string; key: string; receipt: string | null } | { kind: "interaction"; token: string; centreId: string };

export type CrashResult = {
  kills: number;
  restarts: number;
  seconds: number;
  attempts: number;
  acknowledged: { requests: number; interactions: number; total: number };
  /** In flight when the server died: landed or not, either is correct. */
  inDoubt: { requests: number; requestsRetried: number; interactions: number; interactionsLanded: number };
  /** Answers other than an acknowledgement while the server was up (e.g. 429, 500). */
  refused: Record<string, number>;
  /** Acknowledged writes missing, duplicated or partial (must be empty). */
  problems: string[];
  integrityCheck: string;
  foreignKeyProblems: number;
  ok: boolean;
  databasePath: string | null;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
  return cause?.code ?? cause?.name ?? (error as { name?: string })?.name ?? "error";
}

/** Enterprise users for the submissions (each may submit 20 an hour), on the demo centres. */
function addEnterpriseUsers(file: string, count: number): string[] {
  const sqlite = new Database(file);
  try {
    const hash = (
      sqlite.prepare("select password_hash as h from users where email = ?").get(DEMO_ACCOUNTS.enterprise) as { h: string }
    ).h;
    const centreIds = (sqlite.prepare("select id from centres order by id").all() as { id: string }[]).map((r) => r.id);
    const insert = sqlite.prepare(
      "insert into users (id, email, name, role, locale, password_hash, centre_id) values (?, ?, ?, 'enterprise', 'en', ?, ?)",
    );
    const emails: string[] = [];
    sqlite.transaction(() => {
      for (let i = 0; i < count; i++) {
        const email = `crash.${i}@crash.local`;
        insert.run(uuidv7(), email, `Crash writer ${i}`, hash, centreIds[(i * 13) % centreIds.length]);
        emails.push(email);
      }
    })();
    return emails;
  } finally {
    sqlite.close();
  }
}

export async function runCrashTest(options: CrashOptions = {}): Promise<CrashResult> {
  const log = options.log ?? defaultLog;
  const kills = Math.max(1, options.kills ?? 20);
  const writerCount = Math.max(2, options.writers ?? 4);
  const maxSeconds = options.maxSeconds ?? 150;
  const buildDir = requireBuild(options.buildDir ?? process.env.BUILD_DIR);
  const started = Date.now();
  const deadline = started + maxSeconds * 1000;
  const logsInteractions = fs.existsSync(path.join(ROOT, INTERACTION_ROUTE));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-crash-"));
  const databasePath = path.join(tmp, "crash.db");
  let server: RunningServer | null = null;
  const stop = { now: false };
  try {
    /* a fresh database: migrations, the demo seed, enterprise users for the load */
    // The demo seed imports app models, which open the app's database handle on DATABASE_PATH
    // when imported: a scratch file, closed right after, so no other process holds the database
    // open while the server is killed.
    const global = globalThis as { __rdcDb?: { $client: { open: boolean; close: () => void } } };
    const scratch = path.join(tmp, "import-scratch.db");
    if (!global.__rdcDb) process.env.DATABASE_PATH = scratch;
    process.env.SESSION_SECRET ??= newSessionSecret();
    const { seedDemo } = await import("../../db/seed");
    if (global.__rdcDb?.$client.open && process.env.DATABASE_PATH === scratch) {
      global.__rdcDb.$client.close();
      delete global.__rdcDb;
    }
    const db = openDatabase(databasePath);
    migrateDatabase(db);
    await seedDemo(db);
    db.$client.close();
    const poolSize = Math.max(10, kills * 6);
    const emails = addEnterpriseUsers(databasePath, poolSize);
    const meta = new Database(databasePath, { readonly: true });
    const stewardId = (meta.prepare("select id from users where email = ?").get(DEMO_ACCOUNTS.steward) as { id: string }).id;
    const stewardCentres = meta
      .prepare(
        "select c.id, (select k.id from contacts k where k.centre_id = c.id limit 1) as contactId from centres c where c.lead_steward_id = ? order by c.id",
      )
      .all(stewardId) as { id: string; contactId: string | null }[];
    meta.close();

    /* the server: same port, database and secret on every restart, so sessions survive */
    const port = await freePort();
    const sessionSecret = newSessionSecret();
    const start = () =>
      startServer({ databasePath, port, buildDir, sessionSecret, env: { TRUST_PROXY: "1" }, startTimeoutMs: 30_000 });
    server = await start();
    const base = server.baseURL;
    log(
      `Crash test: ${kills} SIGKILLs under write load, ${writerCount} writers, server pid ${server.pid} on port ${port}${buildDir ? ` (build ${buildDir})` : ""}`,
    );
    const steward = await signIn(base, DEMO_ACCOUNTS.steward, DEMO_PASSWORD);
    log(`Signing in ${emails.length} enterprise users…`);
    const pool = await signInMany(base, emails, DEMO_PASSWORD, 4);

    /* shared state */
    let up = true;
    let upSignal: Promise<void> = Promise.resolve();
    let markUp: () => void = () => {};
    const acks: Ack[] = [];
    let acksSinceStart = 0;
    const inDoubtRequests: { key: string; client: Client }[] = [];
    const inDoubtInteractions: string[] = [];
    let requestsRetried = 0;
    const refused: Record<string, number> = {};
    let attempts = 0;
    let userCursor = 0;
    const attemptsOf = new Map<Client, number>();
    let address = 1;
    const nextAddress = () => {
      const n = address++;
      return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    };
    const today = todayInBeijing();
    const refuse = (what: string) => (refused[what] = (refused[what] ?? 0) + 1);

    /** Counts one submission against a user's hourly limit; false when none is left. */
    const reserve = (client: Client) => {
      const used = attemptsOf.get(client) ?? 0;
      if (used >= SUBMISSIONS_PER_USER) return false;
      attemptsOf.set(client, used + 1);
      return true;
    };
    /** A pool user with submissions left this hour, or null when the pool is spent. */
    const nextUser = () => {
      for (; userCursor < pool.length; userCursor++) if (reserve(pool[userCursor]!)) return pool[userCursor]!;
      return null;
    };

    type Outcome = "ack" | "down" | "doubt" | "refused";
    const submit = async (client: Client, key: string): Promise<Outcome> => {
      attempts++;
      try {
        const res = await client.postForm(
          "/portal/requests/new",
          {
            category: "customs_samples",
            title: `Crash test ${key.slice(-8)}`,
            description: "Samples arrive next week; please help with customs clearance.",
            urgency: "normal",
            idempotency_key: key,
          },
          { headers: { "x-forwarded-for": nextAddress(), cookie: client.cookie() }, timeoutMs: 15_000 },
        );
        await res.arrayBuffer();
        const location = res.headers.get("location") ?? "";
        const id = /\/portal\/requests\/([0-9a-f-]{36})$/.exec(location)?.[1];
        if ((res.status === 302 || res.status === 303) && id) {
          acks.push({ kind: "request", id, key, receipt: null });
          acksSinceStart++;
          return "ack";
        }
        refuse(`request ${res.status}`);
        return "refused";
      } catch (error) {
        return errorCode(error) === "ECONNREFUSED" ? "down" : "doubt";
      }
    };
    const logInteraction = async (centre: { id: string; contactId: string | null }, token: string): Promise<Outcome> => {
      attempts++;
      try {
        const res = await steward.postForm(
          `/centres/${centre.id}/interactions/new`,
          {
            kind: "call",
            occurred_on: today,
            occurred_time: "10:30",
            summary: token,
            staff: stewardId,
            ...(centre.contactId ? { contacts: centre.contactId } : {}),
          },
          { timeoutMs: 15_000 },
        );
        await res.arrayBuffer();
        const location = res.headers.get("location") ?? "";
        if ((res.status === 302 || res.status === 303) && location.includes(`/centres/${centre.id}`)) {
          acks.push({ kind: "interaction", token, centreId: centre.id });
          acksSinceStart++;
          return "ack";
        }
        refuse(`interaction ${res.status}`);
        return "refused";
      } catch (error) {
        return errorCode(error) === "ECONNREFUSED" ? "down" : "doubt";
      }
    };

    const writer = async (index: number) => {
      const submits = !logsInteractions || index % 2 === 0;
      let n = 0;
      while (!stop.now) {
        if (!up) {
          await upSignal;
          continue;
        }
        n++;
        const client = submits ? nextUser() : null;
        if (client) {
          const key = `crash-${crypto.randomUUID()}`;
          const outcome = await submit(client, key);
          if (outcome === "doubt") inDoubtRequests.push({ key, client });
          if (outcome === "down" || outcome === "doubt") {
            await sleep(20);
            await upSignal;
            if (outcome === "doubt" && !stop.now) {
              // The browser's retry of the same form: same key, answered with the same request.
              const again = reserve(client) ? await submit(client, key) : "refused";
              if (again === "ack") requestsRetried++;
            }
          }
        } else if (logsInteractions && stewardCentres.length > 0) {
          const token = `crash-test ${crypto.randomUUID()}`;
          const outcome = await logInteraction(stewardCentres[(index * 7 + n) % stewardCentres.length]!, token);
          if (outcome === "doubt") inDoubtInteractions.push(token);
          if (outcome === "down" || outcome === "doubt") {
            await sleep(20);
            await upSignal;
          }
        } else {
          await sleep(50);
        }
      }
    };

    const writers = Array.from({ length: writerCount }, (_, i) => writer(i));
    let killed = 0;
    let restarts = 0;
    let failure: string | null = null;
    try {
      for (let k = 0; k < kills; k++) {
        // Let the writers get going on this server, then kill at a random moment.
        const waitUntil = Date.now() + 4000;
        while (acksSinceStart < 3 && Date.now() < waitUntil) await sleep(10);
        await sleep(Math.floor(Math.random() * 600));
        if (Date.now() > deadline) throw new Error(`out of time after ${killed} kills (max ${maxSeconds} s)`);
        up = false;
        upSignal = new Promise((r) => (markUp = r));
        await server.kill();
        killed++;
        server = await start();
        restarts++;
        acksSinceStart = 0;
        up = true;
        markUp();
        if (killed % 5 === 0 || killed === kills) log(`  ${killed}/${kills} kills, ${acks.length} writes acknowledged so far`);
      }
      // A last stretch of writes on the final server, then a clean stop.
      await sleep(500);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      stop.now = true;
      up = true;
      markUp();
      await Promise.all(writers);
      if (server) await server.stop();
      server = null;
    }

    /* verify, on a fresh connection */
    const check = new Database(databasePath);
    const problems: string[] = failure ? [failure] : [];
    const integrityCheck = (check.pragma("integrity_check") as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    const foreignKeyProblems = (check.pragma("foreign_key_check") as unknown[]).length;
    const requestByKey = check.prepare("select id, receipt_no as receipt from support_requests where idempotency_key = ?");
    const eventsOf = check.prepare("select count(*) as n from request_events where request_id = ? and action = 'submit'");
    const auditOf = check.prepare("select count(*) as n from audit_log where entity = ? and entity_id = ?");
    const interactionsBy = check.prepare("select id from interactions where summary = ?");
    let requestsAcked = 0;
    let interactionsAcked = 0;
    const before = problems.length;
    for (const ack of acks) {
      if (ack.kind === "request") {
        requestsAcked++;
        const rows = requestByKey.all(ack.key) as { id: string; receipt: string }[];
        if (rows.length !== 1) problems.push(`request ${ack.key}: ${rows.length} rows`);
        else if (rows[0]!.id !== ack.id) problems.push(`request ${ack.key}: acknowledged as ${ack.id}, stored as ${rows[0]!.id}`);
        else {
          if ((eventsOf.get(ack.id) as { n: number }).n !== 1) problems.push(`request ${ack.id}: no submit event`);
          if ((auditOf.get("support_request", ack.id) as { n: number }).n < 1) problems.push(`request ${ack.id}: no audit row`);
        }
      } else {
        interactionsAcked++;
        const rows = interactionsBy.all(ack.token) as { id: string }[];
        if (rows.length !== 1) problems.push(`interaction "${ack.token}": ${rows.length} rows`);
        else if ((auditOf.get("interaction", rows[0]!.id) as { n: number }).n < 1)
          problems.push(`interaction ${rows[0]!.id}: no audit row`);
      }
    }
    const intact = acks.length - (problems.length - before);
    // Nothing half-written anywhere: every request has its submit event, and keys are unique.
    const orphans = (
      check
        .prepare(
          "select count(*) as n from support_requests r where not exists (select 1 from request_events e where e.request_id = r.id)",
        )
        .get() as { n: number }
    ).n;
    if (orphans > 0) problems.push(`${orphans} requests without their submit event`);
    // The receipt counter never falls behind the numbers handed out (else the next submission would collide).
    for (const row of check.prepare("select year, last from receipt_counters").all() as { year: number; last: number }[]) {
      const max =
        (
          check
            .prepare("select max(cast(substr(receipt_no, 9) as integer)) as m from support_requests where receipt_no like ?")
            .get(`RQ-${row.year}-%`) as { m: number | null }
        ).m ?? 0;
      if (row.last < max) problems.push(`receipt counter ${row.year} at ${row.last}, behind ${max}`);
    }
    const interactionsLanded = inDoubtInteractions.filter((t) => (interactionsBy.all(t) as unknown[]).length > 0).length;
    for (const t of inDoubtInteractions) {
      const n = (interactionsBy.all(t) as unknown[]).length;
      if (n > 1) problems.push(`interaction "${t}" in doubt stored ${n} times`);
    }
    for (const { key } of inDoubtRequests) {
      const n = (requestByKey.all(key) as unknown[]).length;
      if (n > 1) problems.push(`request ${key} in doubt stored ${n} times`);
    }
    check.close();
    if (integrityCheck !== "ok") problems.push(`integrity_check: ${integrityCheck}`);
    if (foreignKeyProblems > 0) problems.push(`${foreignKeyProblems} foreign key problems`);
    if (killed < kills) problems.push(`only ${killed} of ${kills} kills done`);

    const result: CrashResult = {
      kills: killed,
      restarts,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      attempts,
      acknowledged: { requests: requestsAcked, interactions: interactionsAcked, total: acks.length },
      inDoubt: {
        requests: inDoubtRequests.length,
        requestsRetried,
        interactions: inDoubtInteractions.length,
        interactionsLanded,
      },
      refused,
      problems,
      integrityCheck,
      foreignKeyProblems,
      ok: problems.length === 0 && acks.length > 0,
      databasePath: options.keepDb ? databasePath : null,
    };
    log(
      `${result.ok ? "PASS" : "FAIL"}: ${killed} SIGKILLs and restarts in ${result.seconds} s; ${acks.length} acknowledged writes (${requestsAcked} requests, ${interactionsAcked} interactions${logsInteractions ? "" : "; no interaction route"}), ` +
        `${intact} found intact; ` +
        `${inDoubtRequests.length + inDoubtInteractions.length} in flight at a kill (${requestsRetried} submissions retried and acknowledged, ${interactionsLanded}/${inDoubtInteractions.length} interactions landed); ` +
        `integrity_check ${integrityCheck}, foreign keys ${foreignKeyProblems === 0 ? "ok" : foreignKeyProblems}` +
        (Object.keys(refused).length
          ? `; refused: ${Object.entries(refused)
              .map(([k, v]) => `${k}×${v}`)
              .join(", ")}`
          : ""),
    );
    for (const p of problems.slice(0, 20)) log(`  ✗ ${p}`);
    return result;
  } finally {
    stop.now = true;
    if (server) await server.kill();
    if (!options.keepDb) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`Kept the database at ${databasePath}`);
  }
}

/* ------------------------------------------------------------------ CLI */

function parseArgs(argv: string[]): CrashOptions {
  const options: CrashOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const number = () => {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    if (flag === "--kills") options.kills = Math.round(number());
    else if (flag === "--writers") options.writers = Math.round(number());
    else if (flag === "--max-seconds") options.maxSeconds = number();
    else if (flag === "--keep-db") options.keepDb = true;
    else throw new Error(`Unknown option ${arg} (--kills N, --writers N, --max-seconds S, --keep-db)`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runCrashTest(parseArgs(process.argv.slice(2))).then(
    (result) => process.exit(result.ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
