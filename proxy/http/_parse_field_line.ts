/**
 * Reads one header (or trailer) field line, `field-name ":" OWS field-value OWS`
 * (RFC 9112 §5), with the strict rules a proxy needs: the name is a token, no
 * whitespace before the colon, no obs-fold, no NUL or other control bytes in
 * the value.
 */

import { asciiLower, HTAB, isTchar, latin1, SP, trimOws } from "./_bytes.ts";

/** A field as the parsers hand it on: lowercased name, value with OWS trimmed. */
export type Field = readonly [name: string, value: string];

/** Why a field line was refused. */
export type FieldLineError = { readonly code: string; readonly reason: string };

const COLON = 0x3a;
const DEL = 0x7f;

/**
 * Parses the field line in `bytes[start, end)` (CRLF excluded). Values keep
 * obs-text bytes as Latin-1 characters (U+0080–U+00FF).
 */
export function parseFieldLine(
  bytes: Uint8Array,
  start: number,
  end: number,
): Field | FieldLineError {
  const first = bytes[start];
  if (first === SP || first === HTAB) {
    return {
      code: "http.obs_fold",
      reason:
        "a header line starts with whitespace (obs-fold or whitespace before the first field)",
    };
  }
  let colon = start;
  while (colon < end && bytes[colon] !== COLON) colon++;
  if (colon === end) return { code: "http.missing_colon", reason: "a header line has no colon" };
  if (colon === start) return { code: "http.bad_header_name", reason: "a header name is empty" };
  let i = start;
  while (i < colon && isTchar(bytes[i])) i++;
  if (i < colon) {
    if (bytes[i] === 0) return { code: "http.nul", reason: "a header name contains a NUL byte" };
    let j = i;
    while (j < colon && (bytes[j] === SP || bytes[j] === HTAB)) j++;
    if (j === colon) {
      return {
        code: "http.space_before_colon",
        reason: "whitespace between a header name and its colon",
      };
    }
    return { code: "http.bad_header_name", reason: "a header name is not a token" };
  }
  for (let j = i + 1; j < end; j++) {
    const byte = bytes[j]!;
    if (byte === 0) return { code: "http.nul", reason: "a header value contains a NUL byte" };
    if ((byte < SP && byte !== HTAB) || byte === DEL) {
      return { code: "http.ctl_in_value", reason: "a header value contains a control character" };
    }
  }
  return [asciiLower(latin1(bytes, start, i)), trimOws(latin1(bytes, i + 1, end))];
}
