/**
 * Long work on a worker thread, so the request thread is never held by it (issue 14: nothing
 * holds the event loop over 200 ms). The dashboard's figures and the centre import use one each.
 *
 * - The worker loads a module of the server build (server.js calls the `start` the build
 *   exports): the same code as the request thread, with its own database connection (WAL lets
 *   both read while one writes). The module finds itself on the worker by `role` and runs jobs.
 * - `run(job)` posts a job and answers its result; it returns null when no worker was started
 *   (tests, scripts), and the caller does the work in place, as it would without threads.
 * - A worker is spawned with the first job (or ahead of it: `warm`), and one that stopped is
 *   started again for the next job; with `idleMs` it ends after that long without jobs. A worker
 *   is a second copy of the code with its own heap, caches and SQLite page cache (at 30,000
 *   centres the figures worker held 150 MB after one dashboard view: issue 14, goal 5), so an
 *   idle server keeps none.
 * - With `heavy`, a worker whose heap has grown past `heapMb` by the end of a job ends after
 *   `idleMs` of that instead (a second, not ten): a scale-1 recomputation leaves 100–160 MB of
 *   heap the process would otherwise hold while the dashboard is being read (goal 5), and
 *   ending a thread gives its heap back at once, which a GC inside it does not fully do.
 */
import v8 from "node:v8";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export type JobWorker<Job> = {
  /** Lets jobs run on a worker (once per process); `entry` is the module the worker loads. */
  start(entry: URL): void;
  /** Stops the worker (tests); later jobs run in place until it is started again. */
  stop(): Promise<void>;
  /** Whether jobs run on a worker (`start` was called). */
  started(): boolean;
  /** Whether a worker thread exists now (it is spawned with a job and may have ended when idle). */
  running(): boolean;
  /** How many jobs a worker thread has answered in this process (tests: where a job ran). */
  answered(): number;
  /** How many worker threads this process has started (tests: whether a job waited for one). */
  spawned(): number;
  /** Runs `job` on the worker, or returns null when none was started. `transfer` hands buffers over. */
  run(job: Job, transfer?: ArrayBuffer[]): Promise<unknown> | null;
  /**
   * Starts a worker ahead of a job a user is about to ask for, so the worker's start (about half
   * a second: a thread, the module, a database connection) is not part of their wait. It ends
   * when idle as any worker does. A worker about to end because its heap grew (`heavy`) is
   * replaced by a fresh one once it has ended, not kept with that heap. Nothing when jobs run in place.
   */
  warm(): void;
};

