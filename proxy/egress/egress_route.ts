/**
 * Pure pieces of the egress proxy's decision on one request: what to do
 * after the policy spoke (connect to a pinned address, or refuse with a
 * status), whether the Host field agrees with the target, and which audit
 * decision a refusal is.
 */
import type { Decision } from "../decision.ts";
import type { RequestHead } from "../http/mod.ts";
import { parseHostField, type Target } from "../policy/mod.ts";
import type { DlpFinding } from "./egress_dlp.ts";

/** An answer the proxy gives itself instead of forwarding. */
export interface Refusal {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  /** The DLP finding that caused the refusal, when one did (the audit marks it blocked). */
  readonly finding?: DlpFinding;
}

/** Builds a refusal. */
export function refusal(status: number, code: string, reason: string): Refusal {
  return { ok: false, status, code, reason };
}

/** What the proxy does after deciding: connect to `pinned`, or answer with an error. */
export type Route = { readonly ok: true; readonly pinned: string } | Refusal;

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

/** The refusal for a policy decision (a non-deny here is a bug, answered 500). */
export function denied(decision: Decision): Refusal {
  return decision.action === "deny"
    ? refusal(403, decision.code, decision.reason)
    : refusal(500, "policy.error", "no decision");
}

/**
 * A target the parser refused, answered the same on both roads: a malformed
 * target or port is 400; a refused spelling (IP form, userinfo, scheme) is a
 * 403 denial.
 */
export function targetRefused(decision: Decision): Refusal {
  const route = denied(decision);
  const malformed = route.code === "egress.bad_target" || route.code === "egress.bad_port";
  return malformed ? { ...route, status: 400 } : route;
}

/**
 * The audit decision for an answer the proxy gave itself: "allow" only when
 * the policy let the request through and the destination's side failed it
 * (502, 504: no address, no connection); every other refusal is "deny".
 */
export function decisionFor(status: number): "allow" | "deny" {
  return status === 502 || status === 504 ? "allow" : "deny";
}

/**
 * Whether every Host field names the target (RFC 9110 §7.2), read with the
 * target's own parser so case, a trailing dot and IPv6 spelling compare
 * equal; a Host without a port stands for `defaultPort`.
 */
export function hostAgrees(head: RequestHead, target: Target, defaultPort: number): boolean {
  return head.headers.filter(([name]) => name === "host").every(([, value]) => {
    const host = parseHostField(value, defaultPort);
    return host.ok && host.target.host === target.host && host.target.port === target.port;
  });
}
