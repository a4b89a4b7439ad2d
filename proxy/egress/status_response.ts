/**
 * The egress proxy's own answers: a status line, a reason header a client can
 * match on (`X-Bottle-Deny` for policy denials, `X-Bottle-Error` otherwise)
 * and one line of plain words. Always closes the connection.
 */

import { reasonPhrase } from "../http/reason_phrase.ts";

/** Bytes of a complete response from the proxy itself. */
export function statusResponse(status: number, code: string, message: string): Uint8Array {
  const header = status === 403 ? "X-Bottle-Deny" : "X-Bottle-Error";
  const body = `bottle: ${message.replace(/[\r\n]+/g, " ")}\n`;
  const bytes = new TextEncoder().encode(body);
  return new TextEncoder().encode(
    `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n${header}: ${code}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${bytes.length}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
