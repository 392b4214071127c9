import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { env } from "./env.server";

/**
 * The bench's view of the event loop (issue 14, goal 2: nothing holds it longer than 200 ms).
 * Only with BENCH=1: a histogram of event-loop delays, sampled every 10 ms from the start, which
 * /bench/event-loop reads and resets. Production never starts it.
 */
const globalForProbe = globalThis as unknown as { __rdcEventLoop?: IntervalHistogram };

export function eventLoopHistogram(): IntervalHistogram | null {
  if (!env.BENCH) return null;
  if (!globalForProbe.__rdcEventLoop) {
    globalForProbe.__rdcEventLoop = monitorEventLoopDelay({ resolution: 10 });
    globalForProbe.__rdcEventLoop.enable();
  }
  return globalForProbe.__rdcEventLoop;
}

/** The longest delay since the last reset, with the process's memory (bytes; this thread's heap, all threads' RSS). */
export function eventLoopReport(histogram: IntervalHistogram) {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const memory = process.memoryUsage();
  return {
    maxMs: ms(histogram.max),
    p99Ms: ms(histogram.percentile(99)),
    meanMs: Number.isNaN(histogram.mean) ? 0 : ms(histogram.mean),
    samples: histogram.count,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
  };
}
