/**
 * A file already made (an export from the figures worker: the centre list as CSV or Excel, the
 * dashboard's workbook) answered in slices of FILE_SLICE_BYTES, each a Buffer over the same
 * memory, with a turn of the event loop before each.
 *
 * `new Response(bytes)` holds the request thread twice for a large file: undici copies a
 * typed-array body whole, and the compression middleware copies a chunk that is not a Buffer
 * byte by byte (`Buffer.from` of an array-like). For the 14 MB centre CSV at scale 1 those were
 * two steps of 40–50 ms each, and the longest event-loop delay during the export reached 200 ms
 * on a busy machine (issue 14, goal 2). A stream body is not copied, a Buffer chunk neither, and
 * other requests are answered between slices. Slices of 256 KB, not smaller: Remix flushes the
 * compressor after every chunk it writes.
 */
export const FILE_SLICE_BYTES = 256 * 1024;

export function fileResponse(bytes: Uint8Array, init: ResponseInit): Response {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setImmediate(resolve));
      if (offset >= file.length) return controller.close();
      controller.enqueue(file.subarray(offset, offset + FILE_SLICE_BYTES));
      offset += FILE_SLICE_BYTES;
    },
  });
  const headers = new Headers(init.headers);
  headers.set("Content-Length", String(file.length));
  return new Response(body, { ...init, headers });
}
