/**
 * Whether an upstream connection may carry another request after a response
 * (RFC 9112 §9.3, §9.6): the response must say nothing of closing — by the
 * same rule as a client's request (`wantsClose`: HTTP/1.1 unless
 * `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`) — and be
 * delimited by its framing, not by the close. Whether the exchange itself
 * ended cleanly (the whole body read, nothing cut) is the caller's to add.
 */
import type { ResponseHead } from "./parse_response_head.ts";
import { wantsClose } from "./wants_close.ts";

/** True when the connection that carried `response` may be kept for the next request. */
export function reusableAfter(
  response: Pick<ResponseHead, "version" | "headers" | "framing">,
): boolean {
  return response.framing.kind !== "close" && !wantsClose(response);
}
