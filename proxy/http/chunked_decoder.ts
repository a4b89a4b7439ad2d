/**
 * An incremental, strict decoder for the chunked transfer coding (RFC 9112
 * §7.1). It holds at most one chunk-size line or the trailer section in
 * memory, both bounded; chunk data passes straight through.
 *
 * Choices where the RFC allows several:
 * - Chunk sizes are 1–16 hex digits (leading zeros count) and at most
 *   Number.MAX_SAFE_INTEGER.
 * - Chunk extensions follow the grammar exactly, including the BWS it allows
 *   around ";" and "=" (`5 ; a = "b"`); they are checked and then dropped, as
 *   the proxy re-encodes every chunk it forwards.
 * - Trailer fields obey the header-field rules and are kept in `trailers`; it
 *   is for the caller to drop or forward them (RFC 9110 §6.5.1 lets a proxy
 *   discard them).
 */

import { CR, HTAB, isTchar, LF, SP } from "./_bytes.ts";
import { type Field, parseFieldLine } from "./_parse_field_line.ts";

/** Bounds on the parts of a chunked body the decoder must buffer. */
export type ChunkedLimits = {
  /** Longest chunk-size line (size and extensions, CRLF excluded). */
  readonly maxChunkLine: number;
  /** Longest trailer section, from after the last chunk's size line to its final CRLF. */
  readonly maxTrailerBytes: number;
  /** Most trailer fields. */
  readonly maxTrailers: number;
};

/** Default bounds: 4 KiB chunk-size lines, 32 KiB and 100 fields of trailers. */
export const DEFAULT_CHUNKED_LIMITS: ChunkedLimits = Object.freeze({
  maxChunkLine: 4096,
  maxTrailerBytes: 32768,
  maxTrailers: 100,
});

/** Why a chunked body was refused. */
export type ChunkedError = { readonly code: string; readonly reason: string };

/**
 * What one push produced: body bytes (copies, safe to keep), whether the last
 * chunk and trailers are complete, and once done the bytes that follow the
 * body (the next pipelined message). An error is final.
 */
export type ChunkedPush =
  | { readonly data: Uint8Array[]; readonly done: boolean; readonly rest?: Uint8Array }
  | { readonly error: ChunkedError };

/** The last-chunk plus empty trailer section, for ending a re-encoded body. Shared: never write into it. */
export const LAST_CHUNK: Uint8Array = new TextEncoder().encode("0\r\n\r\n");

const ENCODER = new TextEncoder();

/**
 * Frames `data` as one chunk. Empty data gives empty bytes, never a
 * zero-size chunk, which would end the body early.
 */
export function encodeChunk(data: Uint8Array): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  const size = ENCODER.encode(`${data.length.toString(16)}\r\n`);
  const out = new Uint8Array(size.length + data.length + 2);
  out.set(size, 0);
  out.set(data, size.length);
  out[out.length - 2] = CR;
  out[out.length - 1] = LF;
  return out;
}

type State = "size" | "data" | "data_cr" | "data_lf" | "trailer" | "done" | "error";

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

/** Decodes one chunked body fed in pieces of any size. */
export class ChunkedDecoder {
  readonly #limits: ChunkedLimits;
  #state: State = "size";
  #line: Uint8Array;
  #lineLength = 0;
  #lastWasCr = false;
  #remaining = 0;
  #trailerBytes = 0;
  #trailers: Field[] = [];
  #error: ChunkedError | undefined;

