import { afterEach, describe, expect, it } from "vitest";
import { checkpointingInPauses } from "~/models/wal-checkpoints.server";
import { db } from "~/utils/db.server";

/**
 * A bulk write checkpoints the write-ahead log in its pauses, with the connection's automatic
 * checkpoints off meanwhile (issue 14, the centre import's commit), on the real SQLite file.
 */
const automatic = () => db.$client.pragma("wal_autocheckpoint", { simple: true });

describe("checkpoints in the pauses of a bulk write", () => {
  afterEach(() => void db.$client.pragma("wal_autocheckpoint = 1000"));

  it("turns automatic checkpoints off while it runs, checkpoints the log when asked, and puts the setting back", () => {
    db.$client.pragma("wal_autocheckpoint = 500");
    const writing = checkpointingInPauses(db);
    expect(automatic()).toBe(0);
    db.$client.exec("create table if not exists wal_probe (x text); insert into wal_probe values (randomblob(20000));");
    const done = writing.checkpoint();
    expect(done.log).toBeGreaterThan(0);
    expect(done.checkpointed).toBe(done.log);
    writing.end();
    expect(automatic()).toBe(500);
    db.$client.exec("drop table wal_probe");
  });

  it("lets writes overlap on one connection: the last to end puts the setting back", () => {
    db.$client.pragma("wal_autocheckpoint = 700");
    const first = checkpointingInPauses(db);
    const second = checkpointingInPauses(db);
    first.end();
    expect(automatic()).toBe(0);
    first.end(); // ending twice counts once
    expect(automatic()).toBe(0);
    second.end();
    expect(automatic()).toBe(700);
    // And a write that begins afterwards finds the connection's own setting again.
    const third = checkpointingInPauses(db);
    third.end();
    expect(automatic()).toBe(700);
  });
});
