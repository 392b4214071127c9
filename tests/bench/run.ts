/**
 * `npm run bench`: seeds a database at a chosen scale, starts the production server on it, signs
 * in by HTTP as the demo steward, official and enterprise users, and drives load with autocannon
 * on each main endpoint and on a mix. Beside each endpoint it times the same page's loaders and
 * their SQL in-process (same build, same database file). Results: a Markdown table on stdout and
 * JSON, SVG and Markdown files in bench-results/.
 *
 *   npm run bench -- --scale 1 --duration 10 --connections 10
 *   npm run bench -- --scale 0.02            (CI size)
 *
 * Options: --scale N (1 = 30,000 centres, 300,000 interactions, 100,000 requests), --duration S
 * per endpoint, --connections N, --only list,search,… , --out DIR, --keep-db (keep the seeded
 * database), --reuse-db FILE (bench an existing bench database instead of seeding; the server
 * and the sign-ins are the same), --accept-encoding E (default a browser's "gzip, deflate, br"),
 * --trivial-beside (the trivial page before and after each main page, see BenchOptions),
 * --import-rows N (the import after the pages; 0 skips it), --import-reader-every MS (the official
 * reading during the import starts a page every MS instead of one after another), --import-alone
 * (nobody reads or writes during the import), --skip-stalls
 * (no long-work runs).
 *
 * Each page's server CPU per request (from /proc) is reported beside a trivial page of the same
 * stack (/bench/trivial, one SQLite read) and as a multiple of it (issue 14, goal 1); with
 * --trivial-beside, of the trivial page run just before and after each main page.
 */
import autocannon from "autocannon";
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase } from "../../db/client.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo-accounts";
import { migrateDatabase } from "../../db/migrate";
import { benchChart } from "./chart";
import { hostSpeedLine, measureHostSpeed, type HostSpeed } from "./host-speed";
import { formBody, signIn, signInMany, type Client } from "./http";
import { loadAppInProcess, measure, type AppInProcess, type ProbeStats } from "./probes";
import {
  eventLoop,
  measureDigest,
  centreLedBy,
  measureImport,
  measureIdle,
  measureRequest,
  rssSampler,
  touchFigures,
  type EventLoopReport,
  type MemorySamples,
  type RequestStall,
  type StallContext,
  type Stalls,
} from "./stalls";
import { defaultLog, formatCount, type Log } from "./progress";
import type { SeedSummary } from "./seed";
import { freePort, newSessionSecret, processCpuMs, requireBuild, ROOT, startServer, type RunningServer } from "./server";

/** Submissions one user may make per hour (SUBMIT_LIMIT.perUser in app/models/request-submission.server.ts). */
const SUBMISSIONS_PER_USER = 20;
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
  "accept-language": "zh-CN,zh;q=0.9,en;q=0.8",
  "user-agent": USER_AGENT,
};

export const ENDPOINTS = [
  "list",
  "search",
  "centre",
  "heavyCentre",
  "pipeline",
  "work",
  "requests",
  "portal",
  "heavyPortal",
  "dashboard",
  "trivial",
  "stats",
  "submit",
] as const;
/** The HTML pages held to goal 1 of issue 14: each within a few times the trivial page's CPU per request. */
export const MAIN_PAGES: readonly EndpointName[] = [
  "list",
  "search",
  "centre",
  "heavyCentre",
  "pipeline",
  "work",
  "requests",
  "portal",
  "heavyPortal",
  "dashboard",
];
/** Goal 1 of issue 14 at demo scale (the CI smoke bench allows 4x for noise). */
export const CPU_RATIO_TARGET = 3;
export type EndpointName = (typeof ENDPOINTS)[number] | "mix";

export type BenchOptions = {
  scale?: number;
  /** Seconds of load per endpoint. */
  duration?: number;
  /** Requests per endpoint instead of a duration (the run waits for every answer; for CI). */
  amount?: number;
  connections?: number;
  /** Where results go (default bench-results/). */
  outDir?: string;
  /** Endpoints to run (default all, then the mix). */
  only?: EndpointName[];
  buildDir?: string;
  keepDb?: boolean;
  reuseDb?: string;
  /** Accept-Encoding of every request (default a browser's, "gzip, deflate, br"); e.g. "gzip" to compare encodings. */
  acceptEncoding?: string;
  /** Rows of the CSV import whose event-loop stall is measured after the pages (default 5,000; 0 skips the import). */
  importRows?: number;
  /** Skips the long-work runs after the pages (import, digest, figure recomputation, exports). */
  skipStalls?: boolean;
  /** During the import the official starts a page every this many ms (default 0: one after another). */
  importReaderEveryMs?: number;
  /** The import with nobody else reading or writing (its own cost; default: an official reads and a steward writes). */
  importAlone?: boolean;
  /**
   * Runs the trivial page just before and just after each main page, as long as the page's run,
   * and gives the page's CPU as a multiple of those two neighbours (else of the one trivial run):
   * a change of load on the shared machine between a page and a trivial run measured minutes
   * later then no longer moves the ratio.
   */
  trivialBeside?: boolean;
  /** How long each endpoint's loaders are timed in-process (default max(1 s, duration × 200 ms); at least 3 rounds). */
  probeMs?: number;
  /** How long the idle server is watched after the long work, as the machine's yardstick (default 5 s). */
  idleMs?: number;
  log?: Log;
};

export type Latency = { p50: number; p95: number; p99: number; mean: number; max: number };

export type EndpointResult = {
  name: EndpointName;
  label: string;
  method: "GET" | "POST" | "MIX";
  path: string;
  as: string;
  durationS: number;
  connections: number;
  /** One request made before the load, with its status (checks sign-in and routing). */
  check: { status: number; ms: number; ok: boolean };
  /** Responses received. */
  responses: number;
  /** Sent but not answered when the run ended (normally about one per connection, in flight at the end). */
  unanswered: number;
  /** Responses with the expected status (200 for pages, 302 for a submission). */
  ok: number;
  /** Unexpected statuses, connection errors and timeouts. */
  failures: number;
  statusCodes: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
  /** Expected responses per second. */
  rps: number;
  /** Of the expected responses, ms. */
  latencyMs: Latency;
  /** The page's loaders (root + route) and their SQL, in-process, ms (p50 over `iterations`). */
  inProcess: ProbeStats | null;
  probeError?: string;
  /** Page p50 / SQL p50. */
  pageToSql: number | null;
  /** Server CPU (utime + stime, all threads) during the run divided by the responses, ms; null without /proc. */
  cpuMsPerRequest: number | null;
  /** cpuMsPerRequest / the trivial page's (bench.trivial, same stack, one SQLite read). */
  cpuRatio: number | null;
  /** With `trivialBeside`: the trivial page's CPU per request in the runs just before and after this page's. */
  trivialBesideMs?: number | null;
};

