/**
 * The API proxy's own answers, shaped like the Messages API's errors
 * (`{"type":"error","error":{"type":…,"message":…}}`) so the agent shows a
 * sensible message. A refusal carries `x-bottle-deny: <code>`, a failure of
 * the upstream `x-bottle-error: <code>`, so a client can tell a block from a
 * failure. Every such answer closes the connection.
 */

import { reasonPhrase } from "../http/reason_phrase.ts";
import { type Refusal, refusal } from "../refusal.ts";

const ENCODER = new TextEncoder();

/** The refusal when a guard itself throws: fail closed, nothing is sent. */
export const GUARD_FAILED: Refusal = Object.freeze(
  refusal(500, "api.guard_failed", "the content guard failed on this request; it was not sent"),
);

/** The Messages API error type a client expects for `status`. */
export function apiErrorType(status: number): string {
  switch (status) {
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 503:
      return "overloaded_error";
    case 500:
    case 502:
    case 504:
      return "api_error";
    default:
      // 400, 408, 414, 431, 501, 505: what the client sent could not be read.
      return "invalid_request_error";
  }
}

/** The bytes of a complete `Connection: close` response for `refusal`. */
export function apiErrorResponse(refusal: Refusal): Uint8Array {
  const body = ENCODER.encode(JSON.stringify({
    type: "error",
    error: { type: apiErrorType(refusal.status), message: `bottle: ${refusal.reason}` },
  }));
  const header = refusal.status >= 500 ? "x-bottle-error" : "x-bottle-deny";
  const code = refusal.code.replace(/[^\x21-\x7e]/g, "");
  const head = ENCODER.encode(
    `HTTP/1.1 ${refusal.status} ${reasonPhrase(refusal.status)}\r\n` +
      `content-type: application/json\r\n${header}: ${code}\r\n` +
      `content-length: ${body.length}\r\nconnection: close\r\n\r\n`,
  );
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
