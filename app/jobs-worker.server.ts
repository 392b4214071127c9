/**
 * What the job worker threads load (issue 14, goal 5): only the modules their jobs need (the
 * dashboard's figures and workbooks, the centre exports, the centre import), not the whole
 * server build with React, the routes and their pages. `npm run build` bundles it beside the
 * server build as `jobs-worker.js` (build-jobs-worker.mjs); server.js hands that file to the
 * workers when it is there. Each module below answers its own jobs when it finds itself on a
 * worker of its role (utils/job-worker.server.ts).
 */
export { startFiguresWorker } from "./models/dashboard/figures-worker.server";
export { startImportWorker } from "./models/centre-import-worker.server";
