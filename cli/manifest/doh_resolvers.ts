/**
 * DNS-over-HTTPS resolvers an egress allowlist must not grant. A bottle has no
 * resolver of its own; one reachable DoH endpoint gives it every name again,
 * and every query is a message to whoever runs the name's nameservers (a
 * tunnel the egress proxy sees only as one HTTPS host). The list is curated:
 * the public resolvers people know, plus any host whose first label is `doh`.
 * Keep it sorted by provider; add a provider's every DoH host name.
 */
import type { EgressRule } from "../../proxy/egress_rule.ts";

/** Why these hosts are refused (the diagnostic's explanation). */
export const DOH_WHY =
  "a DNS-over-HTTPS resolver turns the egress proxy into a general resolver for the bottle";

/** Well-known public DNS-over-HTTPS resolver hosts. */
export const DOH_RESOLVER_HOSTS: ReadonlySet<string> = new Set([
  // AdGuard
  ..."dns.adguard.com dns.adguard-dns.com unfiltered.adguard-dns.com family.adguard-dns.com"
    .split(" "),
  // Alibaba, DNSPod (Tencent)
  ..."dns.alidns.com doh.pub".split(" "),
  // CleanBrowsing
  ..."doh.cleanbrowsing.org".split(" "),
  // Cloudflare
  ..."cloudflare-dns.com one.one.one.one 1dot1dot1dot1.cloudflare-dns.com".split(" "),
  ..."security.cloudflare-dns.com family.cloudflare-dns.com mozilla.cloudflare-dns.com".split(" "),
  // Control D
  ..."dns.controld.com freedns.controld.com".split(" "),
  // dns0.eu
  ..."dns0.eu zero.dns0.eu".split(" "),
  // Google
  ..."dns.google dns.google.com dns64.dns.google 8888.google".split(" "),
  // Hurricane Electric
  ..."ordns.he.net".split(" "),
  // Mullvad
  ..."dns.mullvad.net adblock.dns.mullvad.net base.dns.mullvad.net".split(" "),
  // NextDNS
  ..."dns.nextdns.io".split(" "),
  // OpenDNS (Cisco)
  ..."doh.opendns.com doh.familyshield.opendns.com".split(" "),
  // Quad9
  ..."dns.quad9.net dns9.quad9.net dns10.quad9.net dns11.quad9.net".split(" "),
]);

/** Whether `host` is a DNS-over-HTTPS resolver: a listed one, or a host named `doh.…`. */
export function isDohResolverHost(host: string): boolean {
  return DOH_RESOLVER_HOSTS.has(host) || host.startsWith("doh.");
}

/** The listed resolver hosts a `*.suffix` grant covers (subdomains of the suffix only). */
export function resolversCoveredBy(suffix: string): string[] {
  return [...DOH_RESOLVER_HOSTS].filter((host) => host.endsWith(`.${suffix}`)).sort();
}

/** Why `rule` is refused as a DNS-over-HTTPS resolver, or undefined when it is not one. */
export function dohResolverReason(rule: EgressRule): string | undefined {
  if (rule.kind === "host") {
    return isDohResolverHost(rule.host)
      ? `"${rule.host}" is a DNS-over-HTTPS resolver: ${DOH_WHY}`
      : undefined;
  }
  if (rule.kind === "suffix") {
    const covered = resolversCoveredBy(rule.suffix);
    const [first] = covered;
    return first === undefined
      ? undefined
      : `"*.${rule.suffix}" covers the DNS-over-HTTPS resolver ${first}: ${DOH_WHY}`;
  }
  return undefined;
}