export type BenchResult = {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    os: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    hostSpeed: HostSpeed;
  };
  options: { scale: number; duration: number; amount: number | null; connections: number; acceptEncoding: string };
  seed: Omit<SeedSummary, "enterpriseEmails" | "sampleCentreIds"> & { reused: boolean };
  submitPool: { users: number; capacity: number; used: number };
  /** Restarts of the server between endpoints (when it stayed busy with a run's leftover requests). */
  serverRestarts: number;
  endpoints: EndpointResult[];
  /** Issue 14, goal 2: the longest event-loop delay during an import, a digest, figure recomputations and exports (null when skipped). */
  stalls: Stalls | null;
  stallsError?: string;
  /** Issue 14, goal 5: the server's resident memory while the endpoints and the mix ran. */
  memory: MemorySamples | null;
  /** The server's own view of its memory after the pages and the mix (heap of the request thread, RSS of all threads). */
  memoryAfterLoad?: { rssMb: number; heapUsedMb: number; externalMb: number } | null;
  files: { json: string; svg: string; markdown: string } | null;
  ok: boolean;
};

/* ------------------------------------------------------------------ helpers */

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencyOf(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A bench database seeded earlier: what the bench needs to know about it. */
function summaryFromDatabase(file: string, scale: number): SeedSummary {
  const sqlite = new Database(file, { readonly: true });
  try {
    const n = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const hourAgo = Date.now() - 3_600_000;
    // Users who still have their hourly submissions (an earlier run may have used some).
    const enterpriseEmails = (
      sqlite
        .prepare(
          `select email from users u where email like 'ent.%@bench.local'
             and (select count(*) from rate_limit_hits h where h.key = 'request:user:' || u.id and h.at >= ?) = 0 order by email`,
        )
        .all(hourAgo) as { email: string }[]
    ).map((r) => r.email);
    const sampleCentreIds = (sqlite.prepare("select id from centres order by random() limit 1000").all() as { id: string }[]).map(
      (r) => r.id,
    );
    // The heavy centre: the one with the most requests, and its first enterprise user.
    const heavy = sqlite
      .prepare(
        `select r.centre_id as centreId, count(*) as requests,
           (select email from users u where u.centre_id = r.centre_id and u.role = 'enterprise' order by email limit 1) as enterpriseEmail
         from support_requests r group by r.centre_id order by requests desc limit 1`,
      )
      .get() as { centreId: string; requests: number; enterpriseEmail: string | null };
    const rows: Record<string, number> = {};
    for (const t of [
      "centres",
      "centre_events",
      "checklist_items",
      "interactions",
      "interaction_participants",
      "follow_ups",
      "support_requests",
      "request_events",
      "request_messages",
      "satisfaction",
      "audit_log",
      "users",
    ])
      rows[t] = n(t);
    return {
      file,
      scale,
      today: new Date().toISOString().slice(0, 10),
      counts: {
        centres: rows.centres!,
        interactions: rows.interactions!,
        requests: rows.support_requests!,
        enterpriseUsers: enterpriseEmails.length,
        stewards: 0,
      },
      rows,
      totalRows: Object.values(rows).reduce((s, v) => s + v, 0),
      ms: 0,
      rowsPerSecond: 0,
      enterpriseEmails,
      sampleCentreIds,
      heavy: { ...heavy, enterpriseEmail: heavy.enterpriseEmail ?? DEMO_ACCOUNTS.enterprise },
      searchTerms: ["Cobalt", "量子", "Robotics Inc", "Polaris Pharma", "北京", "Helix"],
      fileBytes: fs.statSync(file).size,
    };
  } finally {
    sqlite.close();
  }
}

type Load = {
  sent: number;
  latencies: number[];
  statusCodes: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
  seconds: number;
  responses: number;
};

/** One autocannon run; latencies and status codes come from every response. */
function fire(
  url: string,
  connections: number,
  length: { duration: number; amount?: number },
  requests: autocannon.Request[],
  keepLatency: (status: number) => boolean,
): Promise<Load> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statusCodes: Record<string, number> = {};
    let responses = 0;
    const started = performance.now();
    const instance = autocannon(
      {
        url,
        connections,
        // A run of a given number of requests ends at autocannon's next sample: every 50 ms, not every second.
        ...(length.amount ? { amount: length.amount, sampleInt: 50 } : { duration: length.duration }),
        requests,
        timeout: 60,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          sent: result.requests.sent,
          latencies,
          statusCodes,
          connectionErrors: result.errors,
          timeouts: result.timeouts,
          seconds: (performance.now() - started) / 1000,
          responses,
        });
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      responses++;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (keepLatency(statusCode)) latencies.push(responseTime);
    });
  });
}

/**
 * Seeds through tests/bench/seed.ts, imported only now: the demo seed imports app models, and
 * importing those opens the app's database handle on DATABASE_PATH. Pointed at a scratch file
 * first, that handle stays away from data/ and from the file being seeded.
 */
async function seed(file: string, scale: number, tmp: string, log: Log) {
  if (!(globalThis as { __rdcDb?: unknown }).__rdcDb) process.env.DATABASE_PATH = path.join(tmp, "import-scratch.db");
  process.env.SESSION_SECRET ??= newSessionSecret();
  const { seedBench } = await import("./seed");
  return seedBench({ file, scale, log });
}

