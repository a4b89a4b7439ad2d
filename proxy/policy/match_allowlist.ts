/**
 * Which allowlist rule, if any, grants a parsed target. Host **and** port must
 * match: a rule without a port grants only the scheme's default port.
 */

import type { EgressRule } from "../egress_rule.ts";
import type { EgressPolicy } from "./egress_policy.ts";
import { parseIpv4 } from "./parse_ipv4.ts";
import { formatIpv6, parseIpv6 } from "./parse_ipv6.ts";
import type { Target } from "./parse_target.ts";

/**
 * Finds the rule granting `target`, or undefined. `host` rules match the exact
 * name; `*.suffix` rules match names below the suffix only (never the apex,
 * never `evilsuffix.com` for `suffix.com`); an IP-literal target matches only
 * an `address` rule for exactly that address and port. `defaultPort` is what a
 * portless rule means: 443 for CONNECT, 80 for plain HTTP.
 */
export function matchAllowlist(
  policy: EgressPolicy,
  target: Target,
  defaultPort: number,
): EgressRule | undefined {
  if (target.kind !== "name") return matchAddressRule(policy, target.host, target.port);
  return policy.rules.find((rule) => {
    if (rule.kind === "address") return false;
    if ((rule.port ?? defaultPort) !== target.port) return false;
    if (rule.kind === "host") return rule.host === target.host;
    // Both sides are normalised names of non-empty labels, so a leading dot is a label boundary.
    return target.host.endsWith(`.${rule.suffix}`);
  });
}

/**
 * Finds the `address` rule granting exactly this IP and port, comparing IPv6
 * in canonical form (`[2001:DB8:0::1]` equals `2001:db8::1`). IPv4 and IPv6
 * stay apart: a rule for `127.0.0.1` does not grant `::ffff:127.0.0.1`, since
 * "exactly granted" should mean the spelling the user wrote.
 */
export function matchAddressRule(
  policy: EgressPolicy,
  address: string,
  port: number,
): EgressRule | undefined {
  const wanted = canonicalAddress(address);
  if (wanted === undefined) return undefined;
  return policy.rules.find((rule) =>
    rule.kind === "address" && rule.port === port && canonicalAddress(rule.address) === wanted
  );
}

/** The canonical text of an IP address, or undefined when it is not one. */
export function canonicalAddress(address: string): string | undefined {
  if (parseIpv4(address) !== undefined) return address;
  const words = parseIpv6(address);
  return words === undefined ? undefined : formatIpv6(words);
}
