/**
 * Splits a message head into its start line and field lines, enforcing the
 * line-ending rules and the size bounds. Shared by the request and response
 * parsers; each brings its own start-line grammar.
 *
 * Errors are found in byte order, and a check fires only once every byte it
 * depends on is in the buffer. So feeding a head in pieces gives "incomplete"
 * and then exactly the answer the whole buffer gives, wherever it was split.
 */

import { CR, LF } from "./_bytes.ts";
import { findLineEnd } from "./_find_line_end.ts";
import { type HeadError, headError } from "./_head_error.ts";
import { type Field, parseFieldLine } from "./_parse_field_line.ts";
import type { HeadLimits } from "./head_limits.ts";

/** A start-line grammar: a full parse, and an early check of a line still arriving. */
export type StartLine<T> = {
  /** Whether one empty line before the start line is skipped (RFC 9112 §2.2, requests only). */
  readonly skipLeadingCrlf: boolean;
  /** Parses the complete start line in `bytes[start, end)`. */
  readonly parse: (
    bytes: Uint8Array,
    start: number,
    end: number,
  ) => { readonly value: T } | HeadError;
  /** Refuses a start line from its first bytes, before its CRLF has arrived. */
  readonly partial: (bytes: Uint8Array, start: number, end: number) => HeadError | undefined;
};

/** A split head, or why there is none (yet). */
export type ReadHead<T> =
  | { readonly kind: "incomplete" }
  | HeadError
  | {
    readonly kind: "lines";
    readonly start: T;
    readonly fields: readonly Field[];
    readonly consumed: number;
  };

const INCOMPLETE = Object.freeze({ kind: "incomplete" as const });

/** Reads the head at the start of `buffer` within `limits`. */
export function readHead<T>(
  buffer: Uint8Array,
  limits: HeadLimits,
  startLine: StartLine<T>,
): ReadHead<T> {
  // No byte at or past maxHeaderBytes can belong to an acceptable head.
  const window = Math.min(buffer.length, limits.maxHeaderBytes);
  const atCap = window >= limits.maxHeaderBytes;
  const unfinished = (): ReadHead<T> =>
    atCap
      ? headError(
        431,
        "http.head_too_large",
        `the head is longer than ${limits.maxHeaderBytes} bytes`,
      )
      : INCOMPLETE;

  let pos = 0;
  if (startLine.skipLeadingCrlf && buffer[0] === CR) {
    if (window < 2) return unfinished();
    if (buffer[1] === LF) pos = 2;
  }

  const lineCap = pos + limits.maxRequestLine + 1;
  const first = findLineEnd(buffer, pos, Math.min(window, lineCap), window);
  if (first.kind !== "line") {
    const contentEnd = first.kind === "unfinished" ? first.contentEnd : first.at;
    const early = startLine.partial(buffer, pos, contentEnd);
    if (early !== undefined) return early;
    if (first.kind !== "unfinished") return lineEndError(first.kind);
    if (first.contentEnd >= lineCap) {
      return headError(
        414,
        "http.line_too_long",
        `the start line is longer than ${limits.maxRequestLine} bytes`,
      );
    }
    return unfinished();
  }
  const parsed = startLine.parse(buffer, pos, first.cr);
  if (!("value" in parsed)) return parsed;
  pos = first.cr + 2;

  const fields: Field[] = [];
  for (;;) {
    const end = findLineEnd(buffer, pos, window, window);
    if (end.kind === "unfinished") return unfinished();
    if (end.kind !== "line") return lineEndError(end.kind);
    if (end.cr === pos) return { kind: "lines", start: parsed.value, fields, consumed: pos + 2 };
    if (fields.length >= limits.maxHeaders) {
      return headError(
        431,
        "http.too_many_headers",
        `more than ${limits.maxHeaders} header fields`,
      );
    }
    const field = parseFieldLine(buffer, pos, end.cr);
    if ("code" in field) return headError(400, field.code, field.reason);
    fields.push(field);
    pos = end.cr + 2;
  }
}

function lineEndError(kind: "bare_lf" | "bare_cr"): HeadError {
  return kind === "bare_lf"
    ? headError(400, "http.bare_lf", "a line ends in LF without CR")
    : headError(400, "http.bare_cr", "a CR is not followed by LF");
}
