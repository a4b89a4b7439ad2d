/**
 * Writes request and response heads back to bytes for the next hop, always as
 * HTTP/1.1. It refuses what could split or smuggle a message — a CR, LF or
 * NUL in a value, a non-token name, a character above U+00FF, Content-Length
 * together with Transfer-Encoding — even when a field was built from
 * untrusted input.
 */

import { asciiLower, isToken, latin1Bytes } from "./_bytes.ts";

/** The bytes of a head, or why it cannot be written. */
export type SerializeResult =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "error"; readonly code: string; readonly reason: string };

/** A request head as forwarded upstream: origin-form (or `*`) target, headers as given. */
export type OutgoingRequestHead = {
  readonly method: string;
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
};

/** A response head as forwarded to the client. */
export type OutgoingResponseHead = {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
};

// Field values: HTAB, SP, VCHAR and obs-text, with no whitespace at either end.
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
const ORIGIN_FORM = /^\/[\x21\x22\x24-\x7e]*$/;
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Serializes `METHOD SP target SP HTTP/1.1`, the fields and the empty line. */
export function serializeRequestHead(head: OutgoingRequestHead): SerializeResult {
  if (!isToken(head.method)) return fail("http.bad_method", "the method is not a token");
  if (head.target !== "*" && !ORIGIN_FORM.test(head.target)) {
    return fail("http.bad_target", "the target is not origin-form");
  }
  return finish(`${head.method} ${head.target} HTTP/1.1\r\n`, head.headers);
}

/** Serializes `HTTP/1.1 SP status SP reason`, the fields and the empty line. */
export function serializeResponseHead(head: OutgoingResponseHead): SerializeResult {
  if (!Number.isInteger(head.status) || head.status < 100 || head.status > 599) {
    return fail("http.bad_status", "the status is not an integer in 100–599");
  }
  if (!REASON.test(head.reason)) {
    return fail("http.bad_reason", "the reason phrase has a control or non-Latin-1 character");
  }
  return finish(`HTTP/1.1 ${head.status} ${head.reason}\r\n`, head.headers);
}

function finish(
  startLine: string,
  headers: ReadonlyArray<readonly [string, string]>,
): SerializeResult {
  let text = startLine;
  let framingFields = 0;
  for (const [name, value] of headers) {
    if (!isToken(name)) return fail("http.bad_header_name", "a header name is not a token");
    if (!FIELD_VALUE.test(value)) {
      return fail(
        "http.bad_header_value",
        `the value of ${name} has a control character, edge whitespace or a non-Latin-1 character`,
      );
    }
    const lower = asciiLower(name);
    if (lower === "content-length") framingFields |= 1;
    if (lower === "transfer-encoding") framingFields |= 2;
    text += `${name}: ${value}\r\n`;
  }
  if (framingFields === 3) {
    return fail("http.cl_and_te", "both Content-Length and Transfer-Encoding are set");
  }
  const bytes = latin1Bytes(`${text}\r\n`);
  if (bytes === undefined) return fail("http.not_latin1", "the head has a character above U+00FF");
  return { kind: "bytes", bytes };
}

function fail(code: string, reason: string): SerializeResult {
  return { kind: "error", code, reason };
}
