import { isMainThread } from "node:worker_threads";
import { serverTurn } from "~/utils/job-worker.server";
import { nextTurn } from "./centre-import-upload.server";

/**
 * The pace of the import's long work (centre-import-job.server.ts, centre-import-check.server.ts):
 * slices of rows sized to take about a set time, and the pause between them.
 */

/**
 * How long one chunk of the commit may hold the database's write lock, and how long the worker
 * then leaves it free. The server's own writes wait for the lock (SQLite's busy handler polls it
 * at growing intervals, at most 25 ms apart in the first 128 ms, then 50 and 100 ms apart, and
 * its wait holds the request thread), so a chunk is short, and the lock stays free `gapMs`, or
 * until the request thread has turned, for at most `turnMs` (longer than the longest poll
 * interval: a writer still waiting gets in). On the request thread itself (no worker) a slice
 * must leave the event loop free within ~20 ms.
 *
 * 100 ms a chunk, not 80: each chunk also rewrites about a thousand index pages whatever its size
 * (the USCC, name and steward indexes take its centres at random places), so fewer, larger chunks
 * write less. Measured with the bench (30,000 new centres, an official reading pages and another
 * steward logging a call every 300 ms): the commit took 10.0–10.7 s instead of 11.7–12.5 s, and the
 * steward's slowest write 111–126 ms instead of 106 ms (issue 14).
 */
export const PACE = isMainThread
  ? { chunkMs: 20, checkMs: 20, gapMs: 0, turnMs: 0 }
  : { chunkMs: 100, checkMs: 100, gapMs: 25, turnMs: 110 };

/**
 * Between two slices: the event loop turns. On the worker the write lock is left free at least
 * `gapMs`, and until the request thread's event loop has turned (serverTurn), at most `turnMs`:
 * a server write that was waiting for the lock (its busy handler polls up to 100 ms apart) gets
 * in before the next chunk, instead of missing a short gap again and again.
 */
export const pause = () =>
  PACE.gapMs > 0
    ? Promise.all([new Promise<void>((resolve) => setTimeout(resolve, PACE.gapMs)), serverTurn(PACE.turnMs)])
    : nextTurn();

/**
 * Slice sizes that keep each slice near `targetMs`: the next slice has as many rows as the rows
 * so far took on average to fill it (at least one).
 */
export function pacer(targetMs: number, maxRows = 2000) {
  let rows = 0;
  let ms = 0;
  return {
    size: () => (rows === 0 ? 1 : Math.max(1, Math.min(maxRows, Math.floor(targetMs / (ms / rows))))),
    record(n: number, took: number) {
      rows += n;
      ms += took;
    },
  };
}
