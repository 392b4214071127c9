import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { newestBackup, rotateBackups, takeBackup, type BackupManifest } from "../../db/backup";
import { backupName } from "../../db/backup-rotation";
import { insertCentre, makeUscc } from "../../db/factories";
import { checkBackup } from "../../db/restore-check";
import { attachments } from "../../db/schema";
import { attachmentPath, attachmentsDir, incomingDir } from "~/models/attachment.server";
import { loader as attachmentLoader } from "~/routes/attachments.$attachmentId";
import { action as newRequest } from "~/routes/portal.requests.new";
import { db } from "~/utils/db.server";
import { context, get, makeUser, post, run } from "../helpers/requests";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "rdc-backup-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let n = 0;
/** An enterprise user's request with two attachments, submitted through the portal's action. */
async function requestWithAttachments() {
  n += 1;
  const centreId = insertCentre(db, {
    nameZh: `备份中心${n}`,
    nameEn: `Backup Centre ${n}`,
    parentCompany: "B",
    countryCode: "US",
    districtCode: "haidian",
    uscc: makeUscc(8_100_000 + n),
  });
  const user = await makeUser("enterprise", { centreId, locale: "en" });
  const request = await post(
    "/portal/requests/new",
    {
      category: "customs_samples",
      title: "Samples",
      description: "Please help with customs.",
      urgency: "normal",
      idempotency_key: `backup-${n}-${Math.random()}`,
      attachments: new File([PNG], "photo.png"),
    },
    { userId: user.id },
  );
  const body = await request.formData();
  body.append("attachments", new File([PDF], "letter.pdf"));
  const headers = new Headers(request.headers);
  headers.delete("content-type");
  const res = (await run(() =>
    newRequest({ request: new Request(request.url, { method: "POST", body, headers }), params: {}, context }),
  )) as Response;
  const requestId = res.headers.get("Location")!.split("/").pop()!;
  return { user, requestId, files: db.select().from(attachments).where(eq(attachments.requestId, requestId)).all() };
}

/** Another process writing to the database every 2 ms (as the running app would), until stopped. */
function startWriter(file: string) {
  const code = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare("insert into rate_limit_hits (key, at) values ('backup-test-writer', ?)");
    insert.run(Date.now());
    process.stdout.write("ready\\n");
    setInterval(() => insert.run(Date.now()), 2);
    process.on("SIGTERM", () => { db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", code, file], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`writer exited with ${code}`)));
  });
  return {
    ready,
    stop: () =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")),
      ),
  };
}

const writesBetween = (file: string, from: number, to: number) => {
  const sqlite = new Database(file, { readonly: true });
  try {
    return (
      sqlite
        .prepare("select count(*) as n from rate_limit_hits where key = 'backup-test-writer' and at >= ? and at <= ?")
        .get(from, to) as { n: number }
    ).n;
  } finally {
    sqlite.close();
  }
};

