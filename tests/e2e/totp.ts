import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stepOf, TOTP_PERIOD_SECONDS, totpCode } from "../../app/domain/two-factor";

/** How long the current step must still last for a code of the previous step to be used. */
const PREVIOUS_STEP_MARGIN_MS = 10_000;

/**
 * A code the server has not accepted before: it accepts each 30-second step once per account, and
 * several test files sign in as the same account, so the steps used are remembered per server
 * and key in a temporary file. The server accepts a step either side of its own, so the first
 * code is for the previous step (unless the current one is in its last 10 s: a slow answer must
 * still find the previous step in the window), and three codes in a row need no wait; a fourth,
 * two steps ahead, waits for the clock (at most 30 s, rarely).
 */
export async function unusedTotpCodeFor(base: string, totpSecret: string) {
  const file = path.join(
    os.tmpdir(),
    `rdc-e2e-totp-${createHash("sha256").update(`${base} ${totpSecret}`).digest("hex").slice(0, 16)}`,
  );
  const last = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : -1;
  const now = Date.now();
  const current = stepOf(now);
  const endsInMs = (current + 1) * TOTP_PERIOD_SECONDS * 1000 - now;
  const step = Math.max(last + 1, endsInMs > PREVIOUS_STEP_MARGIN_MS ? current - 1 : current);
  const startOfPrevious = (step - 1) * TOTP_PERIOD_SECONDS * 1000;
  if (Date.now() < startOfPrevious) await new Promise((resolve) => setTimeout(resolve, startOfPrevious - Date.now() + 200));
  fs.writeFileSync(file, String(step));
  return totpCode(totpSecret, step * TOTP_PERIOD_SECONDS * 1000);
}
