import { openDatabase, type Db } from "../../db/client.server";
import { env } from "./env.server";
import { outOfSpace } from "./out-of-space";

/** One database handle per process, kept across dev rebuilds. */
const globalForDb = globalThis as unknown as { __rdcDb?: Db };

function openAppDatabase(): Db {
  const db = openDatabase(env.DATABASE_PATH);
  // A transaction refused for want of disk space answers 507 with a clear page, not a 500.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => {
    try {
      return transaction(fn, config);
    } catch (error) {
      throw outOfSpace(error) ?? error;
    }
  }) as typeof db.transaction;
  return db;
}

export const db: Db = (globalForDb.__rdcDb ??= openAppDatabase());
export type { Db };
