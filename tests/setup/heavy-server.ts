import type { TestProject } from "vitest/node";
import { startE2eServers } from "./e2e-server";

/** The heavy project's one server (the hostile HTTP run's), on its own copy of the demo database. */
export default function setup(project: TestProject) {
  return startE2eServers(project, 1);
}
