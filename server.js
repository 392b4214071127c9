// Production and dev HTTP server: Express in front of the Remix build.
// It adds security headers, compression, static files, and the client address for rate limits.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import crypto from "node:crypto";
import path from "node:path";

const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const buildDir = process.env.BUILD_DIR;
const buildPath = buildDir ? new URL(`file://${path.resolve(buildDir, "index.js")}`).href : new URL("./build/index.js", import.meta.url).href;
const assetsDir = buildDir ? path.resolve(buildDir, "assets") : "public/build";

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "true") app.set("trust proxy", true);

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
app.use(compression());
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

const build = await import(buildPath);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown", cspNonce: res.locals.cspNonce }),
  }),
);

const server = app.listen(port, async () => {
  console.log(`rdc-steward listening on http://localhost:${port}`);
  // Sends queued email and WeCom notifications with retries (OUTBOX_WORKER=false turns it off).
  build.entry.module.startOutboxWorker?.();
  if (!isProduction) {
    const { broadcastDevReady } = await import("@remix-run/node");
    await broadcastDevReady(build);
  }
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
