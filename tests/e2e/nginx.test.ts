import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfTokenOf } from "../bench/http";
import { baseURL, e2eDatabase, launch, signIn, type Browser } from "./browser";

// deploy/nginx/rdc-steward.conf in front of the e2e server, as an operator installs it, with
// the ports, certificate and temp paths swapped for the test's (no root needed): a self-signed
// certificate from openssl, a sign-in through it in Chromium over HTTPS.
const NGINX = "/usr/sbin/nginx";
const SITE = path.resolve("deploy/nginx/rdc-steward.conf");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The site file with the operator's values (marked EDIT) swapped for the test's; each must be found. */
function renderSite(site: string, values: { appPort: number; httpPort: number; httpsPort: number; cert: string; key: string }) {
  const swaps: [string, string][] = [
    ["server 127.0.0.1:3000;", `server 127.0.0.1:${values.appPort};`],
    ["listen 80;", `listen 127.0.0.1:${values.httpPort};`],
    ["listen [::]:80;", ""],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${values.httpsPort} ssl http2;`],
    ["listen [::]:443 ssl http2;", ""],
    ["/etc/ssl/certs/rdc-steward.crt", values.cert],
    ["/etc/ssl/private/rdc-steward.key", values.key],
    ["server_name rdc.example.gov.cn;", "server_name localhost;"],
  ];
  let out = site;
  for (const [from, to] of swaps) {
    if (!out.includes(from))
      throw new Error(`deploy/nginx/rdc-steward.conf no longer contains "${from}": update the test's rendering`);
    out = out.replaceAll(from, to);
  }
  return out;
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** An HTTPS request that accepts the test's self-signed certificate. */
function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string | number>;
    body?: Buffer;
    onlyHeaders?: boolean;
    localAddress?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith("https:") ? https : http;
    const req = client.request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        rejectUnauthorized: false,
        localAddress: options.localAddress,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    if (options.onlyHeaders)
      req.flushHeaders(); // states a length, sends no body: nginx answers from the header
    else req.end(options.body);
  });
}

const hasNginx = fs.existsSync(NGINX);

