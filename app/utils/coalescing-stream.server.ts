import { Transform, type TransformCallback } from "node:stream";

/**
 * Joins React's small writes (about 2 KB each, hundreds per list page) into chunks of up to 32 KB
 * before they reach the response: every chunk costs a trip through the web stream, Express and
 * the compressor, and compressing 2 KB pieces cost 3–8 times the CPU of compressing 16 KB ones
 * (issue 14). What React writes in one go leaves together on the next turn of the event loop, so
 * a streamed part is never held back waiting for more.
 *
 * It also drops NUL bytes. React 18.3.1's renderToPipeableStream fills 2 KB views with
 * TextEncoder.encodeInto; when a multi-byte character (every Chinese one) does not fit at the end
 * of a view, it sends the whole view, unused zero bytes included (react#31134, not fixed in 18), so
 * Chinese pages came out with "落地\0\0阶段". In UTF-8 a 0x00 byte is only ever U+0000, never part
 * of another character, and HTML has no use for U+0000, so removing every 0x00 is exact.
 */
export class CoalescingStream extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private scheduled: NodeJS.Immediate | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    chunk = withoutNulBytes(chunk);
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= COALESCE_BYTES) this.release();
    else this.scheduled ??= setImmediate(() => this.release());
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.release();
    callback();
  }

  private release() {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.size === 0) return;
    const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.push(joined);
  }
}
const COALESCE_BYTES = 32 * 1024;

/** The chunk without its 0x00 bytes; the same buffer when it has none (the usual case). */
export function withoutNulBytes(chunk: Buffer): Buffer {
  if (chunk.indexOf(0) === -1) return chunk;
  const kept = Buffer.allocUnsafe(chunk.length);
  let size = 0;
  for (let start = 0; start < chunk.length;) {
    const nul = chunk.indexOf(0, start);
    const end = nul === -1 ? chunk.length : nul;
    size += chunk.copy(kept, size, start, end);
    start = end + 1;
  }
  return kept.subarray(0, size);
}
