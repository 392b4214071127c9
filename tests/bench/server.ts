/** Starts and stops the production server (`node server.js`) on its own port and database, for the bench and the crash test. */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The server build to run: BUILD_DIR when set, else build/. Throws with a hint when there is none. */
export function requireBuild(buildDir = process.env.BUILD_DIR): string | undefined {
  const index = path.join(ROOT, buildDir ?? "build", "index.js");
  if (!fs.existsSync(index))
    throw new Error(`No server build at ${index}: run \`npm run build\` first (or set BUILD_DIR to an existing build).`);
  return buildDir;
}

/**
 * How the server runs in production (`npm start`, deploy/systemd/rdc-steward.service; a unit test
 * holds the three to the same settings), so the bench measures what users get (issue 14, goal 5).
 *
 * - `MALLOC_ARENA_MAX=2`: two glibc malloc arenas for all threads instead of up to 16, so memory a
 *   job worker thread freed is used again by the others instead of staying with the process.
 * - `MALLOC_MMAP_THRESHOLD_=131072`: every allocation of 128 KB or more is its own mapping, given
 *   back when freed. glibc otherwise raises that threshold to the largest block freed so far (up
 *   to 32 MB), after which brotli's window and hash tables (several MB per response being
 *   compressed) come from an arena and stay there: 45–56 MB of RSS at scale 1, for no CPU we
 *   could measure.
 * - `--max-semi-space-size=8`: a young generation of up to 2 × 8 MB instead of 2 × 16 MB, for
 *   no CPU per request we could tell apart from noise (two servers side by side, alternating
 *   batches). At 4 MB the objects of pages still being answered were promoted to the old
 *   generation and collected there, at about 30% more CPU per request.
 *
 * Tried and left out: `--heap-growing-percent=100` (the old generation may only double between
 * full collections instead of growing up to fourfold) saved another 15 MB under page load but
 * applies to every thread, and made the 30,000-row import's commit on its worker 13 → 18 s;
 * at 50% it cost the pages 30–50% more CPU.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=8"];
export const SERVER_MEMORY_ENV = {
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? "131072",
};

export type ServerOptions = {
  databasePath: string;
  port: number;
  buildDir?: string;
  sessionSecret?: string;
  /** Extra environment (e.g. TRUST_PROXY). */
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** How long to wait for /healthz (ms). */
  startTimeoutMs?: number;
};

export type RunningServer = {
  baseURL: string;
  child: ChildProcess;
  /** Everything the server printed (for diagnostics). */
  output: () => string;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill: () => Promise<void>;
  pid: number;
};

export function newSessionSecret() {
  return crypto.randomBytes(24).toString("hex");
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Starts `node server.js` in production mode and waits until /healthz answers 200. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_PATH: options.databasePath,
    SESSION_SECRET: options.sessionSecret ?? newSessionSecret(),
    PORT: String(options.port),
    DEMO_MODE: "true",
    ...SERVER_MEMORY_ENV,
    ...(options.buildDir ? { BUILD_DIR: options.buildDir } : {}),
    ...options.env,
  };
  if (!options.buildDir) delete env.BUILD_DIR;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), "server.js"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseURL = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server exited while starting (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer /healthz within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseURL,
    child,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited(child);
    },
  };
}

/** Each thread's on-CPU nanoseconds when last read, per process (thread ids are not reused while the process lives). */
const threadCpuSeen = new Map<number, Map<string, number>>();

/**
 * CPU time the process `pid` has used so far, in ms, all threads (main, GC, libuv pool): the sum
 * of each thread's on-CPU nanoseconds from /proc/<pid>/task/<tid>/schedstat, else utime + stime
 * from /proc/<pid>/stat (clock ticks, usually 10 ms). Null where there is no /proc (not Linux).
 * Sampled before and after a run and divided by the answers, it is the server's CPU per request,
 * which moves far less than latency with what else the machine is doing.
 */
export function processCpuMs(pid: number): number | null {
  try {
    // A thread that ended (a job worker idle for 10 s) leaves the listing and would take its time
    // with it, making a run's CPU negative: each thread counts with the last time it was seen.
    let seen = threadCpuSeen.get(pid);
    if (!seen) threadCpuSeen.set(pid, (seen = new Map()));
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        seen.set(tid, Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]));
      } catch {
        // the thread ended between the listing and the read
      }
    }
    let ns = 0;
    for (const value of seen.values()) ns += value;
    if (ns > 0) return ns / 1e6;
  } catch {
    // no schedstat: fall back to /proc/<pid>/stat
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;
