/** What a backup directory holds (written by db/backup.ts, read by db/restore-check.ts). */

export const BACKUP_DATABASE_FILE = "rdc-steward.db";
export const BACKUP_ATTACHMENTS_DIR = "attachments";
export const BACKUP_MANIFEST_FILE = "manifest.json";

export type BackupManifest = {
  format: 1;
  createdAt: string;
  source: string;
  database: { file: string; bytes: number; sha256: string };
  attachments: { count: number; bytes: number; linked: number; copied: number };
  /** Files the database refers to that were not found in the attachments folder when the backup was taken. */
  missingAttachments: string[];
  seconds: number;
};
