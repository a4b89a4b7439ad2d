/**
 * The API proxy's own answers, shaped like the Messages API's errors
 * (`{"type":"error","error":{"type":…,"message":…}}`) so the agent shows a
 * sensible message. A refusal carries `x-bottle-deny: <code>`, a failure of
 * the upstream `x-bottle-error: <code>`, so a client can tell a block from a
 * failure. Every such answer closes the connection.
 */

import { reasonPhrase } from "../http/reason_phrase.ts";

/** Why the proxy answers itself: the status, the API error type, a stable code and plain words. */
export interface ApiRefusal {
  readonly status: number;
  /** The Messages API error type (`not_found_error`, `authentication_error`, …). */
  readonly type: string;
  /** Stable dotted reason code, for the audit log and the `x-bottle-*` header. */
  readonly code: string;
  readonly message: string;
}

const ENCODER = new TextEncoder();

/** The refusal when a guard itself throws: fail closed, nothing is sent. */
export const GUARD_FAILED: ApiRefusal = Object.freeze({
  status: 500,
  type: "api_error",
  code: "api.guard_failed",
  message: "bottle: the content guard failed on this request; it was not sent",
});

/** The bytes of a complete `Connection: close` response for `refusal`. */
export function apiErrorResponse(refusal: ApiRefusal): Uint8Array {
  const body = ENCODER.encode(JSON.stringify({
    type: "error",
    error: { type: refusal.type, message: refusal.message },
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
