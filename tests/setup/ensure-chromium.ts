// Run before `npm test` and `npm run test:e2e` (pretest): the browser tests need Debian's
// Chromium. On a fresh machine where we are root with apt, install it the way .ci/run does;
// otherwise stop at once with the one command to run, instead of a wall of failing browser tests.
import { execSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packages = "chromium fonts-noto-cjk";
const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages}`;

function stop(reason: string): never {
  console.error(
    `${reason}\nThe browser tests need Debian's Chromium at ${chromium}. Install it with:\n\n` +
      `  sudo sh -c '${command}'\n\n(or set CHROMIUM_PATH to a Chromium binary), then run the tests again.`,
  );
  process.exit(1);
}

if (!fs.existsSync(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) stop(`No Chromium at ${chromium}.`);
  console.log(`No Chromium at ${chromium}: installing Debian's ${packages} (as .ci/run does)…`);
  try {
    // --no-upgrade: what is missing is installed, nothing already there is upgraded behind your back.
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade ${packages} >/dev/null`, {
      stdio: "inherit",
    });
  } catch {
    stop("Installing Chromium with apt-get failed (see above).");
  }
  if (!fs.existsSync(chromium)) stop(`apt-get installed ${packages}, but there is still no Chromium at ${chromium}.`);
}
