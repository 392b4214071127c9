/**
 * Two production servers (`node server.js`) on one SQLite file, written to at once over HTTP:
 * enterprise users submit support requests and a steward logs interactions, half of the writers
 * on each server. Every answer must be an acknowledgement (a redirect), never a 5xx ("database
 * is locked"), and every acknowledged write must be in the database exactly once.
 *
 *   npx tsx tests/crash/two-processes.ts [--interactions 240] [--writers 3]
 *
 * Writes start IMMEDIATE (db/client.server.ts) and wait up to the busy timeout for the other
 * process's write lock; a deferred transaction that read first would instead fail at once with
 * SQLITE_BUSY when the other process had written meanwhile.
 */
import Database from "better-sqlite3";
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { v7 as uuidv7 } from "uuid";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo-accounts";
import { todayInBeijing } from "../../app/utils/format";
import { signIn, signInMany, type Client } from "../bench/http";
import { defaultLog, type Log } from "../bench/progress";
import { freePort, newSessionSecret, requireBuild, ROOT, startServer, type RunningServer } from "../bench/server";

export type TwoProcessOptions = {
  /** Interactions to log in all (split over the servers). */
  interactions?: number;
  /** Request submissions in all; kept under the per-address limit (60 an hour, one address here). */
  submissions?: number;
  /** Concurrent writers per server. */
  writers?: number;
  buildDir?: string;
  log?: Log;
};

export type TwoProcessResult = {
  seconds: number;
  requests: number;
  /** HTTP status (or network error code) → count, over both servers. */
  statuses: Record<string, number>;
  serverErrors: number;
  acknowledged: { requests: number; interactions: number };
  perServer: number[];
  /** Acknowledged writes missing or duplicated, answers that were not acknowledgements. */
  problems: string[];
  integrityCheck: string;
};

/** Applies the migrations and the demo seed, as `npm start` does, in a child process. */
function prepareDatabase(databasePath: string) {
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "db/prepare.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, SESSION_SECRET: newSessionSecret(), NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (prepared.status !== 0) throw new Error(`db/prepare.ts failed:\n${prepared.stderr}`);
}

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
    const emails = Array.from({ length: count }, (_, i) => `two.${i}@two-processes.local`);
    sqlite.transaction(() =>
      emails.forEach((email, i) => insert.run(uuidv7(), email, `Writer ${i}`, hash, centreIds[(i * 7) % centreIds.length])),
    )();
    return emails;
  } finally {
    sqlite.close();
  }
}

