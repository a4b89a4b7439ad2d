/**
 * Whether a client's connection ends after this request (RFC 9112 §9.3):
 * HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 persists only with
 * `Connection: keep-alive`. One rule for both proxies, so they cannot drift;
 * `reusable_after.ts` reads an upstream's response by the same rule.
 */
import type { RequestHead } from "./parse_request_head.ts";

/** True when the connection must close after the answer to `head`. */
export function wantsClose(head: Pick<RequestHead, "version" | "headers">): boolean {
  const options = head.headers
    .filter(([name]) => name === "connection")
    .flatMap(([, value]) => value.toLowerCase().split(",").map((s) => s.trim()));
  if (options.includes("close")) return true;
  return head.version === "HTTP/1.0" && !options.includes("keep-alive");
}
