import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CoalescingStream, withoutNulBytes } from "~/utils/coalescing-stream.server";

/** Renders a paragraph with React's streaming renderer and collects the raw bytes, optionally through the stream. */
function render(pieces: string[], throughCoalescing: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(Buffer.from(chunk));
        callback();
      },
    });
    const page = createElement("div", null, ...pieces.map((piece, i) => createElement("p", { key: i }, piece)));
    const { pipe } = renderToPipeableStream(page, {
      onAllReady() {
        if (throughCoalescing) {
          const coalescing = new CoalescingStream();
          pipe(coalescing);
          pipeline(coalescing, sink).then(() => resolve(Buffer.concat(parts)), reject);
        } else {
          sink.on("finish", () => resolve(Buffer.concat(parts)));
          pipe(sink);
        }
      },
      onError: reject,
    });
  });
}

// Short paragraphs (each under React's 2 KB view) so that three-byte characters fall across views' ends.
const paragraphs = Array.from({ length: 60 }, (_, i) => `第${i}项：落地阶段、认定与服务清单。`);

describe("CoalescingStream", () => {
  it("passes React's HTML through byte for byte, minus the NUL padding React 18.3 leaves at view ends", async () => {
    const shifted = (offset: number) => ["a".repeat(offset), ...paragraphs];
    const raw = await Promise.all([0, 1, 2].map((offset) => render(shifted(offset), false)));
    const cleaned = await Promise.all([0, 1, 2].map((offset) => render(shifted(offset), true)));
    expect(raw.some((bytes) => bytes.includes(0))).toBe(true); // the React bug this stream works around
    for (const [i, bytes] of cleaned.entries()) {
      const html = bytes.toString("utf8");
      expect(bytes.includes(0)).toBe(false);
      expect(html).not.toContain("\uFFFD");
      for (const paragraph of shifted(i)) expect(html).toContain(`<p>${paragraph}</p>`);
      expect(withoutNulBytes(raw[i]!).equals(bytes)).toBe(true);
    }
  });

  it("removes every NUL byte and keeps the rest in order", () => {
    expect(withoutNulBytes(Buffer.from([0, 65, 0, 0, 66, 67, 0])).toString()).toBe("ABC");
    const clean = Buffer.from("落地阶段");
    expect(withoutNulBytes(clean)).toBe(clean);
  });
});
