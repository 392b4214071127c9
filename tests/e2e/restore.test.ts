import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/demo-accounts";
import { todayInBeijing } from "../../app/utils/format";
import { signIn } from "../bench/http";
import { freePort, newSessionSecret, startServer, type RunningServer } from "../bench/server";

// The operator's drill end to end: a server takes writes over HTTP while `npm run backup --check`
// runs; the backup is restored as the README says (database file and attachments folder into a
// fresh data folder) and a second server on it serves the attachment byte for byte.
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj\n<<>>\nendobj\n% ${crypto.randomBytes(16).toString("hex")}\ntrailer\n<<>>\n%%EOF\n`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-restore-"));
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `cmd` as a child process, without blocking this one (the writers keep going meanwhile). */
function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("backup under writes, then restore", () => {
  it(
    "backs up a live server's database and attachments while it writes, and a server on the restored copy serves the attachment",
    { timeout: 120_000 },
    async () => {
      const live = path.join(dir, "live");
      const databasePath = path.join(live, "rdc-steward.db");
      const secret = newSessionSecret();
      const prepared = spawnSync(process.execPath, ["--import", "tsx", "db/prepare.ts"], {
        env: { ...process.env, DATABASE_PATH: databasePath, SESSION_SECRET: secret, NODE_ENV: "production" },
        encoding: "utf8",
      });
      expect(prepared.status, prepared.stderr).toBe(0);
      const server = await startServer({ databasePath, port: await freePort(), sessionSecret: secret });
      servers.push(server);

      // An enterprise user's request with an attachment, through the portal's form.
      const enterprise = await signIn(server.baseURL, DEMO_ACCOUNTS.enterprise, DEMO_PASSWORD);
      const form = new FormData();
      for (const [k, v] of Object.entries({
        category: "customs_samples",
        title: "Restore drill",
        description: "Samples for the drill.",
        urgency: "normal",
        idempotency_key: crypto.randomUUID(),
        csrf: enterprise.csrf,
      }))
        form.append(k, v);
      form.append("attachments", new Blob([PDF], { type: "application/pdf" }), "drill.pdf");
      const submitted = await fetch(`${server.baseURL}/portal/requests/new`, {
        method: "POST",
        redirect: "manual",
        body: form,
        headers: { cookie: enterprise.cookie() },
      });
      const requestPath = submitted.headers.get("location") ?? "";
      expect(submitted.status, await submitted.text()).toBe(302);
      const page = await (await enterprise.get(requestPath)).text();
      const attachmentId = /\/attachments\/([0-9a-f-]{36})/.exec(page)?.[1];
      expect(attachmentId, "no attachment link on the request page").toBeDefined();

      // Steady writes: a steward logs interactions one after another until the backup is done.
      const steward = await signIn(server.baseURL, DEMO_ACCOUNTS.steward, DEMO_PASSWORD);
      const meta = new Database(databasePath, { readonly: true });
      const stewardId = (meta.prepare("select id from users where email = ?").get(DEMO_ACCOUNTS.steward) as { id: string }).id;
      const centreId = (meta.prepare("select id from centres where lead_steward_id = ? limit 1").get(stewardId) as { id: string })
        .id;
      meta.close();
      const acked: { summary: string; at: number }[] = [];
      const failures: string[] = [];
      let writing = true;
      const writer = (async () => {
        while (writing) {
          const summary = `restore drill ${crypto.randomUUID()}`;
          const res = await steward.postForm(`/centres/${centreId}/interactions/new`, {
            kind: "call",
            occurred_on: todayInBeijing(),
            occurred_time: "09:00",
            summary,
            staff: stewardId,
          });
          await res.arrayBuffer();
          if (res.status === 302 || res.status === 303) acked.push({ summary, at: Date.now() });
          else failures.push(`HTTP ${res.status}`);
        }
      })();
      while (acked.length < 3) await new Promise((r) => setTimeout(r, 20));

      const backups = path.join(dir, "backups");
      const started = Date.now();
      const backup = await run(["--import", "tsx", "db/backup.ts", "--dir", backups, "--check"], {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: databasePath,
        SESSION_SECRET: secret,
      });
      const finished = Date.now();
      writing = false;
      await writer;
      const during = acked.filter((a) => a.at >= started && a.at <= finished).length;
      console.info(
        `Backup of a live server: ${finished - started} ms (with process start and the restore check), ${during} interactions acknowledged during it\n${backup.stdout}`,
      );
      expect(backup.stderr).toBe("");
      expect(backup.status).toBe(0);
      expect(backup.stdout).toContain("Restore check passed");
      expect(failures).toEqual([]);
      expect(during).toBeGreaterThan(0);
      await server.stop();

      // Restore as the README says: the database file and the attachments folder into the data folder.
      const [name] = fs.readdirSync(backups);
      const restored = path.join(dir, "restored");
      fs.mkdirSync(restored);
      fs.copyFileSync(path.join(backups, name!, "rdc-steward.db"), path.join(restored, "rdc-steward.db"));
      fs.cpSync(path.join(backups, name!, "attachments"), path.join(restored, "attachments"), { recursive: true });
      const second = await startServer({
        databasePath: path.join(restored, "rdc-steward.db"),
        port: await freePort(),
        sessionSecret: secret,
      });
      servers.push(second);
      const again = await signIn(second.baseURL, DEMO_ACCOUNTS.enterprise, DEMO_PASSWORD);
      const file = await again.get(`/attachments/${attachmentId}`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
      // Every interaction acknowledged before the backup started is in the copy.
      const copy = new Database(path.join(restored, "rdc-steward.db"), { readonly: true });
      const has = copy.prepare("select count(*) as n from interactions where summary = ?");
      for (const a of acked.filter((x) => x.at < started)) expect((has.get(a.summary) as { n: number }).n, a.summary).toBe(1);
      copy.close();
    },
  );
});
