import { signIn } from "../http";
import { freePort, startServer } from "../server";
const [db, pathA, who = "steward@demo.local", n = "8"] = process.argv.slice(2);
const port = await freePort();
const server = await startServer({ databasePath: db!, port, nodeArgs: ["--cpu-prof", "--cpu-prof-dir=/tmp/prof/srv"], env: { TRUST_PROXY: "true" } });
const client = await signIn(server.baseURL, who, "demo-pass-2026");
for (let i = 0; i < Number(n); i++) {
  const t = performance.now();
  const res = await client.get(pathA!, { headers: { accept: "text/html", "accept-encoding": "gzip" } });
  const body = await res.arrayBuffer();
  console.log(res.status, body.byteLength, (performance.now() - t).toFixed(0), "ms");
}
await server.stop();
