import type { LoaderFunctionArgs } from "@remix-run/node";
import { dailyDigestsOffThread } from "~/models/dashboard/figures-worker.server";
import { sentSince } from "~/models/outbox.server";
import { drainOutbox } from "~/models/outbox-worker.server";
import { notFound } from "~/utils/auth.server";
import { eventLoopHistogram, eventLoopReport, resetEventLoop } from "~/utils/event-loop.server";

// Started with the server (the build loads every route module), so the histogram covers all it does.
eventLoopHistogram();

/**
 * `npm run bench` only (BENCH=1, else 404): the longest event-loop delay since the last reset and
 * the RSS (`?reset=1` starts a new measurement after answering), and `?run=digest`, which runs
 * the daily digest now (as the outbox worker's daily job does), then delivers what is due in the
 * outbox (the digests among it, captured in demo mode) as the worker's ticks do, and answers how
 * long that took, how many messages went and the longest delay meanwhile.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const histogram = eventLoopHistogram();
  if (!histogram) notFound();
  const params = new URL(request.url).searchParams;
  const headers = { "Cache-Control": "no-store" };
  if (params.get("run") === "digest") {
    resetEventLoop();
    const started = performance.now();
    const startedAt = new Date();
    // As the outbox worker's daily job runs it: on the figures worker when the server started one.
    const run = await dailyDigestsOffThread(new Date());
    await drainOutbox();
    // Counted in the database: the server's own outbox tick may have sent some of them first.
    const delivered = sentSince(startedAt);
    return Response.json(
      { run, delivered, ms: Math.round(performance.now() - started), ...eventLoopReport(histogram) },
      { headers },
    );
  }
  const report = eventLoopReport(histogram);
  if (params.has("reset")) resetEventLoop();
  return Response.json(report, { headers });
}
