/**
 * Pure pieces of the egress proxy's decision on one request: what to do
 * after the policy spoke (connect to a pinned address, or refuse), whether
 * the Host field agrees with the target, and which audit decision a refusal is.
 */
import type { Authority, RequestHead } from "../http/mod.ts";
import { hostTarget, type Target } from "../policy/mod.ts";
import { type Refusal, refusal } from "../refusal.ts";

/** What the proxy does after deciding: connect to `pinned`, or answer with a refusal. */
export type Route = { readonly kind: "pinned"; readonly pinned: string } | Refusal;

/** Audit reason of the line written when a CONNECT tunnel is decided and open. */
export const TUNNEL_OPEN = "egress.tunnel_open";

/** Audit reason of the line written when a tunnel ends, with its bytes and `ended`. */
export const TUNNEL_CLOSE = "egress.tunnel_close";

/** Audit reason of a client that went away before its tunnel was open (status 499). */
export const CLIENT_CLOSED = "egress.client_closed";

/** Audit reason of a request cut short because the server is shutting down. */
export const SHUTDOWN_CODE = "egress.shutdown";

/**
 * A request stopped by the server's shutdown before anything was forwarded.
 * The client's connection is already closed, so 503 is only what the audit
 * log records.
 */
export const SHUTTING_DOWN: Refusal = refusal(503, SHUTDOWN_CODE, "the proxy is shutting down");

/**
 * The audit decision for an answer the proxy gave itself: "allow" only when
 * the policy let the request through and the destination's side failed it
 * (502, 504: no address, no connection); every other refusal is "deny".
 */
export function decisionFor(status: number): "allow" | "deny" {
  return status === 502 || status === 504 ? "allow" : "deny";
}

/**
 * Whether the Host field names the target (RFC 9110 §7.2). The head parser
 * split the field once (`head.host`; it refuses a head with two); its parts
 * are read by the target's own rules, so case, a trailing dot and IPv6
 * spelling compare equal. A Host without a port stands for `defaultPort`; a
 * head without a Host agrees.
 */
export function hostAgrees(head: RequestHead, target: Target, defaultPort: number): boolean {
  if (head.host === undefined) return true;
  // The common CONNECT names its target twice, alike: the same split, the same target.
  if (sameAuthority(head.host, head.authority)) return true;
  const named = hostTarget(head.host, defaultPort);
  return named.kind === "target" && named.target.host === target.host &&
    named.target.port === target.port;
}

function sameAuthority(a: Authority, b: Authority | undefined): boolean {
  return b !== undefined && a.host === b.host && a.port === b.port && a.bracketed === b.bracketed;
}
