/**
 * Times a page's data work without HTTP: the same server build the server runs is imported in
 * this process, on the same database file, and the route's loaders (root + route), or its
 * action, are called directly with the signed-in user's cookies. better-sqlite3 is instrumented
 * so the time spent preparing and running SQL statements is counted separately from the rest of
 * the loader (JavaScript shaping the data).
 *
 *   page (HTTP, measured by autocannon) ⊇ loaders (in-process) ⊇ SQL (better-sqlite3 calls)
 */
import Database from "better-sqlite3";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./server";

type Acc = { ms: number; statements: number };
let acc: Acc | null = null;
let instrumented = false;

function wrap(proto: Record<string, unknown>, name: string, countsAsStatement: boolean) {
  const original = proto[name] as (...args: unknown[]) => unknown;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const current = acc;
    if (!current) return original.apply(this, args);
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      current.ms += performance.now() - started;
      if (countsAsStatement) current.statements++;
    }
  };
}

/** Counts the time of every better-sqlite3 prepare/run/get/all/exec in this process while a measurement runs. */
export function instrumentSqlite() {
  if (instrumented) return;
  instrumented = true;
  const probe = new Database(":memory:");
  const statementProto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, unknown>;
  probe.close();
  for (const m of ["run", "get", "all", "iterate"]) wrap(statementProto, m, true);
  wrap(Database.prototype as unknown as Record<string, unknown>, "prepare", false);
  wrap(Database.prototype as unknown as Record<string, unknown>, "exec", true);
}

/** Runs `fn` and answers its wall time and the SQL time inside it. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; sqlMs: number; statements: number }> {
  const mine: Acc = { ms: 0, statements: 0 };
  acc = mine;
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, sqlMs: mine.ms, statements: mine.statements };
  } finally {
    acc = null;
  }
}

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
};
type ServerBuild = { routes: Record<string, { id: string; parentId?: string; module: RouteModule }> };

export type AppInProcess = {
  /** Runs the loaders of a route and its parents, as a document GET does. Throws when one answers an error. */
  load: (routeId: string, url: string, cookie: string, params?: Record<string, string>) => Promise<void>;
  /** Runs a route's action with an urlencoded body; answers the status of the response. */
  act: (routeId: string, url: string, cookie: string, body: string, clientAddress: string) => Promise<number>;
};

/**
 * Imports the server build in this process on `databasePath`. The session secret must be the
 * server's, so the signed cookies of the HTTP sign-ins are valid here too. Call once per process.
 */
export async function loadAppInProcess(options: {
  databasePath: string;
  sessionSecret: string;
  buildDir?: string;
}): Promise<AppInProcess> {
  instrumentSqlite();
  process.env.DATABASE_PATH = options.databasePath;
  process.env.SESSION_SECRET = options.sessionSecret;
  process.env.OUTBOX_WORKER = "false";
  process.env.DEMO_MODE = "true";
  // The build keeps one database handle per process on globalThis (app/utils/db.server.ts). A
  // handle opened earlier on another file (importing the seed opens one) is closed and replaced.
  const global = globalThis as { __rdcDb?: { $client: { name: string; open: boolean; close: () => void } } };
  const existing = global.__rdcDb;
  if (existing && path.resolve(existing.$client.name) !== path.resolve(options.databasePath)) {
    if (existing.$client.open) existing.$client.close();
    delete global.__rdcDb;
  }
  const index = path.join(ROOT, options.buildDir ?? "build", "index.js");
  const build = (await import(/* @vite-ignore */ pathToFileURL(index).href)) as ServerBuild;

  const chain = (routeId: string) => {
    const ids: string[] = [];
    for (let id: string | undefined = routeId; id; id = build.routes[id]?.parentId) {
      if (!build.routes[id]) throw new Error(`No route ${id} in the build`);
      ids.unshift(id);
    }
    return ids;
  };
  const headersOf = (cookie: string) => ({
    cookie,
    accept: "text/html,application/xhtml+xml",
    "accept-language": "zh-CN,zh;q=0.9,en;q=0.8",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  });
  const check = (result: unknown, what: string) => {
    if (result instanceof Response && result.status >= 400) throw new Error(`${what} answered ${result.status}`);
  };
  return {
    async load(routeId, url, cookie, params = {}) {
      for (const id of chain(routeId)) {
        const loader = build.routes[id]!.module.loader;
        if (!loader) continue;
        const request = new Request(url, { headers: headersOf(cookie) });
        try {
          check(await loader({ request, params, context: { clientAddress: "127.0.0.1", cspNonce: "bench" } }), `${id} loader`);
        } catch (error) {
          if (error instanceof Response) throw new Error(`${id} loader threw a ${error.status} response`);
          throw error;
        }
      }
    },
    async act(routeId, url, cookie, body, clientAddress) {
      const action = build.routes[routeId]?.module.action;
      if (!action) throw new Error(`No action on ${routeId}`);
      const request = new Request(url, {
        method: "POST",
        headers: { ...headersOf(cookie), "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      try {
        const result = await action({ request, params: {}, context: { clientAddress, cspNonce: "bench" } });
        return result instanceof Response ? result.status : 200;
      } catch (error) {
        if (error instanceof Response) return error.status;
        throw error;
      }
    },
  };
}

export type ProbeStats = {
  iterations: number;
  loaderMs: number;
  sqlMs: number;
  statements: number;
  loaderP95Ms: number;
  sqlP95Ms: number;
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `fn` repeatedly (after one warm-up) within a time budget and answers the medians. */
export async function measure(
  fn: (i: number) => Promise<unknown>,
  budget: { minIterations?: number; maxIterations?: number; maxMs?: number } = {},
): Promise<ProbeStats> {
  const min = budget.minIterations ?? 3;
  const max = budget.maxIterations ?? 60;
  const maxMs = budget.maxMs ?? 2000;
  const loader: number[] = [];
  const sql: number[] = [];
  // The warm-up run fills the caches a running server would have (the dashboard's figures), so
  // it is not measured; the page's first view is the "1 request" column of the table.
  let warm = await timed(() => fn(-1));
  if (warm.ms > maxMs) warm = await timed(() => fn(-1));
  let statements = warm.statements;
  // A page still slow (seconds) once warm is timed once: that second run is the measurement.
  const slow = warm.ms > maxMs;
  if (slow) {
    loader.push(warm.ms);
    sql.push(warm.sqlMs);
  }
  const started = performance.now();
  for (let i = 0; !slow && i < max && (i < min || performance.now() - started < maxMs); i++) {
    const t = await timed(() => fn(i));
    loader.push(t.ms);
    sql.push(t.sqlMs);
    statements = t.statements;
  }
  loader.sort((a, b) => a - b);
  sql.sort((a, b) => a - b);
  return {
    iterations: loader.length,
    loaderMs: percentile(loader, 50),
    sqlMs: percentile(sql, 50),
    statements,
    loaderP95Ms: percentile(loader, 95),
    sqlP95Ms: percentile(sql, 95),
  };
}
