import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client.server";
import { seedReferenceData } from "../../db/factories";
import { migrateDatabase } from "../../db/migrate";
import { seedChecklistTemplates } from "../../db/seed-checklists";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/** Migrates one template database (with reference data) per run; each worker copies it. */
export default function setup(project: TestProject) {
  const dir = path.resolve("tests/.tmp", `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const template = path.join(dir, "template.db");
  const db = openDatabase(template);
  migrateDatabase(db);
  seedReferenceData(db);
  seedChecklistTemplates(db);
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  project.provide("templateDb", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
