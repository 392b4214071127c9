/**
 * `npm run admin:create -- EMAIL "NAME"`: the first admin of a deployment that starts without the
 * demo data (SEED_DEMO=false), or a further one. The password is read from the first line of
 * standard input (at least 12 characters), so it never appears in the shell history or the
 * process list:
 *
 *   sudo -u rdc-steward sh -c 'set -a; . /etc/rdc-steward/rdc-steward.env; cd /opt/rdc-steward && node --import tsx db/create-admin.ts admin@example.gov.cn "Admin Name"'
 *
 * Checked with the admin page's own form schema; the user row and its audit row (actor: none,
 * i.e. the command line) are written in one transaction.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stdout.write("Password (at least 12 characters, typed blind): ");
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    if (process.stdin.isTTY) process.stdout.write("\n");
    return line;
  }
  return "";
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [email, name] = process.argv.slice(2);
  if (!email || !name) {
    console.error('Usage: npm run admin:create -- EMAIL "NAME"   (the password on standard input)');
    process.exit(1);
  }
  // No echo while the password is typed at a terminal (stty reads the terminal from its stdin).
  const echo = (on: boolean) =>
    process.stdin.isTTY && spawnSync("stty", [on ? "echo" : "-echo"], { stdio: ["inherit", "ignore", "ignore"] });
  echo(false);
  const password = await readPassword().finally(() => echo(true));
  const { NewUserSchema } = await import("../app/schemas/user");
  const parsed = NewUserSchema.safeParse({ email, name, role: "admin", password, locale: "" });
  if (!parsed.success) {
    console.error(`Refused: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    process.exit(1);
  }
  const { createUser, isEmailTaken } = await import("../app/models/user.server");
  if (isEmailTaken(parsed.data.email)) {
    console.error(`Refused: ${parsed.data.email} already has an account.`);
    process.exit(1);
  }
  const { id } = await createUser(null, { ...parsed.data, role: "admin", centreId: null });
  console.log(
    `Admin ${parsed.data.email} created (${id}); sign in at ${(await import("../app/utils/env.server")).env.APP_URL}/login.`,
  );
}
