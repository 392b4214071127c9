/**
 * Issue 14, goals 2 and 5, measured on the running bench server: the longest event-loop delay
 * (the server's own `monitorEventLoopDelay`, read from /bench/event-loop, which BENCH=1 turns on)
 * during a CSV import of new centres (upload, check, commit) and during the daily digest, with
 * the slowest /healthz answer meanwhile (what another user waits for); and the server's resident
 * memory (VmRSS from /proc) sampled while the bench loads it.
 */
import fs from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import { openDatabase } from "../../db/client.server";
import { makeUscc } from "../../db/factories";
import { CENTRE_CSV_COLUMNS, toCsv } from "../../app/domain/centre-csv";
import { todayInBeijing } from "../../app/utils/format";
import type { Client } from "./http";

export type ImportStall = {
  rows: number;
  created: number;
  skipped: number;
  uploadMs: number;
  checkMs: number;
  commitMs: number;
  /** The server's longest event-loop delay from the upload to the end of the commit. */
  maxEventLoopMs: number;
  /** The slowest /healthz answer meanwhile (polled every 50 ms). */
  healthzMaxMs: number;
  /** The longest event-loop delay in each phase. */
  phaseMaxEventLoopMs?: { upload: number; check: number; commit: number };
  /** The server's CPU time (all its threads, the import worker's too) in each phase, where known. */
  cpuMs?: { upload: number; check: number; commit: number };
  /** Pages another signed-in user loaded meanwhile, one after another: how many, and the slowest. */
  pages?: { views: number; maxMs: number; failures: number };
  /** The writes another steward made meanwhile (writeWatch): how many, the slowest, how many failed. */
  writes?: { writes: number; maxMs: number; failures: number };
};
/**
 * What else the measurement saw, to tell work on the request thread from a starved machine: the
 * machine's 1-minute load average when it ended; the request thread's own CPU time and its time
 * waiting for a core (run queue, /proc/<pid>/task/<pid>/schedstat) meanwhile; its longest GC pause.
 */
export type StallContext = { loadAverage: number; mainCpuMs?: number; mainWaitMs?: number; gcMaxMs?: number; peakRssMb?: number };
export type DigestStall = {
  ms: number;
  stewards: number;
  digests: number;
  /** Messages the outbox delivered after queuing them (the digests, and anything else due). */
  delivered: number;
  maxEventLoopMs: number;
  healthzMaxMs: number;
} & StallContext;
/** One request of long work (a figure recomputation, an export): its time and what it did to the event loop. */
export type RequestStall = {
  label: string;
  path: string;
  status: number;
  bytes: number;
  ms: number;
  maxEventLoopMs: number;
  healthzMaxMs: number;
} & StallContext;
/** `idle`: the same server doing nothing for a few seconds after the rest, the machine's own share of the delays. */
export type Stalls = { import: ImportStall | null; digest: DigestStall; requests: RequestStall[]; idle?: RequestStall };
/** VmRSS sampled every second: the steady figure is the median, the peak the largest sample. */
export type MemorySamples = {
  samples: number;
  maxMb: number;
  medianMb: number;
  endMb: number;
  /** Per run (endpoint name, "mix"): median and largest sample. */
  byPhase: Record<string, { medianMb: number; maxMb: number }>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A person's moment between two steps of the import (choosing the file, reading the preview); never timed. */
const THINK_MS = 1000;
const round = (n: number) => Math.round(n * 10) / 10;

/** Polls /healthz until stopped; answers the slowest answer's time. */
function healthzWatch(base: string) {
  let stop = false;
  let max = 0;
  const running = (async () => {
    while (!stop) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
      } catch {
        // counted by its time all the same
      }
      max = Math.max(max, performance.now() - started);
      await sleep(50);
    }
  })();
  return async () => {
    stop = true;
    await running;
    return round(max);
  };
}

export type EventLoopReport = {
  maxMs: number;
  gcMaxMs?: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  ms?: number;
  run?: { digests: number } | null;
  delivered?: number;
};

export async function eventLoop(base: string, query = ""): Promise<EventLoopReport> {
  const res = await fetch(`${base}/bench/event-loop${query}`);
  if (!res.ok) throw new Error(`/bench/event-loop answered ${res.status} (is BENCH=1 set for the server?)`);
  return (await res.json()) as EventLoopReport;
}

/** A file of `rows` new centres, with codes no other run used. */
export function importCsv(rows: number): string {
  const base = 20_000_000_000 + (Date.now() % 1_000_000) * 100_000;
  const cells = Array.from({ length: rows }, (_, i) => [
    `压测导入中心${i}`,
    `Bench Import Centre ${i}`,
    makeUscc(base + i),
    "Bench Import AG",
    "DE",
    "haidian",
    "",
    "health_pharma;ai",
    "rd_innovation_centre",
    "regional",
    "",
    i % 4 === 0 ? "3" : "",
    i % 4 === 0 ? "2023-07-01" : "",
    "120",
    "25000000",
    "",
  ]);
  return toCsv([[...CENTRE_CSV_COLUMNS], ...cells]);
}

