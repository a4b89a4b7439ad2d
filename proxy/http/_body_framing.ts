/**
 * Decides how a message body is delimited from its Content-Length and
 * Transfer-Encoding fields (RFC 9112 §6), refusing every combination that two
 * HTTP implementations could read differently — the root of request smuggling.
 */

import { asciiLower, isToken, trimOws } from "./_bytes.ts";
import { type HeadError, headError } from "./_head_error.ts";
import type { Field } from "./_parse_field_line.ts";

/** How the body that follows a head is delimited. */
export type BodyFraming =
  | { readonly kind: "none" }
  | { readonly kind: "length"; readonly length: number }
  | { readonly kind: "chunked" };

/**
 * Reads the framing fields of a head. "none" means neither field is present.
 *
 * Choices where the RFC allows several:
 * - Content-Length with Transfer-Encoding is refused outright (RFC 9112 §6.1
 *   permits letting TE win; a proxy that did would still have to trust that
 *   every server behind it does the same).
 * - Repeated Content-Length values (several fields or a comma list) collapse
 *   only when they are the same string: `5, 5` is 5; `5, 05` is refused.
 * - Transfer-Encoding must be exactly one `chunked` (any case). A well-formed
 *   list that ends in `chunked` but names other codings (`gzip, chunked`) is
 *   501: the proxy implements no other coding (RFC 9112 §6.1 "SHOULD respond
 *   with 501"). Everything else — `chunked` not last or twice, empty
 *   elements, parameters, non-tokens — is 400 (RFC 9112 §6.3 item 4).
 * - Transfer-Encoding in an HTTP/1.0 message is refused (RFC 9112 §6.1 lets a
 *   recipient treat it as faulty framing; 1.0 has no chunked coding).
 */
export function bodyFraming(
  fields: readonly Field[],
  version: "HTTP/1.1" | "HTTP/1.0",
): BodyFraming | HeadError {
  const lengths: string[] = [];
  const codings: string[] = [];
  for (const [name, value] of fields) {
    if (name === "content-length") lengths.push(value);
    else if (name === "transfer-encoding") codings.push(value);
  }
  if (lengths.length > 0 && codings.length > 0) {
    return headError(
      400,
      "http.cl_and_te",
      "both Content-Length and Transfer-Encoding are present",
    );
  }
  if (codings.length > 0) return transferEncoding(codings, version);
  if (lengths.length > 0) return contentLength(lengths);
  return { kind: "none" };
}

function transferEncoding(
  values: readonly string[],
  version: "HTTP/1.1" | "HTTP/1.0",
): BodyFraming | HeadError {
  if (version === "HTTP/1.0") {
    return headError(400, "http.te_in_http10", "Transfer-Encoding in an HTTP/1.0 message");
  }
  const list = values.join(",").split(",").map(trimOws);
  const bad = (why: string) => headError(400, "http.bad_transfer_encoding", why);
  if (list.includes("")) return bad("Transfer-Encoding has an empty element");
  const lowered = list.map(asciiLower);
  if (lowered.at(-1) !== "chunked") return bad("chunked is not the final transfer coding");
  if (lowered.indexOf("chunked") !== lowered.length - 1) return bad("chunked is applied twice");
  if (list.length > 1) {
    if (!list.every(isToken)) return bad("Transfer-Encoding is not a list of codings");
    return headError(
      501,
      "http.unsupported_transfer_coding",
      `transfer codings other than chunked are not supported: ${list.slice(0, -1).join(", ")}`,
    );
  }
  return { kind: "chunked" };
}

function contentLength(values: readonly string[]): BodyFraming | HeadError {
  const list = values.join(",").split(",").map(trimOws);
  if (!list.every((item) => /^[0-9]+$/.test(item))) {
    return headError(400, "http.bad_length", "Content-Length is not a decimal number");
  }
  const first = list[0]!;
  if (list.some((item) => item !== first)) {
    return headError(400, "http.conflicting_length", "Content-Length values differ");
  }
  const digits = first.replace(/^0+(?=[0-9])/, "");
  const length = Number(digits);
  if (digits.length > 16 || length > Number.MAX_SAFE_INTEGER) {
    return headError(400, "http.bad_length", "Content-Length is too large");
  }
  return { kind: "length", length };
}