/* ------------------------------------------------------------------ the bench */

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const log = options.log ?? defaultLog;
  const scale = options.scale ?? 1;
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 10;
  const amount = options.amount;
  const length = { duration, amount };
  const outDir = path.resolve(ROOT, options.outDir ?? "bench-results");
  // The trivial page always runs: every other page's CPU is reported as a multiple of its own.
  const only = new Set<EndpointName>([...(options.only ?? [...ENDPOINTS, "mix"]), "trivial"]);
  const buildDir = requireBuild(options.buildDir ?? process.env.BUILD_DIR);
  const headers = { ...BROWSER_HEADERS, ...(options.acceptEncoding ? { "accept-encoding": options.acceptEncoding } : {}) };
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg().map((v) => round(v));
  const hostSpeed = measureHostSpeed();
  log(hostSpeedLine(hostSpeed));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-bench-"));
  const databasePath = options.reuseDb ? path.resolve(options.reuseDb) : path.join(tmp, "bench.db");
  let server: RunningServer | null = null;
  try {
    /* seed */
    const seeded = options.reuseDb ? summaryFromDatabase(databasePath, scale) : await seed(databasePath, scale, tmp, log);
    if (options.reuseDb) {
      log(
        `Reusing ${databasePath}: ${formatCount(seeded.counts.centres)} centres, ${formatCount(seeded.totalRows)} rows; migrating it to this checkout's schema…`,
      );
      const reused = openDatabase(databasePath);
      try {
        migrateDatabase(reused);
      } finally {
        reused.$client.close();
      }
    }

    /* server and sign-ins */
    const sessionSecret = newSessionSecret();
    const port = await freePort();
    log(`Starting the production server on port ${port}${buildDir ? ` (build ${buildDir})` : ""}…`);
    // Behind a proxy, many enterprises submit from many addresses; TRUST_PROXY lets each bench
    // submission carry its own X-Forwarded-For, so the per-address limit applies as it would.
    // BENCH_SERVER_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=prof"
    // to profile it (every thread, the workers' too; node refuses --cpu-prof in NODE_OPTIONS).
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    const startOptions = { databasePath, port, buildDir, sessionSecret, nodeArgs, env: { TRUST_PROXY: "1", BENCH: "1" } };
    server = await startServer(startOptions);
    const base = server.baseURL;
    let restarts = 0;
    /**
     * Waits until the server has done the work autocannon left behind at the end of a run (the
     * requests in flight are still computed), so the next endpoint starts on an idle server; when
     * that takes too long (pages of many seconds), restarts the server (sessions live in the
     * database, so the sign-ins stay valid).
     */
    const settle = async (after: string) => {
      const started = Date.now();
      const until = started + Math.max(30_000, duration * 3000);
      let quick = 0;
      while (Date.now() < until) {
        const t = performance.now();
        try {
          const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          quick = res.ok && performance.now() - t < 100 ? quick + 1 : 0;
          if (quick >= 2) return;
        } catch {
          quick = 0;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      log(`  (after ${after} the server was still busy ${Math.round((Date.now() - started) / 1000)} s later: restarting it)`);
      await server!.kill();
      server = await startServer(startOptions);
      restarts++;
    };
    const steward = await signIn(base, DEMO_ACCOUNTS.steward, DEMO_PASSWORD);
    const official = await signIn(base, DEMO_ACCOUNTS.official, DEMO_PASSWORD);
    const enterprise = await signIn(base, DEMO_ACCOUNTS.enterprise, DEMO_PASSWORD);
    const heavyEnterprise = await signIn(base, seeded.heavy.enterpriseEmail, DEMO_PASSWORD);
    const heavyId = seeded.heavy.centreId;

    // Enterprise users for submissions: each may submit 20 an hour. Sized for up to ~400
    // submissions/s over the submission and mix runs; 3 more for the in-process probe.
    const wantsSubmit = only.has("submit") || only.has("mix");
    const expectedSubmissions = amount
      ? (only.has("submit") ? amount + 1 : 0) + (only.has("mix") ? amount * 2 : 0)
      : ((only.has("submit") ? duration : 0) + (only.has("mix") ? duration * 0.2 : 0)) * 400;
    const needed = wantsSubmit ? Math.ceil(expectedSubmissions / SUBMISSIONS_PER_USER) + 4 : 0;
    const poolEmails = seeded.enterpriseEmails.slice(0, Math.min(needed, seeded.enterpriseEmails.length));
    log(`Signing in ${poolEmails.length + 3} users by HTTP…`);
    const signedPool = poolEmails.length ? await signInMany(base, poolEmails, DEMO_PASSWORD, 4) : [];
    const probeUsers = signedPool.splice(0, Math.min(3, signedPool.length));
    const pool: Client[] = signedPool.length ? signedPool : [enterprise];
    const capacity = pool.length * SUBMISSIONS_PER_USER;
    let submissions = 0;
    let addressSeq = 1;
    const nextAddress = () => {
      const n = addressSeq++;
      return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    };
    const submissionBody = (client: Client) =>
      formBody({
        category: "talent_entry_exit",
        title: `Work permits for visiting researchers ${submissions}`,
        description:
          "Three researchers from our parent company arrive next month; we ask for help with their work permits and residence.",
        urgency: submissions % 7 === 0 ? "urgent" : "normal",
        idempotency_key: `bench-${process.pid}-${Date.now().toString(36)}-${submissions}-${Math.random().toString(36).slice(2)}`,
        csrf: client.csrf,
      });
    const setupSubmission = (req: autocannon.Request) => {
      const client = pool[Math.floor(submissions / SUBMISSIONS_PER_USER) % pool.length]!;
      const body = submissionBody(client);
      submissions++;
      return {
        ...req,
        method: "POST" as const,
        body,
        headers: {
          ...headers,
          cookie: client.cookie(),
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": nextAddress(),
        },
      };
    };

    /* in-process loaders and SQL */
    log("Loading the server build in-process for the loader and SQL timings…");
    const app: AppInProcess = await loadAppInProcess({ databasePath, sessionSecret, buildDir });
    const sample = seeded.sampleCentreIds;
    const terms = seeded.searchTerms;
    let rotate = 0;
    const at = (list: string[]) => list[rotate++ % list.length]!;
    const q = (term: string) => `/centres?q=${encodeURIComponent(term)}`;

    type Definition = {
      name: Exclude<EndpointName, "mix">;
      label: string;
      method: "GET" | "POST";
      path: string;
      as: string;
      client: Client;
      expect: number[];
      weight: number;
      request: () => autocannon.Request;
      probe: (i: number) => Promise<unknown>;
    };
    const get =
      (client: Client, pathOf: () => string, accept?: string): (() => autocannon.Request) =>
      () => ({
        method: "GET",
        path: pathOf(),
        headers: { ...headers, ...(accept ? { accept } : {}), cookie: client.cookie() },
        setupRequest: (req: autocannon.Request) => ({ ...req, path: pathOf() }),
      });
    const definitions: Definition[] = [
      {
        name: "list",
        label: "centre list, filtered",
        method: "GET",
        path: "/centres?stage=recognised&district=haidian",
        as: "steward",
        client: steward,
        expect: [200],
        weight: 3,
        request: get(steward, () => "/centres?stage=recognised&district=haidian"),
        probe: () => app.load("routes/centres._index", `${base}/centres?stage=recognised&district=haidian`, steward.cookie()),
      },
      {
        name: "search",
        label: "centre search",
        method: "GET",
        path: `/centres?q=… (${terms.length} terms)`,
        as: "steward",
        client: steward,
        expect: [200],
        weight: 2,
        request: get(steward, () => q(at(terms))),
        probe: (i) => app.load("routes/centres._index", `${base}${q(terms[Math.max(0, i) % terms.length]!)}`, steward.cookie()),
      },
      {
        name: "centre",
        label: "centre page",
        method: "GET",
        path: `/centres/<id> (${sample.length} centres)`,
        as: "steward",
        client: steward,
        expect: [200],
        weight: 4,
        request: get(steward, () => `/centres/${at(sample)}`),
        probe: (i) => {
          const id = sample[Math.max(0, i) % sample.length]!;
          return app.load("routes/centres.$centreId", `${base}/centres/${id}`, steward.cookie(), { centreId: id });
        },
      },
      {
        name: "heavyCentre",
        label: `heavy centre page (${formatCount(seeded.heavy.requests)} requests)`,
        method: "GET",
        path: `/centres/${heavyId}`,
        as: "steward",
        client: steward,
        expect: [200],
        weight: 1,
        request: get(steward, () => `/centres/${heavyId}`),
        probe: () => app.load("routes/centres.$centreId", `${base}/centres/${heavyId}`, steward.cookie(), { centreId: heavyId }),
      },
      {
        name: "pipeline",
        label: "pipeline, all centres",
        method: "GET",
        path: "/pipeline?mine=0",
        as: "steward",
        client: steward,
        expect: [200],
        weight: 1,
        request: get(steward, () => "/pipeline?mine=0"),
        probe: () => app.load("routes/pipeline", `${base}/pipeline?mine=0`, steward.cookie()),
      },
      {
        name: "work",
        label: "steward's work",
        method: "GET",
        path: "/work",
        as: "steward",
        client: steward,
        expect: [200],
        weight: 2,
        request: get(steward, () => "/work"),
        probe: () => app.load("routes/work", `${base}/work`, steward.cookie()),
      },
      {
        name: "requests",
        label: "request queue",
        method: "GET",
        path: "/requests",
        as: "steward",
        client: steward,
        expect: [200],
        weight: 2,
        request: get(steward, () => "/requests"),
        probe: () => app.load("routes/requests._index", `${base}/requests`, steward.cookie()),
      },
      {
        name: "portal",
        label: "portal",
        method: "GET",
        path: "/portal",
        as: "enterprise",
        client: enterprise,
        expect: [200],
        weight: 2,
        request: get(enterprise, () => "/portal"),
        probe: () => app.load("routes/portal._index", `${base}/portal`, enterprise.cookie()),
      },
      {
        name: "heavyPortal",
        label: `portal of the heavy centre`,
        method: "GET",
        path: "/portal",
        as: "its enterprise user",
        client: heavyEnterprise,
        expect: [200],
        weight: 1,
        request: get(heavyEnterprise, () => "/portal"),
        probe: () => app.load("routes/portal._index", `${base}/portal`, heavyEnterprise.cookie()),
      },
      {
        name: "dashboard",
        label: "dashboard",
        method: "GET",
        path: "/dashboard",
        as: "official",
        client: official,
        expect: [200],
        weight: 1,
        request: get(official, () => "/dashboard"),
        probe: () => app.load("routes/dashboard._index", `${base}/dashboard`, official.cookie()),
      },
      {
        // The yardstick, run after the pages so that it meets a warm server as they do: same stack (session, root loader, shell, i18n, render, compression), one SQLite read.
        name: "trivial",
        label: "trivial page",
        method: "GET",
        path: "/bench/trivial",
        as: "steward",
        client: steward,
        expect: [200],
        weight: 0,
        request: get(steward, () => "/bench/trivial"),
        probe: () => app.load("routes/bench.trivial", `${base}/bench/trivial`, steward.cookie()),
      },
      {
        name: "stats",
        label: "stats API",
        method: "GET",
        path: "/api/v1/stats/centres?by=level",
        as: "official",
        client: official,
        expect: [200],
        weight: 1,
        request: get(official, () => "/api/v1/stats/centres?by=level", "application/json"),
        probe: () => app.load("routes/api.v1.stats.centres", `${base}/api/v1/stats/centres?by=level`, official.cookie()),
      },
      {
        name: "submit",
        label: "request submission",
        method: "POST",
        path: "/portal/requests/new",
        as: `enterprise (${pool.length} users)`,
        client: enterprise,
        expect: [302, 303],
        weight: 1,
        request: () => ({ method: "POST", path: "/portal/requests/new", setupRequest: setupSubmission }),
        probe: async (i) => {
          const user = probeUsers[Math.max(0, i + 1) % Math.max(1, probeUsers.length)] ?? enterprise;
          const status = await app.act(
            "routes/portal.requests.new",
            `${base}/portal/requests/new`,
            user.cookie(),
            submissionBody(user),
            nextAddress(),
          );
          submissions++;
          if (status !== 302 && status !== 303) throw new Error(`the submission action answered ${status}`);
        },
      },
    ];

    /**
     * One request by the signed-in client before the load, so a wrong status shows even when the load gets no answer.
     * Retried once when the server had closed the idle keep-alive connection it went out on: the
     * in-process probe before it can keep this process busy for longer than the server's keep-alive
     * timeout (seconds at scale 1), and fetch then sends on a socket the server already closed.
     */
    const checkRequest = async (d: Definition) => {
      try {
        return await checkRequestOnce(d);
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
        return checkRequestOnce(d);
      }
    };
    const checkRequestOnce = async (d: Definition) => {
      const started = performance.now();
      const req = d.request();
      const built = req.setupRequest
        ? (req.setupRequest as (r: autocannon.Request, c: object) => autocannon.Request)(req, {})
        : req;
      const res = await fetch(`${base}${built.path}`, {
        method: built.method ?? "GET",
        redirect: "manual",
        headers: {
          ...headers,
          ...(built.headers as Record<string, string> | undefined),
          cookie: (built.headers as Record<string, string> | undefined)?.cookie ?? d.client.cookie(),
        },
        body: built.body as string | undefined,
      });
      await res.arrayBuffer();
      return { status: res.status, ms: round(performance.now() - started), ok: d.expect.includes(res.status) };
    };
    const results: EndpointResult[] = [];
    const rss = rssSampler(() => server!.pid);
    const probeResults = new Map<string, ProbeStats>();
    const runProbe = async (d: Definition): Promise<{ stats: ProbeStats | null; error?: string }> => {
      try {
        const stats = await measure(d.probe, {
          minIterations: 3,
          maxIterations: d.name === "submit" ? Math.max(3, probeUsers.length * SUBMISSIONS_PER_USER - 2) : 60,
          maxMs: options.probeMs ?? Math.max(1000, duration * 200),
        });
        probeResults.set(d.name, stats);
        return { stats };
      } catch (error) {
        return { stats: null, error: error instanceof Error ? error.message : String(error) };
      }
    };
    const summarise = (
      d: { name: EndpointName; label: string; method: EndpointResult["method"]; path: string; as: string },
      load: Load,
      check: EndpointResult["check"],
      isOk: (status: number) => boolean,
      probe: { stats: ProbeStats | null; error?: string },
      cpuMs: number | null,
    ): EndpointResult => {
      const ok = Object.entries(load.statusCodes).reduce((s, [code, n]) => s + (isOk(Number(code)) ? n : 0), 0);
      const latencyMs = latencyOf(load.latencies);
      const failures = load.responses - ok + load.connectionErrors;
      return {
        ...d,
        check,
        durationS: round(load.seconds),
        connections,
        responses: load.responses,
        unanswered: Math.max(0, load.sent - load.responses - load.connectionErrors),
        ok,
        failures,
        statusCodes: load.statusCodes,
        connectionErrors: load.connectionErrors,
        timeouts: load.timeouts,
        rps: round(ok / load.seconds, 1),
        latencyMs: {
          p50: round(latencyMs.p50),
          p95: round(latencyMs.p95),
          p99: round(latencyMs.p99),
          mean: round(latencyMs.mean),
          max: round(latencyMs.max),
        },
        inProcess: probe.stats
          ? {
              ...probe.stats,
              loaderMs: round(probe.stats.loaderMs, 3),
              sqlMs: round(probe.stats.sqlMs, 3),
              loaderP95Ms: round(probe.stats.loaderP95Ms, 3),
              sqlP95Ms: round(probe.stats.sqlP95Ms, 3),
            }
          : null,
        ...(probe.error ? { probeError: probe.error } : {}),
        pageToSql: probe.stats && probe.stats.sqlMs > 0 && ok > 0 ? round(latencyMs.p50 / probe.stats.sqlMs, 1) : null,
        cpuMsPerRequest: cpuMs !== null && load.responses > 0 ? round(cpuMs / load.responses, 3) : null,
        cpuRatio: null,
      };
    };
    const line = (r: EndpointResult) =>
      `  → ${r.cpuMsPerRequest === null ? "" : `CPU ${r.cpuMsPerRequest} ms/request${r.trivialBesideMs ? ` (trivial page beside it ${r.trivialBesideMs})` : ""}, `}${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, ${r.failures} failures` +
      (r.inProcess
        ? ` · loaders ${r.inProcess.loaderMs} ms, SQL ${r.inProcess.sqlMs} ms (${r.inProcess.statements} statements)`
        : r.probeError
          ? ` · probe failed: ${r.probeError}`
          : "");

    /** Server CPU (ms) and responses of one measured run. */
    const cpuRun = async (d: Definition, runLength: typeof length) => {
      const before = processCpuMs(server!.pid);
      const load = await fire(base, connections, runLength, [d.request()], (s) => d.expect.includes(s));
      const after = processCpuMs(server!.pid);
      return { load, cpu: before !== null && after !== null ? after - before : null };
    };
    const trivialDefinition = definitions.find((d) => d.name === "trivial")!;
    if (options.trivialBeside) await fire(base, 2, { duration: 1, amount: 20 }, [trivialDefinition.request()], () => false);
    /** The trivial page's CPU per request over a run as long as a page's (for `trivialBeside`). */
    const trivialBeside = async () => {
      const { load, cpu } = await cpuRun(trivialDefinition, length);
      return cpu === null || load.responses === 0 ? null : { cpu, responses: load.responses };
    };

    for (const d of definitions) {
      if (!only.has(d.name)) continue;
      log(`▶ ${d.label}: ${d.method} ${d.path} as ${d.as}`);
      await settle("the last run");
      const probe = await runProbe(d);
      const check = await checkRequest(d);
      // A warm-up (JIT, caches), unmeasured: a few seconds, or as many requests as the run makes.
      if (d.name !== "submit" && check.ms < 2000)
        await fire(
          base,
          2,
          amount ? { duration, amount: Math.min(amount, 20) } : { duration: Math.max(0.5, Math.min(2, duration / 5)) },
          [d.request()],
          () => false,
        );
      const beside = options.trivialBeside && MAIN_PAGES.includes(d.name);
      rss.mark(d.name);
      const trivialBefore = beside ? await trivialBeside() : null;
      const { load, cpu } = await cpuRun(d, length);
      const trivialAfter = beside ? await trivialBeside() : null;
      const result = summarise(d, load, check, (s) => d.expect.includes(s), probe, cpu);
      if (beside)
        result.trivialBesideMs =
          trivialBefore && trivialAfter
            ? round((trivialBefore.cpu + trivialAfter.cpu) / (trivialBefore.responses + trivialAfter.responses), 3)
            : null;
      results.push(result);
      log(line(result));
    }

    if (only.has("mix")) {
      // The endpoints named with --only, or all of them.
      const named = definitions.filter((d) => only.has(d.name) && d.weight > 0);
      const mixed = named.length ? named : definitions;
      const requests: autocannon.Request[] = [];
      for (const d of mixed) for (let k = 0; k < d.weight; k++) requests.push(d.request());
      // Spread the kinds so each connection interleaves them.
      const order = requests
        .map((r, i) => ({ r, key: (i * 7919) % requests.length }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.r);
      const weightTotal = mixed.reduce((s, d) => s + d.weight, 0);
      log(`▶ mix: ${mixed.map((d) => `${d.name}×${d.weight}`).join(" ")}`);
      for (const d of mixed) if (!probeResults.has(d.name)) await runProbe(d);
      const probes = mixed.map((d) => ({ d, p: probeResults.get(d.name) }));
      const complete = probes.every((x) => x.p);
      const weightedProbe: ProbeStats | null = complete
        ? {
            iterations: Math.min(...probes.map((x) => x.p!.iterations)),
            loaderMs: probes.reduce((s, x) => s + x.p!.loaderMs * x.d.weight, 0) / weightTotal,
            sqlMs: probes.reduce((s, x) => s + x.p!.sqlMs * x.d.weight, 0) / weightTotal,
            statements: Math.round(probes.reduce((s, x) => s + x.p!.statements * x.d.weight, 0) / weightTotal),
            loaderP95Ms: Math.max(...probes.map((x) => x.p!.loaderP95Ms)),
            sqlP95Ms: Math.max(...probes.map((x) => x.p!.sqlP95Ms)),
          }
        : null;
      // In the mix a redirect is right only for submissions; every page answers 200.
      const submitShare = mixed.some((d) => d.name === "submit");
      await settle("the last run");
      rss.mark("mix");
      const mixCpuBefore = processCpuMs(server!.pid);
      const load = await fire(
        base,
        connections,
        amount ? { duration, amount: amount * 2 } : length,
        order,
        (s) => s === 200 || (submitShare && (s === 302 || s === 303)),
      );
      const result = summarise(
        {
          name: "mix",
          label: "mix (weighted)",
          method: "MIX",
          path: mixed.map((d) => `${d.name}×${d.weight}`).join(" "),
          as: "steward, official, enterprise",
        },
        load,
        { status: 0, ms: 0, ok: true },
        (s) => s === 200 || (submitShare && (s === 302 || s === 303)),
        { stats: weightedProbe, ...(complete ? {} : { error: "a probe of the mix failed" }) },
        mixCpuBefore === null ? null : (processCpuMs(server!.pid) ?? mixCpuBefore) - mixCpuBefore,
      );
      results.push(result);
      log(line(result));
    }

    const memory = rss.stop();
    const mb = (bytes: number) => round(bytes / 1024 ** 2, 1);
    const afterLoad: EventLoopReport | null = await eventLoop(base).catch(() => null);
    const memoryAfterLoad = afterLoad
      ? { rssMb: mb(afterLoad.rssBytes), heapUsedMb: mb(afterLoad.heapUsedBytes), externalMb: mb(afterLoad.externalBytes) }
      : null;
    if (memory)
      log(
        `Server memory (VmRSS, every second) under load: steady (median) ${memory.medianMb} MB, peak ${memory.maxMb} MB (${memory.samples} samples)` +
          (memoryAfterLoad
            ? `; after the load: heap used ${memoryAfterLoad.heapUsedMb} MB, external ${memoryAfterLoad.externalMb} MB`
            : ""),
      );

    /* event-loop stalls: an import of new centres, the daily digest, figure recomputation, exports */
    const importRows = options.importRows ?? 5000;
    let stalls: Stalls | null = null;
    let stallsError: string | undefined;
    if (!options.skipStalls) {
      try {
        await settle("the last run");
        let imported: Stalls["import"] = null;
        if (importRows > 0) {
          log(`▶ event loop during an import of ${formatCount(importRows)} new centres (upload, check, commit) as steward…`);
          // Meanwhile an official reads the centre list, centre pages and the request list, one after
          // another (or one every --import-reader-every ms), and the steward, signed in on another
          // device, logs a call every 300 ms (with --import-alone, neither: the import's own cost).
          const ledCentre = centreLedBy(databasePath, DEMO_ACCOUNTS.steward);
          const writer =
            ledCentre && !options.importAlone
              ? { client: await signIn(base, DEMO_ACCOUNTS.steward, DEMO_PASSWORD), centreId: ledCentre }
              : undefined;
          imported = await measureImport(base, steward, databasePath, importRows, {
            cpuMs: () => processCpuMs(server!.pid),
            reader: options.importAlone ? undefined : official,
            pages: ["/centres", ...seeded.sampleCentreIds.slice(0, 3).map((id) => `/centres/${id}`), "/requests"],
            writer,
            readerEveryMs: options.importReaderEveryMs,
          });
          const phases = imported.phaseMaxEventLoopMs;
          log(
            `  → longest event-loop delay ${imported.maxEventLoopMs} ms (upload ${phases?.upload}, check ${phases?.check}, commit ${phases?.commit}), slowest /healthz ${imported.healthzMaxMs} ms; upload ${imported.uploadMs} ms, check ${imported.checkMs} ms, commit ${imported.commitMs} ms (${Math.round(importRows / (imported.commitMs / 1000))} rows/s); ${imported.created} created`,
          );
          if (imported.cpuMs)
            log(
              `    server CPU: upload ${imported.cpuMs.upload} ms, check ${imported.cpuMs.check} ms, commit ${imported.cpuMs.commit} ms; ${imported.pages?.views ?? 0} page views meanwhile (${options.importAlone ? "nobody reading" : options.importReaderEveryMs ? `one started every ${options.importReaderEveryMs} ms` : "one after another"}), slowest ${imported.pages?.maxMs ?? 0} ms`,
            );
          if (imported.writes)
            log(
              `    another steward's writes meanwhile: ${imported.writes.writes} calls logged, slowest ${imported.writes.maxMs} ms, ${imported.writes.failures} failed`,
            );
        }
        log("▶ event loop during the daily digest for every steward…");
        const digest = await measureDigest(base, databasePath, server!.pid);
        log(
          `  → longest event-loop delay ${digest.maxEventLoopMs} ms, slowest /healthz ${digest.healthzMaxMs} ms; ${digest.digests} digests to ${digest.stewards} stewards, ${digest.delivered} messages delivered, in ${digest.ms} ms; ${contextLine(digest)}`,
        );
        const requests: RequestStall[] = [];
        const longRequest = async (client: Client, label: string, pathname: string, touch = false) => {
          await settle("the last run");
          if (touch) touchFigures(databasePath);
          log(`▶ event loop during ${label}: GET ${pathname}…`);
          const stall = await measureRequest(base, client, label, pathname, server!.pid);
          log(
            `  → longest event-loop delay ${stall.maxEventLoopMs} ms, slowest /healthz ${stall.healthzMaxMs} ms; ${stall.status}, ${formatCount(stall.bytes)} bytes in ${stall.ms} ms; ${contextLine(stall)}`,
          );
          requests.push(stall);
        };
        await longRequest(official, "the dashboard after a write (figures recomputed)", "/dashboard", true);
        await longRequest(official, "the dashboard workbook after a write (every table)", "/dashboard/export.xlsx", true);
        await longRequest(steward, "the centre export, Excel (every centre)", "/centres/export.xlsx");
        await longRequest(steward, "the centre export, CSV (every centre)", "/centres/export.csv");
        // The yardstick: the same server doing nothing for as long, on the same machine at the same moment.
        await settle("the last run");
        const idleMs = options.idleMs ?? 5000;
        log(`▶ event loop of the idle server, ${idleMs / 1000} s…`);
        const idle = await measureIdle(base, idleMs, server!.pid);
        log(
          `  → longest event-loop delay ${idle.maxEventLoopMs} ms, slowest /healthz ${idle.healthzMaxMs} ms; ${contextLine(idle)}`,
        );
        stalls = { import: imported, digest, requests, idle };
      } catch (error) {
        stallsError = error instanceof Error ? error.message : String(error);
        log(`  ! the stall measurement failed: ${stallsError}`);
      }
    }

    const trivial = results.find((r) => r.name === "trivial")?.cpuMsPerRequest;
    for (const r of results) {
      const yardstick = r.trivialBesideMs ?? trivial;
      if (yardstick) r.cpuRatio = r.cpuMsPerRequest === null ? null : round(r.cpuMsPerRequest / yardstick, 2);
    }

    await server!.stop();
    server = null;

    const finishedAt = new Date();
    const cpus = os.cpus();
    const { enterpriseEmails: _e, sampleCentreIds: _s, ...seedSummary } = seeded;
    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? "unknown",
        memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg().map((v) => round(v)),
        hostSpeed,
      },
      options: { scale, duration, amount: amount ?? null, connections, acceptEncoding: headers["accept-encoding"] },
      seed: { ...seedSummary, reused: Boolean(options.reuseDb) },
      submitPool: { users: pool.length, capacity, used: submissions },
      serverRestarts: restarts,
      endpoints: results,
      stalls,
      ...(stallsError ? { stallsError } : {}),
      memory,
      memoryAfterLoad,
      files: null,
      ok:
        results.every((r) => r.failures === 0 && r.ok > 0 && r.check.ok) &&
        !stallsError &&
        (stalls?.requests.every((r) => r.status === 200) ?? true),
    };
    if (submissions > capacity)
      log(
        `  ! ${submissions} submissions for a pool of ${capacity}: the rest met the per-user limit (429) and count as failures.`,
      );

    const markdown = markdownReport(result);
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    const files = {
      json: path.join(outDir, `bench-${stamp}.json`),
      svg: path.join(outDir, `bench-${stamp}.svg`),
      markdown: path.join(outDir, `bench-${stamp}.md`),
    };
    result.files = files;
    const svg = benchChart(
      result.endpoints.map((r) => ({
        label: r.label,
        p50: r.latencyMs.p50,
        p95: r.latencyMs.p95,
        p99: r.latencyMs.p99,
        sqlMs: r.inProcess?.sqlMs ?? null,
        rps: r.rps,
        errors: r.failures,
      })),
      `rdc-steward bench · scale ${scale} · ${formatCount(result.seed.counts.centres)} centres`,
      `${result.machine.cpus} cores (${result.machine.cpuModel}), ${result.machine.memoryGiB} GiB, Node ${result.machine.node} · ${connections} connections × ${amount ? `${amount} requests` : `${duration} s`} per endpoint · load avg ${loadAverageAtStart[0]} · ${result.startedAt.slice(0, 16)}Z`,
    );
    fs.writeFileSync(files.json, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(files.svg, svg);
    fs.writeFileSync(files.markdown, `${markdown}\n`);
    for (const [ext, file] of [
      ["json", files.json],
      ["svg", files.svg],
      ["md", files.markdown],
    ] as const)
      fs.copyFileSync(file, path.join(outDir, `latest.${ext}`));
    log("");
    log(markdown);
    log(`Results: ${path.relative(process.cwd(), files.json)}, ${path.relative(process.cwd(), files.svg)}`);
    return result;
  } finally {
    if (server) await server.stop();
    if (!options.keepDb) fs.rmSync(tmp, { recursive: true, force: true });
    else if (!options.reuseDb) log(`Kept the database at ${databasePath}`);
  }
}

export function markdownReport(r: BenchResult): string {
  const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const lines = [
    `**Bench, scale ${r.options.scale}** (${formatCount(r.seed.counts.centres)} centres, ${formatCount(r.seed.counts.interactions)} interactions, ${formatCount(r.seed.counts.requests)} requests; ${formatCount(r.seed.totalRows)} rows, ${(r.seed.fileBytes / 1024 ** 2).toFixed(0)} MB)`,
    `on ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.os}; load average ${r.machine.loadAverageAtStart.join(" / ")} at the start; ${hostSpeedLine(r.machine.hostSpeed)}.`,
    `${r.options.connections} connections, ${r.options.amount ? `${r.options.amount} requests` : `${r.options.duration} s`} per endpoint; server and load generator on the same machine.` +
      (r.seed.reused ? "" : ` Seeded in ${(r.seed.ms / 1000).toFixed(1)} s (${formatCount(r.seed.rowsPerSecond)} rows/s).`),
    "",
    "| endpoint | as | CPU ms/request | × trivial | 1 request ms | req/s | p50 ms | p95 ms | p99 ms | failures | loaders p50 ms | SQL p50 ms (statements) | page/SQL |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...r.endpoints
      .map((e) => {
        const answered = e.ok > 0;
        const failures =
          (e.failures === 0
            ? "0"
            : `**${e.failures}** (${Object.entries(e.statusCodes)
                .map(([c, n]) => `${c}×${n}`)
                .join(", ")}${e.connectionErrors ? `, ${e.connectionErrors} socket errors` : ""})`) +
          (answered ? "" : ` · **no answer within the run** (${e.unanswered} in flight)`) +
          (e.check.ok ? "" : ` · check answered **${e.check.status}**`);
        return [
          `${e.label} \`${e.method === "MIX" ? "mix" : `${e.method} ${e.path}`}\``,
          e.as,
          e.cpuMsPerRequest === null ? "–" : ms(e.cpuMsPerRequest),
          e.cpuRatio === null
            ? "–"
            : MAIN_PAGES.includes(e.name) && e.cpuRatio > CPU_RATIO_TARGET
              ? `**${e.cpuRatio.toFixed(1)}×**`
              : `${e.cpuRatio.toFixed(1)}×`,
          e.name === "mix" ? "–" : ms(e.check.ms),
          e.rps >= 10 ? e.rps.toFixed(0) : e.rps.toFixed(1),
          answered ? ms(e.latencyMs.p50) : "–",
          answered ? ms(e.latencyMs.p95) : "–",
          answered ? ms(e.latencyMs.p99) : "–",
          failures,
          e.inProcess ? ms(e.inProcess.loaderMs) : "–",
          e.inProcess ? `${ms(e.inProcess.sqlMs)} (${e.inProcess.statements})` : e.probeError ? `– (${e.probeError})` : "–",
          e.pageToSql === null ? "–" : `${e.pageToSql.toFixed(1)}×`,
        ].join(" | ");
      })
      .map((row) => `| ${row} |`),
    "",
    `*CPU ms/request* = the server process's CPU time (utime + stime, all threads, from /proc) during the run divided by the responses; *× trivial* = that over the trivial page's (\`/bench/trivial\`: same session, root loader, shell, i18n, render and compression, one SQLite read${r.endpoints.some((e) => e.trivialBesideMs) ? "; for main pages, of its runs just before and after the page's" : ""}), **bold** above the ${CPU_RATIO_TARGET}× target for main pages (issue 14). Requests carry \`Accept-Encoding: ${r.options.acceptEncoding}\`${r.options.acceptEncoding === BROWSER_HEADERS["accept-encoding"] ? " (a browser's)" : ""}.`,
    ...stallLines(r),
    "*1 request* = one request alone before the load; *page* (p50…p99) = HTTP latency of the whole page (session, loaders, React render, compression) under load; *loaders* = root + route loaders called in-process on the same build and database, idle server; *SQL* = time inside better-sqlite3 (prepare + run) during those loaders.",
  ];
  return lines.join("\n");
}

/** Load average, the request thread's CPU and run-queue wait, its longest GC pause and the peak RSS during a stall. */
function contextLine(c: StallContext): string {
  return [
    `load ${c.loadAverage}`,
    c.mainCpuMs === undefined ? null : `request thread: CPU ${c.mainCpuMs} ms, waiting for a core ${c.mainWaitMs} ms`,
    c.gcMaxMs === undefined ? null : `longest GC ${c.gcMaxMs} ms`,
    c.peakRssMb === undefined ? null : `peak RSS ${c.peakRssMb} MB`,
  ]
    .filter(Boolean)
    .join(", ");
}

/** Goals 2 and 5 of issue 14 in the report: event-loop stalls and memory. */
function stallLines(r: BenchResult): string[] {
  const lines: string[] = [""];
  if (r.stalls) {
    const { import: i, digest: d, requests, idle } = r.stalls;
    lines.push(
      "| long work | longest event-loop delay ms | slowest /healthz ms | time | load, request thread, GC, RSS |",
      "|---|--:|--:|---|---|",
      ...(i
        ? [
            `| import of ${formatCount(i.rows)} new centres (${formatCount(i.created)} created) | ${i.maxEventLoopMs} | ${i.healthzMaxMs} | upload ${(i.uploadMs / 1000).toFixed(1)} s, check ${(i.checkMs / 1000).toFixed(1)} s, commit ${(i.commitMs / 1000).toFixed(1)} s |`,
          ]
        : []),
      `| daily digest (${formatCount(d.digests)} digests, ${formatCount(d.stewards)} stewards; queued and delivered) | ${d.maxEventLoopMs} | ${d.healthzMaxMs} | ${(d.ms / 1000).toFixed(1)} s | ${d.loadAverage === undefined ? "" : contextLine(d)} |`,
      ...[...requests, ...(idle ? [idle] : [])].map(
        (q) =>
          `| ${q.label} \`${q.path}\`${q.status === 200 ? "" : ` (answered **${q.status}**)`} | ${q.maxEventLoopMs} | ${q.healthzMaxMs} | ${(q.ms / 1000).toFixed(1)} s, ${(q.bytes / 1024).toFixed(0)} KB | ${q.loadAverage === undefined ? "" : contextLine(q)} |`,
      ),
      "",
      "*Longest event-loop delay* = the server's own `monitorEventLoopDelay` (10 ms resolution) from the upload to the end of the commit, during the digest, and while each request was answered; goal: under 200 ms (issue 14). The *idle server* row is the same server doing nothing at the end (5 s unless the run asks otherwise): what the machine alone does to the loop. *Request thread* = the server's main thread's CPU time and its time runnable but waiting for a core (`/proc/<pid>/task/<pid>/schedstat`) meanwhile: a long delay with little CPU and much waiting is the machine's load, not work on that thread.",
    );
  } else if (r.stallsError) lines.push(`Event-loop stalls: not measured (${r.stallsError}).`);
  if (r.memory)
    lines.push(
      `Server memory (VmRSS, all threads, every second) while the pages and the mix ran: steady (median) ${r.memory.medianMb} MB, peak ${r.memory.maxMb} MB (${r.memory.samples} samples; goal: under 250 MB at scale 1)` +
        (r.memoryAfterLoad
          ? `; after the load, the request thread's heap held ${r.memoryAfterLoad.heapUsedMb} MB (external ${r.memoryAfterLoad.externalMb} MB).`
          : ".") +
        ` Per run, median/peak MB: ${Object.entries(r.memory.byPhase)
          .filter(([name]) => name !== "start")
          .map(([name, m]) => `${name} ${m.medianMb.toFixed(0)}/${m.maxMb.toFixed(0)}`)
          .join(", ")}.`,
    );
  return lines;
}

/* ------------------------------------------------------------------ CLI */

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? "";
    const number = (name: string) => {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
      return v;
    };
    switch (flag) {
      case "--scale":
        options.scale = number("--scale");
        break;
      case "--duration":
        options.duration = number("--duration");
        break;
      case "--connections":
        options.connections = Math.round(number("--connections"));
        break;
      case "--amount":
        options.amount = Math.round(number("--amount"));
        break;
      case "--out":
        options.outDir = value();
        break;
      case "--only":
        options.only = value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean) as EndpointName[];
        break;
      case "--keep-db":
        options.keepDb = true;
        break;
      case "--accept-encoding":
        options.acceptEncoding = value();
        break;
      case "--trivial-beside":
        options.trivialBeside = true;
        break;
      case "--import-rows":
        options.importRows = Math.round(Number(value()));
        break;
      case "--skip-stalls":
        options.skipStalls = true;
        break;
      case "--import-reader-every":
        options.importReaderEveryMs = Math.round(number("--import-reader-every"));
        break;
      case "--import-alone":
        options.importAlone = true;
        break;
      case "--reuse-db":
        options.reuseDb = value();
        break;
      case "--help":
      case "-h":
        process.stdout.write(
          "npm run bench -- [--scale 1] [--duration 10] [--connections 10] [--only trivial,list,search,centre,heavyCentre,pipeline,work,requests,portal,heavyPortal,dashboard,stats,submit,mix] [--out bench-results] [--keep-db] [--reuse-db FILE] [--accept-encoding gzip] [--import-rows 5000] [--import-reader-every MS] [--import-alone] [--skip-stalls] [--trivial-beside]\n",
        );
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg} (see --help)`);
    }
  }
  for (const name of options.only ?? []) if (![...ENDPOINTS, "mix"].includes(name)) throw new Error(`Unknown endpoint ${name}`);
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runBench(parseArgs(process.argv.slice(2))).then(
    (result) => process.exit(result.ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