function importPhase(databasePath: string, token: string) {
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare("select phase, created, skipped, error from centre_imports where id = ?").get(token) as
      { phase: string; created: number; skipped: number; error: string | null } | undefined;
  } finally {
    sqlite.close();
  }
}

async function waitForPhase(databasePath: string, token: string, phases: string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = importPhase(databasePath, token);
    if (job && phases.includes(job.phase)) return job;
    if (job?.phase === "failed") throw new Error(`The import failed: ${job.error}`);
    if (Date.now() > until) throw new Error(`The import did not reach ${phases.join("/")} in ${timeoutMs} ms (${job?.phase})`);
    // Often enough that the phases' times are within 50 ms of when the job row says they ended.
    await sleep(50);
  }
}

/**
 * Loads `paths` as `client` until stopped (another user working meanwhile): one after another,
 * or with `everyMs`, one starting every `everyMs` (a busy office rather than a loop that keeps a
 * core busy).
 */
export function pageWatch(base: string, client: Client | undefined, paths: readonly string[], everyMs = 0) {
  let stop = false;
  const seen = { views: 0, maxMs: 0, failures: 0 };
  let previous = 0;
  const running = (async () => {
    for (let i = 0; client && paths.length > 0 && !stop; i++) {
      if (i > 0 && everyMs > 0) await sleep(Math.max(0, everyMs - (performance.now() - previous)));
      const started = (previous = performance.now());
      try {
        const res = await fetch(`${base}${paths[i % paths.length]}`, {
          headers: { cookie: client.cookie(), "accept-encoding": "gzip, deflate, br" },
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        if (!res.ok) seen.failures++;
      } catch {
        seen.failures++;
      }
      seen.views++;
      seen.maxMs = Math.max(seen.maxMs, performance.now() - started);
    }
  })();
  return async () => {
    stop = true;
    await running;
    return { ...seen, maxMs: round(seen.maxMs) };
  };
}

/**
 * A steward who logs an interaction on `centreId` every `everyMs` (the field's most common
 * write), from when it starts until the returned function is called; answers how many writes
 * were made, the slowest, and how many failed. During an import this is what a commit's hold on
 * the write lock costs another user: the write waits for the lock.
 */
export function writeWatch(client: Client | undefined, centreId: string | undefined, everyMs = 300) {
  let stop = false;
  const seen = { writes: 0, maxMs: 0, failures: 0 };
  const running = (async () => {
    while (client && centreId && !stop) {
      const started = performance.now();
      try {
        const res = await client.postForm(
          `/centres/${centreId}/interactions/new`,
          {
            kind: "call",
            occurred_on: todayInBeijing(),
            occurred_time: "10:00",
            summary: "Bench: a call logged during an import",
          },
          { redirect: "manual", timeoutMs: 60_000 },
        );
        await res.arrayBuffer();
        if (res.status !== 302 && res.status !== 303) seen.failures++;
      } catch {
        seen.failures++;
      }
      seen.writes++;
      seen.maxMs = Math.max(seen.maxMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    stop = true;
    await running;
    return { ...seen, maxMs: round(seen.maxMs) };
  };
}

/** A centre the user with `email` leads (for writeWatch), or undefined. */
export function centreLedBy(databasePath: string, email: string): string | undefined {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    const row = sqlite
      .prepare("select c.id from centres c join users u on u.id = c.lead_steward_id where u.email = ? order by c.rowid limit 1")
      .get(email) as { id: string } | undefined;
    return row?.id;
  } finally {
    sqlite.close();
  }
}

export type ImportMeasureOptions = {
  /** The server's CPU time so far, in ms (processCpuMs of its pid), to report each phase's. */
  cpuMs?: () => number | null;
  /** Another user who loads `pages` one after another during the import (with `readerEveryMs`, one every so often). */
  reader?: Client;
  pages?: readonly string[];
  readerEveryMs?: number;
  /** A steward who logs an interaction on `centreId` every 300 ms during the import (writeWatch). */
  writer?: { client: Client; centreId: string };
};

/** Uploads, checks and commits `rows` new centres as `client` (a steward), through the same HTTP a browser uses. */
export async function measureImport(
  base: string,
  client: Client,
  databasePath: string,
  rows: number,
  options: ImportMeasureOptions = {},
): Promise<ImportStall> {
  const csv = importCsv(rows);
  await eventLoop(base, "?reset=1");
  const watch = healthzWatch(base);
  const pages = pageWatch(base, options.reader, options.pages ?? [], options.readerEveryMs);
  const writes = writeWatch(options.writer?.client, options.writer?.centreId);
  const cpu = [options.cpuMs?.() ?? null];
  const loops: number[] = [];
  /** Ends a phase: its longest event-loop delay (then measured afresh) and the CPU time so far. */
  const phase = async () => {
    loops.push((await eventLoop(base, "?reset=1")).maxMs);
    cpu.push(options.cpuMs?.() ?? null);
  };
  try {
    // The steward opens the import page and takes a moment to choose the file: the page starts
    // the import worker meanwhile, as it does for a person (not timed: no phase has begun).
    await (await client.get("/centres/import")).arrayBuffer();
    await sleep(THINK_MS);
    const form = new FormData();
    form.set("csrf", client.csrf);
    form.set("intent", "upload");
    form.set("file", new Blob([csv], { type: "text/csv" }), "bench-import.csv");
    const started = performance.now();
    const upload = await fetch(`${base}/centres/import`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: client.cookie() },
      body: form,
    });
    await upload.arrayBuffer();
    const location = upload.headers.get("location");
    if (upload.status !== 303 || !location) throw new Error(`The upload answered ${upload.status}`);
    const token = new URL(location, base).searchParams.get("upload")!;
    const uploaded = performance.now();
    await phase();
    await waitForPhase(databasePath, token, ["checked"], 600_000);
    // The page the progress page turns into: the preview (timed: the check ends when it shows).
    const preview = await client.get(`/centres/import?upload=${token}`);
    await preview.arrayBuffer();
    if (preview.status !== 200) throw new Error(`The preview answered ${preview.status}`);
    const checked = performance.now();
    await phase();
    // The steward reads the preview before confirming (not timed).
    await sleep(THINK_MS);
    const confirmed = performance.now();
    const commit = await client.postForm("/centres/import", { intent: "commit", token });
    await commit.arrayBuffer();
    if (commit.status !== 303) throw new Error(`The commit answered ${commit.status}`);
    const done = await waitForPhase(databasePath, token, ["done"], 1_800_000);
    const finished = performance.now();
    await phase();
    const [uploadLoop = 0, checkLoop = 0, commitLoop = 0] = loops;
    const spent = (i: number) => Math.round(cpu[i + 1]! - cpu[i]!);
    return {
      rows,
      created: done.created,
      skipped: done.skipped,
      uploadMs: Math.round(uploaded - started),
      checkMs: Math.round(checked - uploaded),
      commitMs: Math.round(finished - confirmed),
      maxEventLoopMs: Math.max(uploadLoop, checkLoop, commitLoop),
      healthzMaxMs: await watch(),
      phaseMaxEventLoopMs: { upload: uploadLoop, check: checkLoop, commit: commitLoop },
      ...(cpu.every((c) => c !== null) ? { cpuMs: { upload: spent(0), check: spent(1), commit: spent(2) } } : {}),
      ...(options.reader ? { pages: await pages() } : {}),
      ...(options.writer ? { writes: await writes() } : {}),
    };
  } catch (error) {
    await watch();
    await pages();
    await writes();
    throw error;
  }
}

/** The request thread's (the process's main thread's) CPU and run-queue time so far, ms; null without /proc. */
function mainThreadTimes(pid: number): { cpuMs: number; waitMs: number } | null {
  try {
    const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ").map(Number);
    return { cpuMs: cpu! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    return null;
  }
}

/** Starts watching the server `pid` (its main thread's times, its RSS every 100 ms); the answer ends it. */
function contextWatch(pid: number | undefined) {
  const before = pid === undefined ? null : mainThreadTimes(pid);
  let peak = 0;
  const timer =
    pid === undefined
      ? null
      : setInterval(() => {
          try {
            const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
            if (kb) peak = Math.max(peak, Number(kb) / 1024);
          } catch {
            // not Linux, or the process ended
          }
        }, 100);
  return (report?: EventLoopReport): StallContext => {
    if (timer) clearInterval(timer);
    const after = pid === undefined ? null : mainThreadTimes(pid);
    return {
      loadAverage: round(os.loadavg()[0]!),
      ...(before && after
        ? { mainCpuMs: Math.round(after.cpuMs - before.cpuMs), mainWaitMs: Math.round(after.waitMs - before.waitMs) }
        : {}),
      ...(report?.gcMaxMs === undefined ? {} : { gcMaxMs: report.gcMaxMs }),
      ...(peak > 0 ? { peakRssMb: Math.round(peak) } : {}),
    };
  };
}

/** Runs the daily digest for every steward (as the first tick after 08:00 would), through /bench/event-loop. */
export async function measureDigest(base: string, databasePath: string, pid?: number): Promise<DigestStall> {
  // Forget today's digest, so that it runs again for everyone.
  const db = openDatabase(databasePath);
  let stewards = 0;
  try {
    db.$client.prepare("delete from settings where key = 'notifications.dailyDigestOn'").run();
    db.$client.prepare("update users set digest_on = null").run();
    stewards = (
      db.$client.prepare("select count(*) as n from users where role = 'steward' and disabled_at is null").get() as {
        n: number;
      }
    ).n;
  } finally {
    db.$client.close();
  }
  const watch = healthzWatch(base);
  const context = contextWatch(pid);
  try {
    const loop = await eventLoop(base, "?run=digest");
    const seen = context(loop);
    // The server's own outbox timer may run the same day's digest alongside this one (each steward is
    // done once, by whichever run gets there first), so count what was done, not what this run did.
    const after = openDatabase(databasePath);
    let digested = 0;
    try {
      digested = (
        after.$client.prepare("select count(*) as n from users where role = 'steward' and digest_on is not null").get() as {
          n: number;
        }
      ).n;
    } finally {
      after.$client.close();
    }
    return {
      ms: loop.ms ?? 0,
      stewards,
      digests: Math.max(loop.run?.digests ?? 0, digested),
      delivered: loop.delivered ?? 0,
      maxEventLoopMs: loop.maxMs,
      healthzMaxMs: await watch(),
      ...seen,
    };
  } catch (error) {
    context();
    await watch();
    throw error;
  }
}

/**
 * The longest event-loop delay while the server answers one request of long work, e.g. the
 * dashboard after a write (its figures recomputed) or an export of every centre.
 */
export async function measureRequest(
  base: string,
  client: Client,
  label: string,
  path: string,
  pid?: number,
): Promise<RequestStall> {
  await eventLoop(base, "?reset=1");
  const watch = healthzWatch(base);
  const context = contextWatch(pid);
  try {
    const started = performance.now();
    const res = await client.get(path);
    const bytes = (await res.arrayBuffer()).byteLength;
    const ms = Math.round(performance.now() - started);
    const loop = await eventLoop(base);
    const seen = context(loop);
    return { label, path, status: res.status, bytes, ms, maxEventLoopMs: loop.maxMs, healthzMaxMs: await watch(), ...seen };
  } catch (error) {
    context();
    await watch();
    throw error;
  }
}

/** The idle server's longest event-loop delay over `ms` (what the machine alone does to it), for comparison. */
export async function measureIdle(base: string, ms: number, pid?: number): Promise<RequestStall> {
  await eventLoop(base, "?reset=1");
  const context = contextWatch(pid);
  const watch = healthzWatch(base);
  await sleep(ms);
  const healthzMaxMs = await watch();
  const loop = await eventLoop(base);
  return {
    label: "idle server",
    path: "/healthz",
    status: 200,
    bytes: 0,
    ms,
    maxEventLoopMs: loop.maxMs,
    healthzMaxMs,
    ...context(loop),
  };
}

/** Marks every figure the dashboard keeps as stale, as a write to centres and requests would (the next view recomputes them). */
export function touchFigures(databasePath: string) {
  const sqlite = new Database(databasePath, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    sqlite.prepare("update change_counters set version = version + 1").run();
  } finally {
    sqlite.close();
  }
}

/**
 * The resident memory of the process `pid()` (which may change on a restart), every `everyMs`
 * until stopped; `mark(name)` files the samples that follow under that name (an endpoint's run),
 * so the report shows which run held the most.
 */
export function rssSampler(pid: () => number, everyMs = 1000) {
  const samples: { mb: number; phase: string }[] = [];
  let phase = "start";
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid()}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb) samples.push({ mb: Number(kb) / 1024, phase });
    } catch {
      // no /proc (not Linux), or the process is restarting
    }
  };
  const timer = setInterval(read, everyMs);
  timer.unref();
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { maxMb: round(sorted.at(-1)!), medianMb: round(sorted[Math.floor(sorted.length / 2)]!) };
  };
  return {
    mark(name: string) {
      read();
      phase = name;
    },
    stop(): MemorySamples | null {
      clearInterval(timer);
      read();
      if (samples.length === 0) return null;
      const byPhase: MemorySamples["byPhase"] = {};
      for (const name of new Set(samples.map((s) => s.phase)))
        byPhase[name] = summary(samples.filter((s) => s.phase === name).map((s) => s.mb));
      return { samples: samples.length, ...summary(samples.map((s) => s.mb)), endMb: round(samples.at(-1)!.mb), byPhase };
    },
  };
}
