/**
 * Whether a client waits for `100 Continue` before sending its body (RFC 9110
 * §10.1.1): an HTTP/1.1 request with content and `Expect: 100-continue`. An
 * HTTP/1.0 request's expectation is ignored (the RFC says a server MUST), and
 * a request without content has nothing to wait for.
 */
import type { RequestHead } from "./parse_request_head.ts";

/** True when the proxy should answer `100 Continue` before reading the body of `head`. */
export function expectsContinue(
  head: Pick<RequestHead, "version" | "headers" | "framing">,
): boolean {
  if (head.version !== "HTTP/1.1" || head.framing.kind === "none") return false;
  return head.headers.some(([name, value]) =>
    name === "expect" && value.toLowerCase().split(",").some((s) => s.trim() === "100-continue")
  );
}