  /** Starts a decoder; bounds left out (or not positive) take their defaults. */
  constructor(limits: Partial<ChunkedLimits> = {}) {
    const pick = (value: number | undefined, fallback: number) =>
      value === undefined || !Number.isFinite(value) || value < 1 ? fallback : Math.floor(value);
    this.#limits = {
      maxChunkLine: pick(limits.maxChunkLine, DEFAULT_CHUNKED_LIMITS.maxChunkLine),
      maxTrailerBytes: pick(limits.maxTrailerBytes, DEFAULT_CHUNKED_LIMITS.maxTrailerBytes),
      maxTrailers: pick(limits.maxTrailers, DEFAULT_CHUNKED_LIMITS.maxTrailers),
    };
    this.#line = new Uint8Array(Math.min(256, this.#limits.maxChunkLine + 2));
  }

  /** Trailer fields read so far (complete once `done`), names lowercased. */
  get trailers(): ReadonlyArray<Field> {
    return this.#trailers;
  }

  /** Feeds the next bytes of the body. */
  push(bytes: Uint8Array): ChunkedPush {
    if (this.#error !== undefined) return { error: this.#error };
    if (this.#state === "done") return { data: [], done: true, rest: bytes.slice() };
    const data: Uint8Array[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      const state = this.#state as State;
      switch (state) {
        case "data": {
          const take = Math.min(this.#remaining, bytes.length - pos);
          data.push(bytes.slice(pos, pos + take));
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = "data_cr";
          break;
        }
        case "data_cr":
        case "data_lf": {
          const expected = state === "data_cr" ? CR : LF;
          if (bytes[pos] !== expected) {
            return this.#fail("http.bad_chunk_data_end", "chunk data is not followed by CRLF");
          }
          pos++;
          this.#state = state === "data_cr" ? "data_lf" : "size";
          break;
        }
        case "size":
        case "trailer": {
          const step = this.#readLine(bytes, pos);
          if (typeof step !== "number") return step;
          pos = step;
          break;
        }
        case "done":
          return { data, done: true, rest: bytes.slice(pos) };
        case "error":
          return { error: this.#error! };
      }
    }
    const finished = (this.#state as State) === "done";
    return finished ? { data, done: true, rest: new Uint8Array(0) } : { data, done: false };
  }

  /** Accumulates a line from `bytes[pos…]`; returns where it stopped, or the refusal. */
  #readLine(bytes: Uint8Array, pos: number): number | { error: ChunkedError } {
    const inTrailer = this.#state === "trailer";
    // The content may be this long; the CRLF comes on top.
    const cap = inTrailer
      ? this.#limits.maxTrailerBytes - this.#trailerBytes - 2
      : this.#limits.maxChunkLine;
    for (; pos < bytes.length; pos++) {
      const byte = bytes[pos]!;
      if (this.#lastWasCr) {
        if (byte !== LF) return this.#fail("http.bare_cr", "a CR is not followed by LF");
        this.#lastWasCr = false;
        const done = inTrailer ? this.#endTrailerLine() : this.#endSizeLine();
        if (done !== undefined) return done;
        return pos + 1;
      }
      if (byte === LF) return this.#fail("http.bare_lf", "a line ends in LF without CR");
      if (byte === CR) {
        this.#lastWasCr = true;
        continue;
      }
      if (this.#lineLength >= cap) {
        return inTrailer
          ? this.#fail("http.trailers_too_large", "the trailer section is too large")
          : this.#fail("http.chunk_line_too_long", "a chunk-size line is too long");
      }
      this.#append(byte);
    }
    return pos;
  }

  #append(byte: number): void {
    if (this.#lineLength === this.#line.length) {
      const grown = new Uint8Array(this.#line.length * 2);
      grown.set(this.#line);
      this.#line = grown;
    }
    this.#line[this.#lineLength++] = byte;
  }

  #endSizeLine(): { error: ChunkedError } | undefined {
    const line = this.#line.subarray(0, this.#lineLength);
    this.#lineLength = 0;
    const parsed = parseChunkSizeLine(line);
    if (typeof parsed !== "number") return this.#fail(parsed.code, parsed.reason);
    if (parsed === 0) {
      this.#state = "trailer";
      this.#line = new Uint8Array(Math.min(256, this.#limits.maxTrailerBytes));
    } else {
      this.#remaining = parsed;
      this.#state = "data";
    }
    return undefined;
  }

  #endTrailerLine(): { error: ChunkedError } | undefined {
    const length = this.#lineLength;
    this.#lineLength = 0;
    this.#trailerBytes += length + 2;
    if (this.#trailerBytes > this.#limits.maxTrailerBytes) {
      return this.#fail("http.trailers_too_large", "the trailer section is too large");
    }
    if (length === 0) {
      this.#state = "done";
      this.#line = new Uint8Array(0);
      return undefined;
    }
    if (this.#trailers.length >= this.#limits.maxTrailers) {
      return this.#fail(
        "http.too_many_trailers",
        `more than ${this.#limits.maxTrailers} trailer fields`,
      );
    }
    const field = parseFieldLine(this.#line, 0, length);
    if ("code" in field) return this.#fail(field.code, field.reason);
    this.#trailers.push(field);
    return undefined;
  }

  #fail(code: string, reason: string): { error: ChunkedError } {
    this.#error = { code, reason };
    this.#state = "error";
    this.#line = new Uint8Array(0);
    return { error: this.#error };
  }
}

/**
 * Reads `chunk-size *( BWS ";" BWS name [ BWS "=" BWS value ] )` and returns
 * the size, or why the line is refused.
 */
function parseChunkSizeLine(line: Uint8Array): number | ChunkedError {
  let i = 0;
  let digits = 0;
  while (i < line.length && HEX_VALUE[line[i]!]! >= 0) i++;
  digits = i;
  if (digits === 0) return { code: "http.bad_chunk_size", reason: "a chunk size is not hex" };
  if (digits > 16) {
    return { code: "http.chunk_too_large", reason: "a chunk size has more than 16 hex digits" };
  }
  let size = 0;
  for (let j = 0; j < digits; j++) size = size * 16 + HEX_VALUE[line[j]!]!;
  // Above 2^53 the sum rounds, but never below 2^53, so the comparison holds.
  if (size > Number.MAX_SAFE_INTEGER) {
    return { code: "http.chunk_too_large", reason: "a chunk size is too large" };
  }
  const next = line[i];
  if (next !== undefined && next !== 0x3b && next !== SP && next !== HTAB) {
    return { code: "http.bad_chunk_size", reason: "a chunk size is not hex" };
  }
  const bad = { code: "http.bad_chunk_extension", reason: "a chunk extension is malformed" };
  while (i < line.length) {
    i = skipBws(line, i);
    if (line[i] !== 0x3b) return bad;
    i = skipBws(line, i + 1);
    const nameStart = i;
    while (isTchar(line[i])) i++;
    if (i === nameStart) return bad;
    const afterName = skipBws(line, i);
    // Without "=", the BWS after the name belongs to the next ";" (trailing BWS is refused).
    if (line[afterName] !== 0x3d) continue;
    i = skipBws(line, afterName + 1);
    if (line[i] === 0x22) {
      const end = quotedStringEnd(line, i);
      if (end < 0) return bad;
      i = end;
    } else {
      const valueStart = i;
      while (isTchar(line[i])) i++;
      if (i === valueStart) return bad;
    }
  }
  return size;
}

function skipBws(line: Uint8Array, i: number): number {
  while (line[i] === SP || line[i] === HTAB) i++;
  return i;
}

/** The index after the quoted-string opening at `start`, or -1 (RFC 9110 §5.6.4). */
function quotedStringEnd(line: Uint8Array, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    const byte = line[i]!;
    if (byte === 0x22) return i + 1;
    if (byte === 0x5c) {
      const escaped = line[i + 1];
      if (escaped === undefined || !isFieldVchar(escaped)) return -1;
      i++;
    } else if (!isFieldVchar(byte)) {
      return -1;
    }
  }
  return -1;
}

/** HTAB, SP, VCHAR or obs-text: the bytes a quoted-string may hold. */
function isFieldVchar(byte: number): boolean {
  return byte === HTAB || (byte >= SP && byte !== 0x7f);
}
