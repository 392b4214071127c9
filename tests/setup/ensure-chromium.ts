// Run before `npm test` (pretest): the browser tests need Debian's Chromium. On a fresh machine
// where we are root with apt, install it the way .ci/run does; otherwise stop at once with the one
// command to run, instead of a wall of failing browser tests.
import { execSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = fs.existsSync("/usr/bin/apt-get");
  const command = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk";
  if (isRoot && hasApt) {
    console.log(`Chromium is missing at ${chromium}: installing Debian's chromium (${command})…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null`, {
      stdio: "inherit",
    });
  } else {
    console.error(
      `The browser tests need Debian's Chromium at ${chromium}. Install it with:\n\n  sudo sh -c '${command}'\n\n(or set CHROMIUM_PATH to a Chromium binary), then run npm test again.`,
    );
    process.exit(1);
  }
}
