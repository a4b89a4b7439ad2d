/**
 * Which names a bottle's CA may sign for, as DNS subtrees (RFC 5280
 * §4.2.1.10: a subtree `example.com` holds `example.com` and every name under
 * it). The same list goes into the CA's nameConstraints, so a client refuses a
 * certificate for any other name even if one were signed, and the CA itself
 * refuses to sign one. Pure.
 */
import { normaliseHostname } from "../egress_rule.ts";

/**
 * The subtrees covering `hosts`, written as in the allowlist (`host` or
 * `*.suffix`; a `*.suffix` grant becomes the subtree `suffix`, which also
 * holds `suffix` itself): normalised, sorted, and without a subtree that
 * another one already holds. Throws on a name that is not a host name.
 */
export function permittedSubtrees(hosts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const host of hosts) {
    const bare = host.startsWith("*.") ? host.slice(2) : host;
    const name = normaliseHostname(bare);
    if (name.kind === "error") throw new RangeError(name.reason);
    names.add(name.name);
  }
  const sorted = [...names].sort();
  return sorted.filter((name) => !sorted.some((other) => other !== name && under(name, other)));
}

/** Whether `name` is in one of `subtrees`. */
export function isPermitted(name: string, subtrees: readonly string[]): boolean {
  return subtrees.some((subtree) => name === subtree || under(name, subtree));
}

/** Whether `name` is strictly below `subtree`. */
function under(name: string, subtree: string): boolean {
  return name.endsWith(`.${subtree}`);
}
