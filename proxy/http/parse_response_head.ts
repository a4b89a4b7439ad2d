/**
 * A strict, pure, incremental parser for upstream HTTP/1.1 response heads,
 * with the same line, field and size rules as requests (RFC 9112 §4, §6.3).
 * A refused response is the upstream's fault: the proxy answers its client 502.
 *
 * Choices where the RFC allows several:
 * - The status line must be `HTTP/1.x SP 3DIGIT SP reason`: the SP before an
 *   empty reason is required, as the grammar says; status codes 100–599 only.
 * - No empty line is skipped before the status line (RFC 9112 §2.2 allows that
 *   for requests only).
 * - Content-Length with Transfer-Encoding is refused, although RFC 9112 §6.3
 *   would let Transfer-Encoding win; a Transfer-Encoding other than exactly
 *   `chunked` is refused rather than read until close, as the proxy could not
 *   re-frame a body still carrying another coding.
 * - Framing fields are checked on every response, even those that have no
 *   body (1xx, 204, 304, answers to HEAD, 2xx to CONNECT), so a malformed
 *   Content-Length is never forwarded; their framing is still "none".
 */

import { latin1 } from "./_bytes.ts";
import { type BodyFraming, bodyFraming } from "./_body_framing.ts";
import { type HeadError, headError } from "./_head_error.ts";
import type { Field } from "./_parse_field_line.ts";
import { readHead } from "./_read_head.ts";
import { type HeadLimits, resolveHeadLimits } from "./head_limits.ts";

/** How a response body is delimited; "close" means it runs until the upstream closes. */
export type ResponseFraming = BodyFraming | { readonly kind: "close" };

/** A parsed response head. */
export type ResponseHead = {
  readonly version: "HTTP/1.1" | "HTTP/1.0";
  readonly status: number;
  readonly reason: string;
  /** Field lines in order: names lowercased, values with OWS trimmed, obs-text as Latin-1. */
  readonly headers: ReadonlyArray<Field>;
  readonly framing: ResponseFraming;
};

/** The answer for one buffer: wait for more bytes, a head, or why the upstream is refused. */
export type ResponseHeadResult =
  | { readonly kind: "incomplete" }
  | { readonly kind: "head"; readonly head: ResponseHead; readonly consumed: number }
  | { readonly kind: "error"; readonly code: string; readonly reason: string };

type StatusLine = { version: "HTTP/1.1" | "HTTP/1.0"; status: number; reason: string };

const STATUS_LINE = /^(HTTP\/[0-9]\.[0-9]) ([0-9]{3}) (.*)$/s;

/**
 * Parses the response head at the start of `buffer`. `requestMethod` is the
 * method of the request this answers: responses to HEAD have no body, and a
 * 2xx to CONNECT turns the connection into a tunnel. `limits.maxRequestLine`
 * bounds the status line.
 */
export function parseResponseHead(
  buffer: Uint8Array,
  requestMethod: string,
  limits?: Partial<HeadLimits>,
): ResponseHeadResult {
  const read = readHead(buffer, resolveHeadLimits(limits), {
    skipLeadingCrlf: false,
    parse: parseStatusLine,
    partial: () => undefined,
  });
  if (read.kind === "error") return { kind: "error", code: read.code, reason: read.reason };
  if (read.kind !== "lines") return read;
  const { version, status, reason } = read.start;
  const framing = bodyFraming(read.fields, version);
  if ("status" in framing) return { kind: "error", code: framing.code, reason: framing.reason };
  return {
    kind: "head",
    head: {
      version,
      status,
      reason,
      headers: read.fields,
      framing: responseFraming(framing, status, requestMethod),
    },
    consumed: read.consumed,
  };
}

/** RFC 9112 §6.3: which responses have no body, and which run until close. */
function responseFraming(
  framing: BodyFraming,
  status: number,
  requestMethod: string,
): ResponseFraming {
  const noBody = requestMethod === "HEAD" || status < 200 || status === 204 || status === 304 ||
    (requestMethod === "CONNECT" && status < 300);
  if (noBody) return { kind: "none" };
  return framing.kind === "none" ? { kind: "close" } : framing;
}

function parseStatusLine(
  bytes: Uint8Array,
  start: number,
  end: number,
): { value: StatusLine } | HeadError {
  const text = latin1(bytes, start, end);
  if (text.includes("\0")) return headError(400, "http.nul", "the status line contains a NUL byte");
  const match = STATUS_LINE.exec(text);
  const bad = (why: string) => headError(400, "http.bad_status_line", why);
  if (match === null) return bad("the status line is not HTTP/1.x SP 3DIGIT SP reason");
  const [, version = "", code = "", reason = ""] = match;
  if (version !== "HTTP/1.1" && version !== "HTTP/1.0") {
    return headError(505, "http.bad_version", `${version} is not supported`);
  }
  const status = Number(code);
  if (status < 100 || status > 599) return bad(`status code ${code} is outside 100–599`);
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(reason)) {
    return bad("the reason phrase has a control character");
  }
  return { value: { version, status, reason } };
}
