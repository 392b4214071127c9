import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "../../db/schema";
import { db } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";

const createAdmin = (args: string[], password: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "db/create-admin.ts", ...args], {
    input: `${password}\n`,
    encoding: "utf8",
    env: { ...process.env },
  });

describe("npm run admin:create", () => {
  it(
    "creates an admin with the password from standard input, audited, and refuses a short password or a taken email",
    { timeout: 30_000 },
    async () => {
      const email = `first-admin-${process.pid}@example.gov.cn`;
      const short = createAdmin([email, "First Admin"], "too-short");
      expect(short.status).toBe(1);
      expect(short.stderr).toContain("passwordLength");
      expect(db.select().from(users).where(eq(users.email, email)).get()).toBeUndefined();

      const created = createAdmin([email, "First Admin"], "a-long-enough-password");
      expect(created.stderr).toBe("");
      expect(created.status).toBe(0);
      const row = db.select().from(users).where(eq(users.email, email)).get()!;
      expect(row.role).toBe("admin");
      expect(await verifyPassword(row.passwordHash, "a-long-enough-password")).toBe(true);
      expect(db.select().from(auditLog).where(eq(auditLog.entityId, row.id)).get()?.action).toBe("create");

      const again = createAdmin([email.toUpperCase(), "Second"], "a-long-enough-password");
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("already has an account");
    },
  );
});