export function jobWorker<Job>(options: {
  /** Tells the worker which module's jobs it runs. */
  role: string;
  /** Names the worker in logs and errors ("Dashboard figures worker"). */
  name: string;
  /** What a job does, on the worker. */
  work: (job: Job) => Promise<unknown>;
  /** End the worker after this long without jobs (default: never). */
  idleMs?: number;
  /**
   * The worker's young generation, MB (default V8's, up to 3 × 16 MB): work that allocates fast
   * grows it to the maximum, which stays committed while the worker lives.
   */
  youngGenerationMb?: number;
  /** A worker whose heap holds at least `heapMb` after a job ends after `idleMs` without jobs. */
  heavy?: { heapMb: number; idleMs: number };
}): JobWorker<Job> {
  const { role, name, work, idleMs, youngGenerationMb, heavy } = options;

  if (!isMainThread && (workerData as { role?: string } | null)?.role === role) {
    parentPort!.on("message", (message: { id: number; job: Job } | { turned: number }) => {
      if ("turned" in message) return turns.get(message.turned)?.();
      work(message.job).then(
        (value) => parentPort!.postMessage({ id: message.id, value, heapMb: heapMb() }, transferablesOf(value)),
        (error: unknown) =>
          parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
    });
  }

  const state = {
    entry: null as URL | null,
    worker: null as Worker | null,
    idle: null as NodeJS.Timeout | null,
    /** The idle worker ends soon because its heap grew; `warmAgain`: start a fresh one when it has. */
    ending: false,
    warmAgain: false,
    nextId: 0,
    answered: 0,
    spawned: 0,
  };
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  function spawn(entry: URL): Worker {
    const worker = new Worker(entry, {
      workerData: { role },
      ...(youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } } : {}),
    });
    state.spawned += 1;
    // The server's listener keeps the process alive, not a worker waiting for jobs.
    worker.unref();
    worker.on("message", (message: { id: number; value?: unknown; error?: string; heapMb?: number } | { turn: number }) => {
      // The worker waits for the request thread's event loop to turn (serverTurn): answer at once.
      if ("turn" in message) return worker.postMessage({ turned: message.turn });
      const job = pending.get(message.id);
      if (!job) return;
      pending.delete(message.id);
      state.answered += 1;
      if (message.error === undefined) job.resolve(message.value);
      else job.reject(new Error(message.error));
      if (pending.size === 0) {
        const grown = heavy !== undefined && (message.heapMb ?? 0) >= heavy.heapMb;
        idleLater(worker, grown ? heavy.idleMs : idleMs, grown);
      }
    });
    const fail = (error: Error) => {
      if (state.worker !== worker) return;
      state.worker = null;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    };
    worker.on("error", (error) => {
      console.error(`${name} stopped:`, error);
      fail(error);
    });
    worker.on("exit", (code) => fail(new Error(`${name} exited with code ${code}`)));
    state.worker = worker;
    return worker;
  }

  function idleLater(worker: Worker, after: number | undefined, grown = false) {
    if (after === undefined) return;
    if (state.idle) clearTimeout(state.idle);
    state.ending = grown;
    state.idle = setTimeout(() => {
      if (state.worker !== worker || pending.size > 0) return;
      state.worker = null;
      state.ending = false;
      void worker.terminate();
      if (state.warmAgain) warm();
    }, after);
    state.idle.unref();
  }

  function warm() {
    state.warmAgain = false;
    if (!state.entry) return;
    if (!state.worker) idleLater(spawn(state.entry), idleMs);
    else if (state.ending) state.warmAgain = true;
  }

  function stopIdleTimer() {
    if (state.idle) clearTimeout(state.idle);
    state.ending = false;
    state.warmAgain = false;
  }

  return {
    start(entry) {
      if (!isMainThread || state.entry) return;
      state.entry = entry;
    },
    async stop() {
      const worker = state.worker;
      state.worker = null;
      state.entry = null;
      stopIdleTimer();
      if (worker) await worker.terminate();
    },
    started: () => state.entry !== null,
    running: () => state.worker !== null,
    answered: () => state.answered,
    spawned: () => state.spawned,
    warm,
    run(job, transfer = []) {
      if (!state.entry) return null;
      const worker = state.worker ?? spawn(state.entry);
      stopIdleTimer();
      const id = ++state.nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, job }, transfer);
      });
    },
  };
}

/**
 * The buffers of a job's answer that can be handed over instead of copied: a file's bytes (an
 * export, a workbook: megabytes at 30,000 centres), as the answer itself or one of its fields.
 * Handed over, they move to the request thread without a copy on either side; the worker's
 * handle is emptied, so only a view that owns its whole buffer qualifies (not a slice of Node's
 * shared pool, which other buffers use too), and a job must not keep bytes it answers (no cache
 * on the worker holds a file).
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const own = (v: unknown): ArrayBuffer | null =>
    ArrayBuffer.isView(v) &&
    v.buffer instanceof ArrayBuffer &&
    v.byteOffset === 0 &&
    v.byteLength === v.buffer.byteLength &&
    v.byteLength > 0
      ? v.buffer
      : null;
  const candidates = ArrayBuffer.isView(value)
    ? [value]
    : value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.values(value)
      : [];
  return [...new Set(candidates.map(own).filter((b): b is ArrayBuffer => b !== null))];
}

/** The worker's heap as the system sees it (committed pages, garbage included), MB. */
function heapMb() {
  return v8.getHeapStatistics().total_physical_size / 2 ** 20;
}

const turns = new Map<number, () => void>();
let nextTurnId = 0;

/**
 * On a job worker: resolves once the request thread's event loop has turned (it answers a message
 * as soon as it is free), or after `maxMs`. A job that holds the database's write lock in chunks
 * waits for this between two chunks, so a write the request thread was waiting on (SQLite's busy
 * handler polls the lock up to 100 ms apart, and a short gap between chunks can be missed again
 * and again) gets in before the next chunk; while the request thread is busy with a page, not
 * waiting on the lock, the job goes on after `maxMs`. Off a worker it is one turn of this
 * thread's own event loop.
 */
export function serverTurn(maxMs: number): Promise<void> {
  if (isMainThread || !parentPort) return new Promise((resolve) => setImmediate(resolve));
  const id = ++nextTurnId;
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      turns.delete(id);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    turns.set(id, done);
    parentPort!.postMessage({ turn: id });
  });
}
