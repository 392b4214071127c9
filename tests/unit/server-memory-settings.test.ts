import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_MEMORY_ENV, SERVER_NODE_FLAGS } from "../bench/server";

/**
 * The server's memory settings (issue 14, goal 5) are stated three times: `npm start`, the
 * systemd unit, and the bench's server, which measures them. They must not drift apart.
 */
const startScript = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.start!;
const unit = fs.readFileSync("deploy/systemd/rdc-steward.service", "utf8");
const serverCommand = (command: string) => /\bnode\b(.*)\bserver\.js\b/.exec(command)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
const execStart = unit.split("\n").find((line) => line.startsWith("ExecStart="))!;

describe("the server's memory settings", () => {
  it("start the server with the bench's node flags under npm start and systemd", () => {
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(serverCommand(startScript)).toContain(flag);
      expect(serverCommand(execStart)).toContain(flag);
    }
  });

  it("set the bench's malloc environment under npm start (overridable) and systemd", () => {
    for (const [name, value] of Object.entries(SERVER_MEMORY_ENV)) {
      expect(startScript).toContain(`${name}=\${${name}:-${value}}`);
      expect(unit.split("\n")).toContain(`Environment=${name}=${value}`);
    }
  });
});
