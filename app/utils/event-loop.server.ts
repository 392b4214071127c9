import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";
import { env } from "./env.server";

/**
 * The bench's view of the event loop (issue 14, goal 2: nothing holds it longer than 200 ms).
 * Only with BENCH=1: a histogram of event-loop delays, sampled every 10 ms from the start, which
 * /bench/event-loop reads and resets, and this thread's garbage-collection pauses meanwhile (the
 * longest and their sum: a pause holds the loop as long as any work, and a large result received
 * from a worker or built for a response is collected here). Production never starts it.
 */
type Probe = { histogram: IntervalHistogram; gc: { maxMs: number; totalMs: number; count: number } };
const globalForProbe = globalThis as unknown as { __rdcEventLoop?: Probe };

function probe(): Probe | null {
  if (!env.BENCH) return null;
  if (!globalForProbe.__rdcEventLoop) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const gc = { maxMs: 0, totalMs: 0, count: 0 };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.maxMs = Math.max(gc.maxMs, entry.duration);
        gc.totalMs += entry.duration;
        gc.count++;
      }
    }).observe({ entryTypes: ["gc"] });
    globalForProbe.__rdcEventLoop = { histogram, gc };
  }
  return globalForProbe.__rdcEventLoop;
}

export function eventLoopHistogram(): IntervalHistogram | null {
  return probe()?.histogram ?? null;
}

/** Starts a new measurement: the delay histogram and the GC pauses. */
export function resetEventLoop() {
  const p = probe();
  if (!p) return;
  p.histogram.reset();
  Object.assign(p.gc, { maxMs: 0, totalMs: 0, count: 0 });
}

/** The longest delay since the last reset, with the process's memory (bytes; this thread's heap, all threads' RSS). */
export function eventLoopReport(histogram: IntervalHistogram) {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const memory = process.memoryUsage();
  const gc = probe()?.gc;
  return {
    maxMs: ms(histogram.max),
    p99Ms: ms(histogram.percentile(99)),
    meanMs: Number.isNaN(histogram.mean) ? 0 : ms(histogram.mean),
    samples: histogram.count,
    gcMaxMs: gc ? Math.round(gc.maxMs * 10) / 10 : 0,
    gcTotalMs: gc ? Math.round(gc.totalMs) : 0,
    gcCount: gc?.count ?? 0,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
  };
}
