import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILE_SLICE_BYTES, fileResponse } from "~/utils/file-response.server";

/** Every chunk of the response's body, as the server's adapter reads them. */
async function chunksOf(response: Response): Promise<Uint8Array[]> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe("fileResponse: a file made elsewhere, answered in slices", () => {
  it("answers the same bytes, in slices of at most FILE_SLICE_BYTES, for any size", async () => {
    const sizes = fc.oneof(
      fc.constantFrom(0, 1, FILE_SLICE_BYTES - 1, FILE_SLICE_BYTES, FILE_SLICE_BYTES + 1, 3 * FILE_SLICE_BYTES),
      fc.integer({ min: 0, max: 4 * FILE_SLICE_BYTES }),
    );
    await fc.assert(
      fc.asyncProperty(sizes, fc.integer({ min: 0, max: 255 }), async (size, seed) => {
        const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) % 256);
        const chunks = await chunksOf(fileResponse(bytes, {}));
        expect(chunks.every((c) => c.byteLength > 0 && c.byteLength <= FILE_SLICE_BYTES)).toBe(true);
        expect(chunks.length).toBe(Math.ceil(size / FILE_SLICE_BYTES));
        expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("copies nothing: each slice is a Buffer over the file's own memory (the compressor copies any other chunk)", async () => {
    // A view into a larger buffer, as a worker's transferred result may be.
    const backing = new ArrayBuffer(3 * FILE_SLICE_BYTES + 100);
    const bytes = new Uint8Array(backing, 50, 2 * FILE_SLICE_BYTES + 7);
    bytes.fill(7);
    const chunks = await chunksOf(fileResponse(bytes, {}));
    expect(chunks).toHaveLength(3);
    for (const [i, chunk] of chunks.entries()) {
      expect(Buffer.isBuffer(chunk)).toBe(true);
      expect(chunk.buffer).toBe(backing);
      expect(chunk.byteOffset).toBe(50 + i * FILE_SLICE_BYTES);
    }
  });

  it("lets the event loop turn between slices", async () => {
    const reader = fileResponse(new Uint8Array(2 * FILE_SLICE_BYTES), {}).body!.getReader();
    await reader.read();
    let turned = false;
    setImmediate(() => (turned = true));
    await reader.read();
    expect(turned).toBe(true);
  });

  it("keeps the headers it is given and states the length (a browser shows the download's progress)", async () => {
    const response = fileResponse(new Uint8Array(1000), {
      status: 200,
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="c.csv"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="c.csv"');
    expect(response.headers.get("Content-Length")).toBe("1000");
  });
});
