// Run before `npm test` and `npm run test:e2e` (pretest): the browser tests need Debian's
// Chromium. On a fresh machine where we are root with apt, install it the way .ci/run does;
// otherwise stop at once with the one command to run, instead of a wall of failing browser tests.
// (`vitest run` without npm stops the same way: tests/setup/e2e-server.ts checks before any test.)
import { execSync } from "node:child_process";
import fs from "node:fs";
import { CHROMIUM_PACKAGES, CHROMIUM_PATH, hasChromium, missingChromium } from "./chromium";

function stop(reason?: string): never {
  console.error(missingChromium(reason));
  process.exit(1);
}

if (!hasChromium()) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) stop();
  console.log(`No Chromium at ${CHROMIUM_PATH}: installing Debian's ${CHROMIUM_PACKAGES} (as .ci/run does)…`);
  try {
    // --no-upgrade: what is missing is installed, nothing already there is upgraded behind your back.
    execSync(
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade ${CHROMIUM_PACKAGES} >/dev/null`,
      { stdio: "inherit" },
    );
  } catch {
    stop("Installing Chromium with apt-get failed (see above).");
  }
  if (!hasChromium()) stop(`apt-get installed ${CHROMIUM_PACKAGES}, but there is still no Chromium at ${CHROMIUM_PATH}.`);
}
