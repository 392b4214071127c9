/**
 * The phases of a centre import job (app/models/centre-import-job.server.ts), in order: the upload
 * is checked row by row ("checking" → "checked", the preview), then committed in chunks
 * ("importing") until "done"; "failed" keeps the reason. An interrupted job resumes in its phase.
 */
export const CENTRE_IMPORT_PHASES = ["checking", "checked", "importing", "done", "failed"] as const;
export type CentreImportPhase = (typeof CENTRE_IMPORT_PHASES)[number];
