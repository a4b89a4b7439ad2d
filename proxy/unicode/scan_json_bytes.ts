/**
 * The sanitiser's cheap first look at a request body, on its bytes: where a
 * watched code point, a JSON escape of one (`\u200b`, any `\uD800`–`\uDFFF`)
 * or a byte sequence that is not UTF-8 starts. A body with none of them is
 * passed on untouched without being decoded. Runs of ASCII without a
 * backslash are skipped four bytes at a time.
 *
 * It also notes whether an escape spells a printable ASCII character
 * (`\u0041`, `\/`): JSON.stringify never writes one, and a secret written
 * that way is invisible to a search of the raw bytes.
 */
import { isUtf8 } from "node:buffer";
import { isWatched } from "./invisible_code_points.ts";
import { hex4 } from "./json_hex.ts";
import { wordsOf } from "../api/index_of_byte.ts";

/** What the scan found. */
export interface JsonByteScan {
  /** Byte offsets, ascending, where a watched code point, an escape of one, or a bad sequence starts. */
  readonly suspects: readonly number[];
  /**
   * Byte offsets, ascending, of what keeps a string from being read on its
   * bytes (`jsonStringView`): a backslash that starts no valid escape, a
   * bad sequence. Such a string is decoded with `JSON.parse` instead.
   */
  readonly undecoded: readonly number[];
  /** Whether some escape spells printable ASCII (`\u0020`–`\u007e`, or `\/`). */
  readonly escapesAscii: boolean;
}

const BACKSLASH = 0x5c;

/** The letters that may follow a backslash in JSON: `"` `\\` `/` b f n r t u. */
const ESCAPE_LETTER = new Uint8Array(128);
for (const c of '"\\/bfnrtu') ESCAPE_LETTER[c.charCodeAt(0)] = 1;

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * Decodes the UTF-8 sequence at `i` (lead byte `lead` ≥ 0x80) into one
 * number, `code point × 8 + length`, or -1 when the bytes are not
 * well-formed UTF-8 (stray continuation, overlong form, surrogate, beyond
 * U+10FFFF, cut short). One number rather than a pair: no allocation per
 * character.
 */
function decodeAt(bytes: Uint8Array, i: number, lead: number): number {
  const b1 = bytes[i + 1];
  if (!isContinuation(b1)) return -1;
  if (lead < 0xe0) return lead >= 0xc2 ? ((((lead & 0x1f) << 6) | (b1! & 0x3f)) << 3) + 2 : -1;
  const b2 = bytes[i + 2];
  if (!isContinuation(b2)) return -1;
  if (lead < 0xf0) {
    const cp = ((lead & 0x0f) << 12) | ((b1! & 0x3f) << 6) | (b2! & 0x3f);
    return cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ? -1 : (cp << 3) + 3;
  }
  const b3 = bytes[i + 3];
  if (lead > 0xf4 || !isContinuation(b3)) return -1;
  const cp = ((lead & 0x07) << 18) | ((b1! & 0x3f) << 12) | ((b2! & 0x3f) << 6) | (b3! & 0x3f);
  return cp < 0x10000 || cp > 0x10ffff ? -1 : cp * 8 + 4;
}

/**
 * Lead bytes that can start a watched code point in UTF-8: U+034F (CD),
 * U+061C (D8), U+115F–180E (E1), U+200B–206F (E2), U+3164 (E3), U+FE00–FFF8
 * (EF), U+1BCA0–1D17A (F0), U+E0000–E0FFF (F3). In text already known to be
 * UTF-8, a sequence with any other lead is skipped by its length alone.
 */
const WATCH_LEAD = new Uint8Array(256);
for (const lead of [0xcd, 0xd8, 0xe1, 0xe2, 0xe3, 0xef, 0xf0, 0xf3]) WATCH_LEAD[lead] = 1;

/** The length of the UTF-8 sequence a lead byte starts. */
const SEQUENCE_LENGTH = new Uint8Array(256);
for (let lead = 0; lead < 256; lead++) {
  SEQUENCE_LENGTH[lead] = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** Scans `bytes` once; see `JsonByteScan`. */
export function scanJsonBytes(bytes: Uint8Array): JsonByteScan {
  // Validated natively first: then most non-ASCII sequences need only their lead byte read.
  const wellFormed = isUtf8(bytes);
  const suspects: number[] = [];
  const undecoded: number[] = [];
  let escapesAscii = false;
  const n = bytes.length;
  const base = bytes.byteOffset;
  const words = wordsOf(bytes.buffer);
  let i = 0;
  while (i < n) {
    if (((base + i) & 3) === 0) {
      // Whole words with neither a byte ≥ 0x80 nor a backslash are skipped.
      const lastWord = (base + n) >>> 2;
      let w = (base + i) >>> 2;
      for (; w < lastWord; w++) {
        const word = words[w]!;
        const x = word ^ 0x5c5c5c5c;
        if (((word | ((x - 0x01010101) & ~x)) & 0x80808080) !== 0) break;
      }
      i = w * 4 - base;
      if (i >= n) break;
    }
    const byte = bytes[i]!;
    if (byte < 0x80) {
      if (byte !== BACKSLASH) {
        i++;
        continue;
      }
      // A backslash and the character it escapes are read as a pair, so `\\u200b` is
      // a backslash followed by "u200b", exactly as JSON reads it.
      const escaped = bytes[i + 1];
      if (escaped === undefined || ESCAPE_LETTER[escaped] !== 1) undecoded.push(i);
      if (escaped === 0x75) {
        const unit = hex4(bytes, i + 2);
        if (unit < 0) undecoded.push(i);
        if (unit >= 0x20 && unit <= 0x7e) escapesAscii = true;
        else if (unit >= 0xd800 && unit <= 0xdfff) suspects.push(i);
        else if (unit >= 0 && isWatched(unit)) suspects.push(i);
        i += unit >= 0 ? 6 : 2;
      } else {
        if (escaped === 0x2f) escapesAscii = true;
        i += 2;
      }
      continue;
    }
    if (wellFormed && WATCH_LEAD[byte] === 0) {
      i += SEQUENCE_LENGTH[byte]!;
      continue;
    }
    const decoded = decodeAt(bytes, i, byte);
    if (decoded === -1) {
      suspects.push(i);
      undecoded.push(i);
      i++;
      continue;
    }
    if (isWatched(decoded >>> 3)) suspects.push(i);
    i += decoded & 7;
  }
  return { suspects, undecoded, escapesAscii };
}