describe.skipIf(!hasNginx)("behind deploy/nginx/rdc-steward.conf with TLS", () => {
  let dir: string;
  let nginx: ChildProcess;
  let origin: string;
  let httpOrigin: string;
  let log = "";

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-nginx-"));
    // nginx's workers (nobody, when the test runs as root) must reach the temp folders.
    fs.chmodSync(dir, 0o755);
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    const openssl = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { encoding: "utf8" },
    );
    expect(openssl.status, openssl.stderr).toBe(0);
    fs.chmodSync(key, 0o600);

    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const appPort = Number(new URL(baseURL()).port);
    fs.writeFileSync(
      path.join(dir, "rdc-steward.conf"),
      renderSite(fs.readFileSync(SITE, "utf8"), { appPort, httpPort, httpsPort, cert, key }),
    );
    // The rest of what Debian's /etc/nginx/nginx.conf gives a site, with every path in the temp folder.
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      [
        "daemon off;",
        "worker_processes 1;",
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        "events { worker_connections 256; }",
        "http {",
        "  default_type application/octet-stream;",
        `  access_log ${dir}/access.log;`,
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t}_temp;`),
        `  include ${dir}/rdc-steward.conf;`,
        "}",
        "",
      ].join("\n"),
    );
    const args = ["-e", path.join(dir, "error.log"), "-p", dir, "-c", path.join(dir, "nginx.conf")];
    const test = spawnSync(NGINX, ["-t", ...args], { encoding: "utf8" });
    expect(test.status, `nginx -t:\n${test.stderr}`).toBe(0);
    nginx = spawn(NGINX, args, { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stderr?.on("data", (d) => (log += d));
    origin = `https://localhost:${httpsPort}`;
    httpOrigin = `http://127.0.0.1:${httpPort}`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await request(`${origin}/healthz`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || nginx.exitCode !== null)
        throw new Error(`nginx did not start:\n${log}\n${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once("exit", r));
      nginx.kill("SIGQUIT"); // graceful stop
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("signs in through nginx in Chromium over HTTPS: Secure, HttpOnly session cookie and HSTS", async () => {
    let browser: Browser | null = null;
    try {
      browser = await launch({ baseURL: origin, ignoreHTTPSErrors: true, locale: "en-US" });
      const { page, context } = browser;
      const login = await page.goto("/login");
      expect(login?.status()).toBe(200);
      const hsts = (await login!.allHeaders())["strict-transport-security"];
      expect(hsts).toBe("max-age=31536000"); // once: nginx's, the app's copy dropped
      await signIn(page, "steward@demo.local");
      expect(new URL(page.url()).pathname).toBe("/work");
      expect(new URL(page.url()).origin).toBe(origin);
      const session = (await context.cookies(origin)).find((c) => c.name === "__session");
      expect(session, "no session cookie").toBeDefined();
      expect(session!.secure).toBe(true);
      expect(session!.httpOnly).toBe(true);
      const work = await page.reload();
      expect(work?.status()).toBe(200);
      expect((await work!.allHeaders())["strict-transport-security"]).toBe("max-age=31536000");
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });

  it("tells the app the real client's address: the per-address sign-in limit counts it, not nginx's nor a forged one", async () => {
    // A client on 127.0.0.2 (nginx itself connects to the app from 127.0.0.1) forging X-Forwarded-For.
    const from = { localAddress: "127.0.0.2", headers: { "x-forwarded-for": "198.51.100.77" } };
    const page = await request(`${origin}/login`, from);
    const cookie = [page.headers["set-cookie"] ?? []]
      .flat()
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = csrfTokenOf(page.body);
    expect(csrf).toBeTruthy();
    const body = Buffer.from(
      new URLSearchParams({ csrf: csrf!, email: `nginx-${Date.now()}@example.cn`, password: "wrong-password" }).toString(),
    );
    const refused = await request(`${origin}/login`, {
      ...from,
      method: "POST",
      headers: {
        ...from.headers,
        cookie,
        origin,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": body.length,
      },
      body,
    });
    expect(refused.status).toBe(401);
    const database = new Database(e2eDatabase(), { readonly: true });
    try {
      const keys = (database.prepare("select key from login_attempts").all() as { key: string }[]).map((r) => r.key);
      expect(keys.some((k) => k.includes("127.0.0.2"))).toBe(true);
      expect(keys.filter((k) => k.includes("198.51.100.77"))).toEqual([]);
    } finally {
      database.close();
    }
  });

  it("sends plain HTTP to HTTPS", async () => {
    const res = await request(`${httpOrigin}/login?x=1`, { headers: { host: "localhost" } });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe("https://localhost/login?x=1");
  });

  it("limits bodies by route: 1 MB for forms, 55 MB for request submissions, with a message in both languages", async () => {
    const tooLarge = await request(`${origin}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": 2 * 1024 * 1024 },
      onlyHeaders: true,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain("Too much data");
    expect(tooLarge.body).toContain("提交的数据过大");
    expect(tooLarge.headers["strict-transport-security"]).toBe("max-age=31536000");

    // 2 MB to the submission page passes nginx (the app then answers for itself).
    const body = Buffer.alloc(2 * 1024 * 1024, "a");
    const passed = await request(`${origin}/portal/requests/new`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length },
      body,
    });
    expect(passed.body).not.toContain("Too much data for this page");
    const beyond = await request(`${origin}/portal/requests/new`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": 60 * 1024 * 1024 },
      onlyHeaders: true,
    });
    expect(beyond.status).toBe(413);
    const importTooLarge = await request(`${origin}/centres/import`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": 30 * 1024 * 1024 },
      onlyHeaders: true,
    });
    expect(importTooLarge.status).toBe(413);
  });
});

describe.skipIf(hasNginx)("behind nginx", () => {
  it.skip(`skipped: ${NGINX} is not installed (apt-get install nginx); .ci/run installs it`, () => {});
});