export async function runTwoProcessTest(options: TwoProcessOptions = {}): Promise<TwoProcessResult> {
  const log = options.log ?? defaultLog;
  const interactionCount = options.interactions ?? 240;
  const submissionCount = Math.min(options.submissions ?? 50, 55);
  const writersPerServer = Math.max(1, options.writers ?? 3);
  const buildDir = requireBuild(options.buildDir ?? process.env.BUILD_DIR);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-two-"));
  const databasePath = path.join(tmp, "two.db");
  const servers: RunningServer[] = [];
  try {
    prepareDatabase(databasePath);
    // Each enterprise user may submit 20 requests an hour: 10 each.
    const emails = addEnterpriseUsers(databasePath, Math.ceil(submissionCount / 10));
    const meta = new Database(databasePath, { readonly: true });
    const stewardId = (meta.prepare("select id from users where email = ?").get(DEMO_ACCOUNTS.steward) as { id: string }).id;
    const centres = meta
      .prepare(
        "select c.id, (select k.id from contacts k where k.centre_id = c.id limit 1) as contactId from centres c where c.lead_steward_id = ? order by c.id",
      )
      .all(stewardId) as { id: string; contactId: string | null }[];
    meta.close();
    if (centres.length === 0) throw new Error("The demo steward leads no centre");

    // Same database and session secret: a session made on one server is good on the other.
    const sessionSecret = newSessionSecret();
    for (let i = 0; i < 2; i++)
      servers.push(
        await startServer({ databasePath, port: await freePort(), buildDir, sessionSecret, env: { OUTBOX_WORKER: "true" } }),
      );
    log(`Two servers (pids ${servers.map((s) => s.pid).join(", ")}) on ${databasePath}`);
    const steward = await signIn(servers[0]!.baseURL, DEMO_ACCOUNTS.steward, DEMO_PASSWORD);
    const submitters = await signInMany(servers[1]!.baseURL, emails, DEMO_PASSWORD, 2);

    const statuses: Record<string, number> = {};
    const problems: string[] = [];
    const perServer = [0, 0];
    const acks: { kind: "request"; key: string; id: string }[] = [];
    const interactionAcks: string[] = [];
    const count = (what: string) => (statuses[what] = (statuses[what] ?? 0) + 1);
    const today = todayInBeijing();

    // The work, as a queue both servers' writers take from: interactions and submissions interleaved.
    type Job = { kind: "interaction"; n: number } | { kind: "request"; n: number };
    const jobs: Job[] = [];
    for (let i = 0, s = 0; i < interactionCount || s < submissionCount; i++) {
      if (i < interactionCount) jobs.push({ kind: "interaction", n: i });
      if (s < submissionCount && i % Math.max(1, Math.floor(interactionCount / submissionCount)) === 0)
        jobs.push({ kind: "request", n: s++ });
    }
    let next = 0;
    const started = Date.now();

    const run = async (server: number, client: (c: Client) => Client) => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        perServer[server]!++;
        try {
          if (job.kind === "interaction") {
            const centre = centres[job.n % centres.length]!;
            const token = `two-processes ${crypto.randomUUID()}`;
            const res = await client(steward).postForm(
              `/centres/${centre.id}/interactions/new`,
              {
                kind: "call",
                occurred_on: today,
                occurred_time: "10:30",
                summary: token,
                staff: stewardId,
                ...(centre.contactId ? { contacts: centre.contactId } : {}),
              },
              { timeoutMs: 20_000 },
            );
            const body = await res.text();
            count(String(res.status));
            if (res.status === 302 || res.status === 303) interactionAcks.push(token);
            else problems.push(`interaction on server ${server + 1}: HTTP ${res.status} ${body.slice(0, 200)}`);
          } else {
            const key = `two-${crypto.randomUUID()}`;
            const res = await client(submitters[job.n % submitters.length]!).postForm(
              "/portal/requests/new",
              {
                category: "customs_samples",
                title: `Two processes ${job.n}`,
                description: "Samples arrive next week; please help with customs clearance.",
                urgency: "normal",
                idempotency_key: key,
              },
              { timeoutMs: 20_000 },
            );
            const body = await res.text();
            count(String(res.status));
            const id = /\/portal\/requests\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")?.[1];
            if ((res.status === 302 || res.status === 303) && id) acks.push({ kind: "request", key, id });
            else problems.push(`submission on server ${server + 1}: HTTP ${res.status} ${body.slice(0, 200)}`);
          }
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
          count(code);
          problems.push(`${job.kind} on server ${server + 1}: ${code}`);
        }
      }
    };
    // A client's cookies and CSRF token work on either server; only the base address differs.
    const on =
      (server: RunningServer) =>
      (c: Client): Client => ({
        ...c,
        postForm: (p, fields, init) => {
          const url = `${server.baseURL}${p}`;
          return fetch(url, {
            method: "POST",
            redirect: "manual",
            signal: init?.timeoutMs ? AbortSignal.timeout(init.timeoutMs) : undefined,
            headers: { "content-type": "application/x-www-form-urlencoded", cookie: c.cookie() },
            body: new URLSearchParams(
              Object.entries({ ...fields, csrf: c.csrf }).flatMap(([k, v]) =>
                Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]],
              ),
            ).toString(),
          });
        },
      });
    await Promise.all(servers.flatMap((server, s) => Array.from({ length: writersPerServer }, () => run(s, on(server)))));
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    for (const server of servers) {
      if (/database is locked|SQLITE_BUSY/i.test(server.output()))
        problems.push(`server ${server.pid} logged: ${/.*(database is locked|SQLITE_BUSY).*/i.exec(server.output())![0]}`);
    }
    await Promise.all(servers.map((s) => s.stop()));

    const check = new Database(databasePath, { readonly: true });
    const integrityCheck = (check.pragma("integrity_check") as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    const byKey = check.prepare("select id from support_requests where idempotency_key = ?");
    for (const ack of acks) {
      const rows = byKey.all(ack.key) as { id: string }[];
      if (rows.length !== 1 || rows[0]!.id !== ack.id) problems.push(`request ${ack.key}: ${rows.length} rows`);
    }
    const bySummary = check.prepare("select count(*) as n from interactions where summary = ?");
    for (const token of interactionAcks) {
      const { n } = bySummary.get(token) as { n: number };
      if (n !== 1) problems.push(`interaction "${token}": ${n} rows`);
    }
    check.close();
    const serverErrors = Object.entries(statuses)
      .filter(([k]) => /^5\d\d$/.test(k))
      .reduce((a, [, v]) => a + v, 0);
    const result: TwoProcessResult = {
      seconds,
      requests: Object.values(statuses).reduce((a, b) => a + b, 0),
      statuses,
      serverErrors,
      acknowledged: { requests: acks.length, interactions: interactionAcks.length },
      perServer,
      problems,
      integrityCheck,
    };
    log(
      `${problems.length === 0 ? "PASS" : "FAIL"}: ${result.requests} writes in ${seconds} s over two servers (${perServer.join(" + ")}), ` +
        `${writersPerServer} writers each; statuses ${JSON.stringify(statuses)}; ${serverErrors} 5xx; ` +
        `${acks.length} requests and ${interactionAcks.length} interactions acknowledged and found; integrity_check ${integrityCheck}`,
    );
    for (const p of problems.slice(0, 10)) log(`  ✗ ${p}`);
    return result;
  } finally {
    await Promise.all(servers.map((s) => s.kill()));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  runTwoProcessTest({ interactions: flag("--interactions"), writers: flag("--writers") }).then(
    (r) => process.exit(r.problems.length === 0 ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
