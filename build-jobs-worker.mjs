// Bundles app/jobs-worker.server.ts into <build>/jobs-worker.js: the small module the job worker
// threads load instead of the whole server build (npm run build runs it after `remix build`).
// Packages stay imports from node_modules, as in the server build; the app's own modules and
// messages are bundled.
import path from "node:path";
import * as esbuild from "esbuild";

const buildDir = process.env.BUILD_DIR ?? "build";
const outfile = process.argv[2] ?? path.join(buildDir, "jobs-worker.js");

await esbuild.build({
  entryPoints: ["app/jobs-worker.server.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
  plugins: [
    {
      name: "packages-from-node-modules",
      setup(build) {
        // A bare specifier ("exceljs", "node:fs") is a package; "~/…" and relative paths are the app's.
        build.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});
