/**
 * Which IP addresses the egress proxy must never dial unless a rule grants
 * exactly that ip:port. These are the addresses an agent could use to reach
 * the host, the local network, a cloud metadata service or the proxy itself
 * (SSRF), including every IPv6 spelling that carries an IPv4 address inside.
 *
 * Pure: it classifies text; it never resolves or connects.
 */

import { parseIpv4 } from "./parse_ipv4.ts";
import { parseIpv6 } from "./parse_ipv6.ts";

type Ipv4Range = readonly [base: string, prefixLength: number, category: string];

/** First match wins, so the narrow ranges come before the ranges that contain them. */
const IPV4_RANGES: readonly Ipv4Range[] = [
  // The cloud metadata service is the classic SSRF prize: name it in the audit log.
  ["169.254.169.254", 32, "metadata"],
  ["0.0.0.0", 32, "unspecified"],
  ["0.0.0.0", 8, "this-network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "cgnat"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  // IETF protocol assignments (RFC 6890), including the NAT64 discovery addresses.
  ["192.0.0.0", 24, "ietf-protocol"],
  ["192.0.2.0", 24, "documentation"],
  // Not asked for by the design, but refused too: the deprecated 6to4 relay
  // anycast (RFC 7526) leads to whichever relay is nearest, never a service.
  ["192.88.99.0", 24, "6to4-relay"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"],
];

const COMPILED_IPV4_RANGES = IPV4_RANGES.map(([base, prefixLength, category]) => {
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  return { base: parseIpv4(base)!, mask, category };
});

type Ipv6Range = readonly [prefix: readonly number[], prefixLength: number, category: string];

/** Special IPv6 ranges that carry no IPv4 address inside. First match wins. */
const IPV6_RANGES: readonly Ipv6Range[] = [
  [[0x2001, 0x0db8], 32, "documentation"],
  [[0x2001, 0x0002, 0x0000], 48, "benchmarking"],
  // The rest of the IETF protocol block (RFC 6890: ORCHID, AS112, PCP anycast…):
  // none of it is a service an agent needs.
  [[0x2001, 0x0000], 23, "ietf-protocol"],
  // RFC 9637 documentation prefix.
  [[0x3fff], 20, "documentation"],
  [[0xfe80], 10, "link-local"],
  // Deprecated site-local (RFC 3879): still routed inside some networks.
  [[0xfec0], 10, "site-local"],
  [[0xfc00], 7, "unique-local"],
  [[0xff00], 8, "multicast"],
  // RFC 6666 discard-only prefix.
  [[0x0100, 0x0000, 0x0000, 0x0000], 64, "discard"],
];

/**
 * Names the category of an address that must never be reached unless exactly
 * granted (`"loopback"`, `"private"`, `"metadata"`, `"loopback via teredo"`…),
 * or gives undefined for an ordinary public address. Text that is not a
 * canonical IPv4 or IPv6 address is `"unparseable"`: unknown means refused.
 */
export function forbiddenAddress(ip: string): string | undefined {
  const ipv4 = parseIpv4(ip);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  const words = parseIpv6(ip);
  if (words === undefined) return "unparseable";
  return classifyIpv6(words);
}

function classifyIpv4(address: number): string | undefined {
  for (const { base, mask, category } of COMPILED_IPV4_RANGES) {
    if (((address & mask) >>> 0) === base) return category;
  }
  return undefined;
}

function classifyIpv6(words: readonly number[]): string | undefined {
  const word = (index: number) => words[index] ?? 0;
  const ipv4At = (high: number) => ((word(high) << 16) | word(high + 1)) >>> 0;
  const zeroUpTo = (end: number) => words.slice(0, end).every((w) => w === 0);

  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && word(7) === 1) return "loopback";

  // IPv4-mapped ::ffff:a.b.c.d (RFC 4291 §2.5.5.2): a dual-stack socket dials
  // the IPv4 address itself, so it is judged exactly as that address. A public
  // one is allowed, as it would be written in dotted form.
  if (zeroUpTo(5) && word(5) === 0xffff) return embedded("ipv4-mapped", ipv4At(6));

  // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765, obsolete) and IPv4-compatible
  // ::a.b.c.d (deprecated by RFC 4291 §2.5.5.1): no service uses them, so the
  // whole prefix is refused; the inside is still named when it is forbidden.
  if (zeroUpTo(4) && word(4) === 0xffff && word(5) === 0) {
    return embedded("ipv4-translated", ipv4At(6)) ?? "ipv4-translated";
  }
  if (zeroUpTo(6)) return embedded("ipv4-compatible", ipv4At(6)) ?? "ipv4-compatible";

  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the translator dials the
  // last 32 bits. IPv6-only networks with DNS64 answer public IPv4 services
  // this way, so a public inside is allowed and a forbidden one refused.
  if (word(0) === 0x64 && word(1) === 0xff9b && words.slice(2, 6).every((w) => w === 0)) {
    return embedded("nat64", ipv4At(6));
  }
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): where the IPv4 address sits
  // depends on the operator's prefix length, so the whole prefix is refused.
  if (word(0) === 0x64 && word(1) === 0xff9b && word(2) === 0x0001) {
    return "nat64-local";
  }

  // 6to4 2002::/16 (RFC 3056): the IPv4 address is bits 16–47. Teredo
  // 2001::/32 (RFC 4380): the server is bits 32–63, the client is the bitwise
  // NOT of the last 32 bits. Both mechanisms are deprecated and go through
  // relays run by third parties, so the whole prefix is refused; the inside is
  // decoded only to name the worse reason in the audit log.
  if (word(0) === 0x2002) return embedded("6to4", ipv4At(1)) ?? "6to4";
  if (word(0) === 0x2001 && word(1) === 0x0000) {
    const client = ~ipv4At(6) >>> 0;
    return embedded("teredo", client) ?? embedded("teredo", ipv4At(2)) ?? "teredo";
  }

  for (const [prefix, prefixLength, category] of IPV6_RANGES) {
    if (hasPrefix(words, prefix, prefixLength)) return category;
  }
  // Only 2000::/3 is allocated for global unicast (RFC 4291 §2.4, IANA): all
  // else is reserved, so future special ranges there are refused by default.
  if ((word(0) & 0xe000) !== 0x2000) return "reserved";
  return undefined;
}

/** `"<category> via <form>"` when the embedded IPv4 address is itself forbidden. */
function embedded(form: string, ipv4: number): string | undefined {
  const category = classifyIpv4(ipv4);
  return category === undefined ? undefined : `${category} via ${form}`;
}

function hasPrefix(words: readonly number[], prefix: readonly number[], length: number): boolean {
  for (let index = 0; index * 16 < length; index++) {
    const bits = Math.min(16, length - index * 16);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if (((words[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}
