/**
 * `npm run two-factor:reset EMAIL`: turns a user's two-factor sign-in off (audited, their
 * sessions end) so they can sign in with their password and enrol again. For an operator when
 * the only admin lost their phone and recovery codes, or after SESSION_SECRET changed (which
 * makes stored TOTP keys unreadable). Run with the app's environment (DATABASE_PATH, SESSION_SECRET).
 */
import { eq } from "drizzle-orm";
import { users } from "./schema";

const email = process.argv[2]?.trim().toLowerCase();
if (!email) {
  console.error("Usage: npm run two-factor:reset EMAIL");
  process.exit(2);
}
const { db } = await import("../app/utils/db.server");
const { disableTwoFactor } = await import("../app/models/account-security.server");
const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
if (!user) {
  console.error(`No user with the email ${email}.`);
  process.exit(1);
}
disableTwoFactor(null, user.id);
console.log(`Two-factor sign-in of ${email} is off; they can sign in with their password and enrol again.`);
