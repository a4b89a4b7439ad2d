/**
 * Frames body data as chunks of the chunked transfer coding (RFC 9112 §7.1)
 * into one reused buffer, so a proxy that re-frames a body writes each chunk
 * with one write and allocates nothing per chunk once the buffer has grown.
 * A head can go out in the same write as the first chunk, and the last chunk
 * in the same write as the final data: on a relay with Nagle's algorithm on
 * (socat, by default), a small segment sent behind another small one waits
 * for the peer's delayed ACK, up to 40 ms.
 */

import { CR, LF } from "./_bytes.ts";
import { LAST_CHUNK } from "./chunked_decoder.ts";

const HEX = new TextEncoder().encode("0123456789abcdef");
/** Room for the largest size line: 14 hex digits (sizes stay below 2^53) and CRLF. */
const SIZE_LINE_BYTES = 16;

/** What to write around one chunk. */
export interface FrameOptions {
  /** Bytes written first, as they are (a message head). */
  readonly before?: Uint8Array;
  /** Ends the body: the last chunk and an empty trailer section follow the data. */
  readonly last?: boolean;
}

/** Writes chunks into a buffer it owns. */
export class ChunkFramer {
  #buf: Uint8Array;

  /** `initialBytes`: the buffer's size at first; 0 sizes it for the first frame (one per response). */
  constructor(initialBytes = 0) {
    this.#buf = new Uint8Array(initialBytes);
  }

  /**
   * One chunk holding `parts` back to back, with `options` around it. Empty
   * data gives no chunk at all, never a zero-size one (that would end the
   * body) unless `last` asks for the end. The result is a view of the
   * framer's buffer: valid until the next call.
   */
  frame(parts: readonly Uint8Array[], options: FrameOptions = {}): Uint8Array {
    let size = 0;
    for (const part of parts) size += part.length;
    const before = options.before?.length ?? 0;
    const needed = before + SIZE_LINE_BYTES + size + 2 + (options.last ? LAST_CHUNK.length : 0);
    if (needed > this.#buf.length) {
      this.#buf = new Uint8Array(Math.max(needed, this.#buf.length * 2));
    }
    const buf = this.#buf;
    let at = 0;
    if (options.before !== undefined) {
      buf.set(options.before, 0);
      at = before;
    }
    if (size > 0) {
      let digits = 1;
      while (size >= 16 ** digits) digits++;
      for (let d = digits - 1; d >= 0; d--) buf[at++] = HEX[Math.floor(size / 16 ** d) % 16]!;
      buf[at++] = CR;
      buf[at++] = LF;
      for (const part of parts) {
        buf.set(part, at);
        at += part.length;
      }
      buf[at++] = CR;
      buf[at++] = LF;
    }
    if (options.last) {
      buf.set(LAST_CHUNK, at);
      at += LAST_CHUNK.length;
    }
    return buf.subarray(0, at);
  }
}