describe("npm run backup", () => {
  it(
    "as an operator runs it: a backup, the restore drill on it, then a rotation that links the files the last backup holds",
    { timeout: 60_000 },
    async () => {
      await requestWithAttachments();
      const dir = path.join(scratch, "cli");
      const backup = (...args: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", "db/backup.ts", "--dir", dir, "--check", ...args], { encoding: "utf8" });
      const first = backup();
      expect(first.stderr).toBe("");
      expect(first.stdout).toContain("Restore check passed");
      expect(first.status).toBe(0);
      const [firstName] = fs.readdirSync(dir);
      // Backups are named by the second they were taken in.
      while (backupName(new Date()) === firstName) await new Promise((r) => setTimeout(r, 50));
      const second = backup("--keep-daily", "1", "--keep-weekly", "0");
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/\b(\d+) attachments, [\d.]+ MB \(\1 linked, 0 copied\)/);
      expect(second.stdout).toContain(`removed 1 (${firstName})`);
      const left = fs.readdirSync(dir);
      expect(left).toHaveLength(1);
      expect(left[0]).not.toBe(firstName);
      expect(
        JSON.parse(fs.readFileSync(path.join(dir, left[0]!, "manifest.json"), "utf8")).attachments.count,
      ).toBeGreaterThanOrEqual(2);
    },
  );

  it(
    "copies the database and its attachments while another process writes, and the copy restores with every attachment",
    { timeout: 60_000 },
    async () => {
      const source = process.env.DATABASE_PATH!;
      const uploaded = [await requestWithAttachments(), await requestWithAttachments()];
      // Some bulk (about 20 MB), so the copy takes a while.
      const padding = new Database(source);
      padding.pragma("busy_timeout = 5000");
      const pad = padding.prepare("insert into rate_limit_hits (key, at) values (?, ?)");
      padding.transaction(() => {
        for (let i = 0; i < 10_000; i++) pad.run(`backup-padding-${i}-${crypto.randomBytes(500).toString("hex")}`, 0);
      })();
      padding.close();
      // The bulk is for this test only: the later tests back up (and check) a small database again.
      onTestFinished(() => {
        const sqlite = new Database(source);
        sqlite.pragma("busy_timeout = 5000");
        sqlite.prepare("delete from rate_limit_hits where key like 'backup-padding-%'").run();
        sqlite.exec("vacuum");
        sqlite.close();
      });

      const writer = startWriter(source);
      await writer.ready;
      const destination = path.join(scratch, backupName(new Date()));
      const started = Date.now();
      let finished = 0;
      let manifest: BackupManifest;
      try {
        manifest = takeBackup({ databasePath: source, attachmentsDir: attachmentsDir(), destination });
        finished = Date.now();
      } finally {
        await writer.stop();
      }
      const during = writesBetween(source, started, finished);
      console.info(
        `Backup under writes: ${finished - started} ms, database ${(manifest.database.bytes / 1e6).toFixed(1)} MB, ` +
          `${manifest.attachments.count} attachments, ${during} writes by another process during it`,
      );
      expect(during).toBeGreaterThan(0);
      expect(fs.existsSync(`${destination}.partial`)).toBe(false);
      expect(manifest.missingAttachments).toEqual([]);
      const stored = uploaded.flatMap((u) => u.files);
      expect(stored).toHaveLength(4);
      for (const file of stored) {
        const copy = path.join(destination, "attachments", file.storageKey);
        expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(attachmentPath(file.storageKey)));
        expect(fs.statSync(copy).ino, "a backup must not share its files with the live folder").not.toBe(
          fs.statSync(attachmentPath(file.storageKey)).ino,
        );
      }

      // The copy is one snapshot: the writer's rows up to some moment, not beyond what the live database holds.
      const copied = new Database(path.join(destination, "rdc-steward.db"), { readonly: true });
      const inCopy = (
        copied.prepare("select count(*) as n from rate_limit_hits where key = 'backup-test-writer'").get() as { n: number }
      ).n;
      copied.close();
      expect(inCopy).toBeGreaterThan(0);
      expect(inCopy).toBeLessThanOrEqual(writesBetween(source, 0, Date.now()));

      const check = checkBackup(destination);
      expect(check.problems).toEqual([]);
      expect(check.ok).toBe(true);
      expect(check.integrityCheck).toBe("ok");
      expect(check.attachments.rows).toBeGreaterThanOrEqual(4);
      expect(check.attachments.present).toBe(check.attachments.rows);
      expect(check.rows.support_requests).toBeGreaterThanOrEqual(2);

      // The drill as an operator runs it: exit 0, then 1 once a file is gone or altered.
      const cli = (target: string) =>
        spawnSync(process.execPath, ["--import", "tsx", "db/restore-check.ts", target], { encoding: "utf8" });
      const passing = cli(destination);
      expect(passing.stdout).toContain("PASS");
      expect(passing.status).toBe(0);
      fs.rmSync(path.join(destination, "attachments", stored[0]!.storageKey));
      fs.writeFileSync(path.join(destination, "attachments", stored[1]!.storageKey), "altered");
      const failing = cli(path.join(destination, "rdc-steward.db"));
      expect(failing.status).toBe(1);
      expect(failing.stdout).toContain("1 attachment files missing");
      expect(failing.stdout).toContain("1 attachment files differ");
      expect(checkBackup(destination).attachments).toMatchObject({
        missing: [stored[0]!.storageKey],
        mismatched: [stored[1]!.storageKey],
      });
    },
  );

  it(
    "takes a file whose row is committed but which is still waiting under .incoming (a crash before the move)",
    { timeout: 30_000 },
    async () => {
      const { files } = await requestWithAttachments();
      const key = files[0]!.storageKey;
      fs.mkdirSync(incomingDir(), { recursive: true });
      fs.renameSync(attachmentPath(key), path.join(incomingDir(), key));
      try {
        const destination = path.join(scratch, "with-an-incoming-file");
        const manifest = takeBackup({
          databasePath: process.env.DATABASE_PATH!,
          attachmentsDir: attachmentsDir(),
          incomingDir: incomingDir(),
          destination,
        });
        expect(manifest.missingAttachments).not.toContain(key);
        expect(fs.readFileSync(path.join(destination, "attachments", key))).toEqual(
          fs.readFileSync(path.join(incomingDir(), key)),
        );
      } finally {
        fs.renameSync(path.join(incomingDir(), key), attachmentPath(key));
      }
    },
  );

  it("the restore drill finds an audit row edited in the backup (the hash chain breaks there)", { timeout: 30_000 }, async () => {
    await requestWithAttachments();
    const destination = path.join(scratch, "edited-audit");
    takeBackup({
      databasePath: process.env.DATABASE_PATH!,
      attachmentsDir: attachmentsDir(),
      incomingDir: incomingDir(),
      destination,
    });
    expect(checkBackup(destination).auditChain.mismatched).toEqual([]);
    const copy = new Database(path.join(destination, "rdc-steward.db"));
    const { id } = copy.prepare("select max(id) as id from audit_log").get() as { id: number };
    copy.prepare("update audit_log set action = 'edited' where id = ?").run(id);
    copy.close();
    const check = checkBackup(destination);
    expect(check.auditChain.mismatched).toEqual([id]);
    expect(check.problems.join("\n")).toContain(`hash chain breaks at rows ${id}`);
  });

  it("names in the manifest an attachment whose file is already missing from the live folder", { timeout: 30_000 }, async () => {
    const { files } = await requestWithAttachments();
    fs.rmSync(attachmentPath(files[0]!.storageKey));
    const destination = path.join(scratch, "with-a-missing-file");
    const manifest = takeBackup({ databasePath: process.env.DATABASE_PATH!, attachmentsDir: attachmentsDir(), destination });
    expect(manifest.missingAttachments).toContain(files[0]!.storageKey);
    expect(checkBackup(destination).attachments.missing).toContain(files[0]!.storageKey);
  });

  it(
    "hard-links the files an earlier backup holds, so a rotation set stores each attachment once",
    { timeout: 30_000 },
    async () => {
      const { files } = await requestWithAttachments();
      const dir = path.join(scratch, "linked");
      fs.mkdirSync(dir);
      const first = path.join(dir, backupName(new Date(Date.now() - 86_400_000)));
      takeBackup({
        databasePath: process.env.DATABASE_PATH!,
        attachmentsDir: attachmentsDir(),
        destination: first,
        copyAttachments: true,
      });
      expect(newestBackup(dir)).toBe(first);
      const second = path.join(dir, backupName(new Date()));
      const manifest = takeBackup({
        databasePath: process.env.DATABASE_PATH!,
        attachmentsDir: attachmentsDir(),
        destination: second,
        previousBackup: first,
      });
      expect(manifest.attachments.linked).toBe(manifest.attachments.count);
      const inode = (dir: string, key: string) => fs.statSync(path.join(dir, "attachments", key)).ino;
      for (const file of files) {
        expect(inode(second, file.storageKey)).toBe(inode(first, file.storageKey));
        expect(inode(first, file.storageKey)).not.toBe(fs.statSync(attachmentPath(file.storageKey)).ino);
      }
      // (Earlier tests in this file removed live files on purpose: only this request's are checked.)
      const check = checkBackup(second);
      expect(check.attachments.mismatched).toEqual([]);
      for (const file of files) expect(check.attachments.missing).not.toContain(file.storageKey);
    },
  );

  it("refuses to write over an existing backup and leaves no partial copy behind on failure", () => {
    const destination = path.join(scratch, "exists");
    fs.mkdirSync(destination);
    expect(() => takeBackup({ databasePath: process.env.DATABASE_PATH!, attachmentsDir: attachmentsDir(), destination })).toThrow(
      /already exists/,
    );
    const broken = path.join(scratch, "broken");
    expect(() =>
      takeBackup({ databasePath: path.join(scratch, "no-such.db"), attachmentsDir: attachmentsDir(), destination: broken }),
    ).toThrow();
    expect(fs.existsSync(`${broken}.partial`)).toBe(false);
    expect(fs.existsSync(broken)).toBe(false);
  });

  it("rotates: keeps the newest of each of the last N days and M weeks, touches nothing that is not a backup", () => {
    const dir = path.join(scratch, "rotation");
    const names = [
      "rdc-steward-20261130T020000Z",
      "rdc-steward-20261129T020000Z",
      "rdc-steward-20261129T010000Z",
      "rdc-steward-20261120T020000Z",
      "rdc-steward-20261101T020000Z",
    ];
    for (const name of [...names, "rdc-steward-20261201T020000Z.partial", "operator-notes"])
      fs.mkdirSync(path.join(dir, name), { recursive: true });
    const plan = rotateBackups(dir, { daily: 2, weekly: 3 });
    expect(plan.keep).toEqual(["rdc-steward-20261130T020000Z", "rdc-steward-20261129T020000Z", "rdc-steward-20261120T020000Z"]);
    expect(fs.readdirSync(dir).sort()).toEqual([
      "operator-notes",
      "rdc-steward-20261120T020000Z",
      "rdc-steward-20261129T020000Z",
      "rdc-steward-20261130T020000Z",
      "rdc-steward-20261201T020000Z.partial",
    ]);
  });
});

describe("an attachment whose file is missing", () => {
  it("answers 404 with a message in the reader's language, not 500", async () => {
    const { user, files } = await requestWithAttachments();
    const file = files[0]!;
    fs.rmSync(attachmentPath(file.storageKey));
    const res = (await run(async () =>
      attachmentLoader({ request: await get(`/attachments/${file.id}`, user.id), params: { attachmentId: file.id }, context }),
    )) as Response;
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toContain("text/plain");
    expect(await res.text()).toContain("photo.png");
    // The other file of the same request is still served.
    const other = (await attachmentLoader({
      request: await get(`/attachments/${files[1]!.id}`, user.id),
      params: { attachmentId: files[1]!.id },
      context,
    })) as Response;
    expect(other.status).toBe(200);
  });
});
