/**
 * The egress proxy's decision order as two pure steps around the DNS lookup:
 *
 * 1. `decideBeforeResolve`: allowlist on host and port. A deny here means no
 *    DNS lookup happens at all. (The egress proxy's DLP refusal of the request
 *    head comes next, also before DNS: see `EgressProxy#route`.)
 * 2. `decideAfterResolve`: refuse when any resolved address is forbidden
 *    (loopback, private, metadata…) unless that exact ip:port is granted, or
 *    the name is pinned to exactly that address (`egress.hosts`), and pin one
 *    address so a second lookup (DNS rebinding) cannot change it.
 *
 * A name in `egress.hosts` is not resolved at all: `pinnedAddress` gives the
 * one address it stands for, which the caller passes to `decideAfterResolve`
 * as the name's only address.
 *
 * Both fail closed: a throw anywhere is a `policy.error` deny.
 */

import { ALLOW, type Decision, deny, failClosed } from "../decision.ts";
import { forbiddenAddress } from "./address_class.ts";
import type { EgressPolicy } from "./egress_policy.ts";
import { pinnedAddressOf } from "./host_pins.ts";
import { canonicalAddress, matchAddressRule, matchAllowlist } from "./match_allowlist.ts";
import type { Target } from "./parse_target.ts";

/** The verdict after resolution and, on allow, the one address to connect to. */
export interface ResolvedDecision {
  readonly decision: Decision;
  /** Set only on allow: connect to exactly this address, never re-resolve. */
  readonly pinned?: string;
}

/**
 * Decides before any DNS lookup. A name must match a host or suffix rule on
 * host and port; an IP literal must match an `address` rule exactly.
 * `defaultPort` is what a portless rule means: 443 for CONNECT, 80 for HTTP.
 */
export function decideBeforeResolve(
  policy: EgressPolicy,
  target: Target,
  defaultPort: number,
): Decision {
  return failClosed(() => {
    const rule = matchAllowlist(policy, target, defaultPort);
    const where = hostPort(target.host, target.port);
    if (rule === undefined) {
      return target.kind === "name"
        ? deny("egress.not_allowed", `${where} is not on the egress allowlist`)
        : deny(
          "egress.not_allowed",
          `${where} is an IP address: only an allowlist entry for exactly "${where}" grants it`,
        );
    }
    return ALLOW;
  });
}

/**
 * True when the target is a name that must be resolved. An IP-literal target
 * that `decideBeforeResolve` allowed is dialled as written; callers may still
 * pass `[target.host]` to `decideAfterResolve` to get it pinned the same way.
 */
export function needsResolution(target: Target): boolean {
  return target.kind === "name";
}

/**
 * The address a name target is pinned to by `egress.hosts`, or undefined when
 * it must be resolved (or is an IP literal). A pinned name is never looked up.
 */
export function pinnedAddress(policy: EgressPolicy, target: Target): string | undefined {
  return target.kind === "name" ? pinnedAddressOf(policy.pins, target.host) : undefined;
}

/**
 * Decides after resolution, for a target `decideBeforeResolve` allowed. Every
 * address is checked, not just the one dialled, so a name answering both a
 * public and a private address is refused. A forbidden address passes only
 * when that exact ip:port is granted, or when the target is a name pinned to
 * exactly that address. On allow, the first address is pinned (in canonical
 * form).
 */
export function decideAfterResolve(
  policy: EgressPolicy,
  target: Target,
  addresses: readonly string[],
): ResolvedDecision {
  let pinned: string | undefined;
  const decision = failClosed(() => {
    if (addresses.length === 0) {
      return deny("egress.resolve_failed", `${target.host} did not resolve to any address`);
    }
    const pin = pinnedAddress(policy, target);
    for (const address of addresses) {
      const category = forbiddenAddress(address);
      if (category === undefined) continue;
      if (matchAddressRule(policy, address, target.port) !== undefined) continue;
      if (pin !== undefined && canonicalAddress(address) === pin) continue;
      const grant = hostPort(canonicalAddress(address) ?? address, target.port);
      return deny(
        "egress.private_address",
        `${target.host} resolved to ${address} (${category}); only an allowlist entry for exactly "${grant}" grants it`,
      );
    }
    const first = addresses[0]!;
    const canonical = canonicalAddress(first);
    // Unreachable: an unparseable address is forbidden and cannot be granted.
    if (canonical === undefined) throw new Error(`"${first}" is not an IP address`);
    pinned = canonical;
    return ALLOW;
  });
  return decision.kind === "allow" && pinned !== undefined ? { decision, pinned } : { decision };
}

/** `host:port`, with IPv6 in brackets, as an allowlist entry would be written. */
function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
