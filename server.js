// Production and dev HTTP server: Express in front of the Remix build.
// It adds security headers, compression, static files, and the client address for rate limits.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const buildDir = process.env.BUILD_DIR;
const buildPath = buildDir
  ? new URL(`file://${path.resolve(buildDir, "index.js")}`).href
  : new URL("./build/index.js", import.meta.url).href;
const assetsDir = buildDir ? path.resolve(buildDir, "assets") : "public/build";

const build = await import(buildPath);
// The module the job worker threads load: the small bundle `npm run build` writes beside the
// server build (only what their jobs need), else the server build itself (after a bare `remix
// build`, which leaves an older bundle behind: a worker never runs older code than the server).
const jobsWorkerPath = new URL("./jobs-worker.js", buildPath);
const builtAt = (url) => (fs.existsSync(url) ? fs.statSync(url).mtimeMs : -1);
const jobsWorker = builtAt(jobsWorkerPath) >= builtAt(new URL(buildPath)) ? jobsWorkerPath : undefined;

/**
 * TRUST_PROXY says which proxies may state the client's address in X-Forwarded-For: a number of
 * hops in front of the app (1 for one nginx: the address that proxy saw), or a comma-separated list
 * of the proxies' addresses or subnets ("loopback", "10.0.0.5", "10.0.0.0/8"). The client may
 * write anything into the header; only entries added by trusted proxies are believed. Unset or
 * "false": the socket's address. "true" (trust every hop) is refused: it would let a client
 * choose its address and defeat every per-address limit.
 */
function trustProxySetting(value) {
  if (value === undefined || value === "" || value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true")
    throw new Error(
      "TRUST_PROXY=true would trust a client-chosen X-Forwarded-For: set the number of proxy hops (e.g. 1) or the proxies' addresses.",
    );
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));

/** A short answer in the reader's language (and the other one below it), closing the connection. */
function refuse(req, res, status, en, zh) {
  const cookie = req.headers.cookie ?? "";
  const zhFirst =
    /(^|;\s*)lng=zh/.test(cookie) || (!/(^|;\s*)lng=en/.test(cookie) && /^zh/i.test(req.headers["accept-language"] ?? ""));
  res.status(status).set("Connection", "close").type("text/plain; charset=utf-8");
  res.send(zhFirst ? `${zh}\n${en}\n` : `${en}\n${zh}\n`);
}

// Bodies: refused by their stated length before a byte is read (Node never reads past it).
const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "OPTIONS"]);
const DRAIN_AT_MOST = 16 * 1024 * 1024;
app.use((req, res, next) => {
  const stated = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (METHODS_WITHOUT_BODY.has(req.method) && stated === undefined && !chunked) return next();
  if (stated === undefined && chunked) {
    // Browsers state the length of every form; a body without one is read (up to a bound) and refused.
    const answer = () =>
      refuse(req, res, 411, "Length required: send the form from the site's own page.", "缺少长度信息：请从本站页面提交表单。");
    let seen = 0;
    req.on("error", () => {});
    req.on("data", (chunk) => {
      seen += chunk.length;
      if (seen > DRAIN_AT_MOST) {
        req.removeAllListeners("data");
        req.removeAllListeners("end");
        answer();
      }
    });
    req.on("end", answer);
    return;
  }
  const limit = build.entry.module.bodyLimitFor(req.path);
  if (Number(stated ?? 0) > limit) {
    const kb = Math.round(limit / 1024);
    const answer = () =>
      refuse(
        req,
        res,
        413,
        `Too much data: this page accepts at most ${kb} KB. Nothing was saved.`,
        `提交的数据过大：此页面最多接受 ${kb} KB，未保存任何内容。`,
      );
    // A body a little too large is read and thrown away first, so the browser shows the message
    // (an unread upload is cut off and shows as a network error); a huge one is not read at all.
    if (Number(stated) > limit + DRAIN_AT_MOST) return answer();
    req.on("error", () => {});
    req.on("end", answer);
    req.resume();
    return;
  }
  next();
});

// A submission from another site: refused here with a message (Remix itself would answer 500).
app.use((req, res, next) => {
  if (METHODS_WITHOUT_BODY.has(req.method) || req.headers.origin === undefined) return next();
  const host = (req.headers["x-forwarded-host"]?.split(",")[0] ?? req.headers.host ?? "").trim();
  let origin = null;
  try {
    origin = new URL(req.headers.origin).host;
  } catch {
    // "null" or not a URL: refused below
  }
  if (origin && origin === host) return next();
  refuse(req, res, 403, "Refused: forms are accepted only from this site's own pages.", "已拒绝：只接受从本站页面提交的表单。");
});

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...(isProduction ? [] : ["ws:"])],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: isProduction && process.env.INSECURE_COOKIES !== "true" ? { maxAge: 31536000 } : false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  }),
);
// Brotli at quality 4 (the compression package's default, stated here because it was chosen by
// measurement, issue 14): on the demo pages it costs the same CPU as gzip level 6 within the
// noise (1.1–2.8 ms per 70–220 KB page in 16 KB writes) and sends 8–20% fewer bytes.
app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } }));
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce,
    }),
  }),
);

const server = app.listen(port, async () => {
  console.log(`rdc-steward listening on http://localhost:${port}`);
  // Attachments a crash left half-stored: moved into place when their request was saved, else deleted.
  const swept = build.entry.module.sweepIncomingAttachments();
  if (swept.placed + swept.deleted > 0)
    console.log(`Attachments left by an interrupted submission: ${swept.placed} kept, ${swept.deleted} removed.`);
  // Sends queued email and WeCom notifications with retries (OUTBOX_WORKER=false turns it off).
  build.entry.module.startOutboxWorker?.();
  // Recomputes the dashboard's figures and builds its workbooks on a worker thread, off the requests' thread
  // (spawned with the first job, ended when idle).
  build.entry.module.startFiguresWorker?.(jobsWorker);
  // Checks and commits centre imports on a worker thread (spawned with the first import).
  build.entry.module.startImportWorker?.(jobsWorker);
  if (!isProduction) {
    const { broadcastDevReady } = await import("@remix-run/node");
    await broadcastDevReady(build);
  }
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
