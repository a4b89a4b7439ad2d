/**
 * A `CodePointView` of a JSON string token that is still bytes: UTF-8
 * sequences and JSON escapes are each read as the one code point they stand
 * for (`\n` is U+000A, `\u200b` is U+200B, `\ud83d\ude00` is U+1F600, a lone
 * `\ud800` is itself), exactly as `JSON.parse` would decode them. The
 * sanitiser cuts such a token at the offsets its scan found without
 * decoding the rest.
 *
 * The bytes must be well-formed UTF-8 and every backslash must start a valid
 * escape: the scan sends any other string to `JSON.parse` instead.
 */
import type { CodePointView } from "./code_point_view.ts";
import { hex4 } from "./json_hex.ts";

const BACKSLASH = 0x5c;
const U = 0x75;

/** What the short escapes stand for, by their letter. */
const SHORT: Readonly<Record<number, number>> = {
  0x22: 0x22,
  0x5c: 0x5c,
  0x2f: 0x2f,
  0x62: 0x08,
  0x66: 0x0c,
  0x6e: 0x0a,
  0x72: 0x0d,
  0x74: 0x09,
};

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The length of the UTF-8 sequence a lead byte starts. */
function sequenceLength(lead: number): number {
  return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** A view of the string whose content (between its quotes) is `bytes[start, end)`. */
export function jsonStringView(bytes: Uint8Array, start: number, end: number): CodePointView {
  /** Whether the backslash at `j` starts an escape (an odd run of backslashes ends there). */
  const escapeAt = (j: number): boolean => {
    if (j < start || bytes[j] !== BACKSLASH) return false;
    let run = j;
    while (run > start && bytes[run - 1] === BACKSLASH) run--;
    return (j - run) % 2 === 0;
  };
  /** A `\uXXXX` escape at `j`: its code unit, else -1. */
  const unitAt = (j: number): number =>
    j + 6 <= end && bytes[j] === BACKSLASH && bytes[j + 1] === U ? hex4(bytes, j + 2) : -1;
  /** Whether a surrogate pair of escapes starts at `j` (a high one at `j`, a low one after it). */
  const pairAt = (j: number) => isHigh(unitAt(j)) && isLow(unitAt(j + 6));

  const at = (i: number): number => {
    if (i < start || i >= end) return -1;
    const lead = bytes[i]!;
    if (lead === BACKSLASH) {
      const letter = bytes[i + 1]!;
      if (letter !== U) return SHORT[letter] ?? -1;
      const unit = unitAt(i);
      return pairAt(i) ? 0x10000 + ((unit - 0xd800) << 10) + (unitAt(i + 6) - 0xdc00) : unit;
    }
    switch (sequenceLength(lead)) {
      case 1:
        return lead;
      case 2:
        return ((lead & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      case 3:
        return ((lead & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      default:
        return ((lead & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) |
          ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
    }
  };
  const after = (i: number): number => {
    const lead = bytes[i]!;
    if (lead !== BACKSLASH) return i + sequenceLength(lead);
    if (bytes[i + 1] !== U) return i + 2;
    return pairAt(i) ? i + 12 : i + 6;
  };
  const before = (i: number): number => {
    if (i <= start) return -1;
    // A `\uXXXX` escape ending at i (the second half of a pair reads as the whole pair)…
    if (i - 6 >= start && escapeAt(i - 6) && unitAt(i - 6) >= 0) {
      return i - 12 >= start && escapeAt(i - 12) && pairAt(i - 12) ? i - 12 : i - 6;
    }
    // …a short escape…
    if (i - 2 >= start && escapeAt(i - 2)) return i - 2;
    // …or a UTF-8 sequence.
    let j = i - 1;
    while (j > start && (bytes[j]! & 0xc0) === 0x80) j--;
    return j;
  };
  return { start, end, at, after, before };
}
