/**
 * Finds where a CRLF-terminated line ends. HTTP/1.1 lines end in CRLF only:
 * a bare LF or a CR not followed by LF is refused (RFC 9112 §2.2 allows
 * accepting bare LF; a proxy that did would disagree with stricter servers
 * behind it, which is how requests get smuggled).
 */

import { CR, LF } from "./_bytes.ts";

/** Where the line starting at `from` ends, or why it does not (yet). */
export type LineEnd =
  /** The line's content ends at `cr`; the next line starts at `cr + 2`. */
  | { readonly kind: "line"; readonly cr: number }
  /** No line end yet; bytes before `contentEnd` are known to be line content. */
  | { readonly kind: "unfinished"; readonly contentEnd: number }
  /** A bare LF or a bare CR at `at`. */
  | { readonly kind: "bare_lf" | "bare_cr"; readonly at: number };

/**
 * Scans for the end of the line at `from`: a CR may sit at most at `crEnd - 1`,
 * and only bytes before `available` are looked at.
 */
export function findLineEnd(
  bytes: Uint8Array,
  from: number,
  crEnd: number,
  available: number,
): LineEnd {
  for (let i = from; i < crEnd; i++) {
    const byte = bytes[i];
    if (byte === LF) return { kind: "bare_lf", at: i };
    if (byte === CR) {
      if (i + 1 >= available) return { kind: "unfinished", contentEnd: i };
      return bytes[i + 1] === LF ? { kind: "line", cr: i } : { kind: "bare_cr", at: i };
    }
  }
  return { kind: "unfinished", contentEnd: Math.max(from, crEnd) };
}
