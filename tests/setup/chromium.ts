import fs from "node:fs";

/** The browser the browser tests drive: Debian's Chromium (never a downloaded one), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** What .ci/run installs for the browser tests (the CJK font for the zh-CN pages). */
export const CHROMIUM_PACKAGES = "chromium fonts-noto-cjk";

/** The one command that installs it. */
export const CHROMIUM_INSTALL_COMMAND = `sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${CHROMIUM_PACKAGES}'`;

export const hasChromium = () => fs.existsSync(CHROMIUM_PATH);

/** Why the browser tests cannot run, and the one command to run. */
export function missingChromium(reason = `No Chromium at ${CHROMIUM_PATH}.`) {
  return (
    `${reason}\nThe browser tests need Debian's Chromium at ${CHROMIUM_PATH}. Install it with:\n\n` +
    `  ${CHROMIUM_INSTALL_COMMAND}\n\n(or set CHROMIUM_PATH to a Chromium binary), then run the tests again.`
  );
}
