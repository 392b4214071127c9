import Database from "better-sqlite3";
import crypto from "node:crypto";

/**
 * How fast this host does the kinds of work an import is made of, on fixed work, so that an
 * absolute time (issue 14, goal 4: 30,000 centres in under 15 s) can be read against the host it
 * was measured on. The project's hosts have differed by about three times from one session to
 * the next (the trivial page: 6 ms of CPU on one, 15–25 ms on another), and a bench result
 * names its host's model only. Run once at the start of a bench, before the server starts.
 */
export type HostSpeed = {
  /** 100,000 rows (five columns, two secondary indexes, one random) into an in-memory SQLite table, one transaction. */
  sqliteInsertsMs: number;
  /** 1,000,000 small objects made and dropped. */
  objectsMs: number;
  /** 50,000 SHA-256 digests of 1 KB of JSON. */
  sha256Ms: number;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(work: () => void, runs = 3): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

export function measureHostSpeed(): HostSpeed {
  const sqliteInsertsMs = timed(() => {
    const db = new Database(":memory:");
    try {
      db.exec("create table t (id text primary key, a text, b integer, c text, d text)");
      db.exec("create index t_a on t (a)");
      db.exec("create index t_b_c on t (b, c)");
      const insert = db.prepare("insert into t values (?, ?, ?, ?, ?)");
      db.transaction(() => {
        for (let i = 0; i < 100_000; i++)
          insert.run(`row-${i.toString().padStart(8, "0")}`, crypto.randomUUID(), i % 97, "text", `notes ${i}`);
      })();
    } finally {
      db.close();
    }
  });
  const objectsMs = timed(() => {
    let kept: { i: number; s: string }[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      kept.push({ i, s: `x${i}` });
      if (kept.length === 10_000) kept = [];
    }
  });
  const text = JSON.stringify(Array.from({ length: 15 }, (_, i) => ({ field: `field${i}`, before: null, after: `value ${i}` })));
  const sha256Ms = timed(() => {
    for (let i = 0; i < 50_000; i++) crypto.createHash("sha256").update(`${i}${text}`).digest("hex");
  });
  return { sqliteInsertsMs, objectsMs, sha256Ms };
}

export const hostSpeedLine = (speed: HostSpeed) =>
  `host speed (fixed work, median of 3): 100,000 SQLite inserts ${speed.sqliteInsertsMs} ms, 1,000,000 objects ${speed.objectsMs} ms, 50,000 SHA-256 ${speed.sha256Ms} ms`;
