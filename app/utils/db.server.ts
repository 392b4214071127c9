import { openDatabase, type Db } from "../../db/client.server";
import { env } from "./env.server";

/** One database handle per process, kept across dev rebuilds. */
const globalForDb = globalThis as unknown as { __rdcDb?: Db };

export const db: Db = (globalForDb.__rdcDb ??= openDatabase(env.DATABASE_PATH));
export type { Db };
