import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  attachmentPath,
  incomingDir,
  INCOMING_GRACE_MS,
  placeStoredFiles,
  storeAttachments,
  sweepIncomingAttachments,
} from "~/models/attachment.server";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

// Several server processes share one database and one attachments folder; each sweeps
// .incoming/ when it starts, while the others keep taking uploads.
describe("attachments with several server processes", () => {
  it("a process starting does not delete another's upload in flight, only leftovers older than the grace period", () => {
    const [inFlight] = storeAttachments([{ file: new File([PNG], "a.png"), bytes: PNG, type: "image/png" }]);
    const leftover = crypto.randomUUID();
    fs.writeFileSync(path.join(incomingDir(), leftover), PNG);
    const old = new Date(Date.now() - INCOMING_GRACE_MS - 60_000);
    fs.utimesSync(path.join(incomingDir(), leftover), old, old);

    const swept = sweepIncomingAttachments();
    expect(swept.deleted).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(incomingDir(), leftover))).toBe(false);
    expect(fs.existsSync(path.join(incomingDir(), inFlight!.storageKey))).toBe(true);
    // Its process commits the row and moves the file into place as usual.
    placeStoredFiles([inFlight!]);
    expect(fs.readFileSync(attachmentPath(inFlight!.storageKey))).toEqual(PNG);
  });

  it("moving a committed file into place succeeds when another process's sweep moved it first", () => {
    const [stored] = storeAttachments([{ file: new File([PNG], "b.png"), bytes: PNG, type: "image/png" }]);
    // The other process's sweep, having seen the committed row.
    fs.renameSync(path.join(incomingDir(), stored!.storageKey), attachmentPath(stored!.storageKey));
    expect(() => placeStoredFiles([stored!])).not.toThrow();
    expect(fs.readFileSync(attachmentPath(stored!.storageKey))).toEqual(PNG);
    // A file that is in neither place is still an error.
    const [lost] = storeAttachments([{ file: new File([PNG], "c.png"), bytes: PNG, type: "image/png" }]);
    fs.rmSync(path.join(incomingDir(), lost!.storageKey));
    expect(() => placeStoredFiles([lost!])).toThrow();
  });
});
