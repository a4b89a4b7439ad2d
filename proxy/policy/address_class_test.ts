import { strictEqual } from "node:assert/strict";
import { forbiddenAddress } from "./address_class.ts";

function classifies(cases: readonly (readonly [string, string | undefined])[]): void {
  for (const [ip, category] of cases) strictEqual(forbiddenAddress(ip), category, ip);
}

Deno.test("forbidden_address_names_every_refused_ipv4_range_at_its_edges", () => {
  classifies([
    ["0.0.0.0", "unspecified"],
    ["0.0.0.1", "this-network"],
    ["0.255.255.255", "this-network"],
    ["10.0.0.0", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.0", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["127.0.0.0", "loopback"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.255", "loopback"],
    ["169.254.0.0", "link-local"],
    ["169.254.169.253", "link-local"],
    ["169.254.169.254", "metadata"],
    ["169.254.255.255", "link-local"],
    ["172.16.0.0", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.0", "ietf-protocol"],
    ["192.0.0.170", "ietf-protocol"],
    ["192.0.2.1", "documentation"],
    ["192.88.99.1", "6to4-relay"],
    ["192.168.0.0", "private"],
    ["192.168.255.255", "private"],
    ["198.18.0.0", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.0", "multicast"],
    ["239.255.255.255", "multicast"],
    ["240.0.0.0", "reserved"],
    ["255.255.255.254", "reserved"],
    ["255.255.255.255", "broadcast"],
  ]);
});

Deno.test("forbidden_address_allows_public_ipv4_just_outside_each_range", () => {
  classifies([
    ["1.0.0.0", undefined],
    ["8.8.8.8", undefined],
    ["9.255.255.255", undefined],
    ["11.0.0.0", undefined],
    ["100.63.255.255", undefined],
    ["100.128.0.0", undefined],
    ["126.255.255.255", undefined],
    ["128.0.0.0", undefined],
    ["169.253.255.255", undefined],
    ["169.255.0.0", undefined],
    ["172.15.255.255", undefined],
    ["172.32.0.0", undefined],
    ["192.0.1.1", undefined],
    ["192.167.255.255", undefined],
    ["192.169.0.0", undefined],
    ["198.17.255.255", undefined],
    ["198.20.0.0", undefined],
    ["223.255.255.255", undefined],
  ]);
});

Deno.test("forbidden_address_names_refused_ipv6_ranges", () => {
  classifies([
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified"],
    ["::1", "loopback"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "loopback"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local"],
    ["fc00::1", "unique-local"],
    ["fd00:ec2::254", "unique-local"],
    ["ff02::1", "multicast"],
    ["FF0E::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"],
    ["3fff::1", "documentation"],
    ["100::1", "discard"],
    ["2001:2::1", "benchmarking"],
    ["2001:10::1", "ietf-protocol"],
    ["2001:1ff:ffff::1", "ietf-protocol"],
    ["::2:3:4:5:6", "reserved"],
    ["4000::1", "reserved"],
    ["e000::1", "reserved"],
  ]);
});

Deno.test("forbidden_address_allows_public_ipv6", () => {
  classifies([
    ["2606:4700:4700::1111", undefined],
    ["2001:4860:4860::8888", undefined],
    ["2a00:1450:4001:80b::200e", undefined],
    ["2001:200::1", undefined],
    ["2001:db9::1", undefined],
    ["3ffe::1", undefined],
  ]);
});

Deno.test("egress_refuses_ipv4_mapped_ipv6_with_a_forbidden_address_inside", () => {
  classifies([
    ["::ffff:127.0.0.1", "loopback via ipv4-mapped"],
    ["::ffff:7f00:1", "loopback via ipv4-mapped"],
    ["0:0:0:0:0:FFFF:7F00:0001", "loopback via ipv4-mapped"],
    ["::ffff:169.254.169.254", "metadata via ipv4-mapped"],
    ["::ffff:a9fe:a9fe", "metadata via ipv4-mapped"],
    ["::ffff:10.1.2.3", "private via ipv4-mapped"],
    ["::ffff:0.0.0.0", "unspecified via ipv4-mapped"],
    // A dual-stack socket dials the IPv4 address itself: a public one is as good as dotted.
    ["::ffff:8.8.8.8", undefined],
  ]);
});

Deno.test("egress_refuses_ipv4_compatible_ipv6_entirely", () => {
  classifies([
    ["::127.0.0.1", "loopback via ipv4-compatible"],
    ["::7f00:1", "loopback via ipv4-compatible"],
    ["::169.254.169.254", "metadata via ipv4-compatible"],
    ["::8.8.8.8", "ipv4-compatible"],
  ]);
});

Deno.test("egress_refuses_ipv4_translated_ipv6_entirely", () => {
  classifies([
    ["::ffff:0:127.0.0.1", "loopback via ipv4-translated"],
    ["::ffff:0:169.254.169.254", "metadata via ipv4-translated"],
    ["::ffff:0:8.8.8.8", "ipv4-translated"],
  ]);
});

Deno.test("egress_refuses_nat64_with_a_forbidden_address_inside", () => {
  classifies([
    ["64:ff9b::127.0.0.1", "loopback via nat64"],
    ["64:ff9b::7f00:1", "loopback via nat64"],
    ["64:ff9b::a9fe:a9fe", "metadata via nat64"],
    ["64:ff9b::192.168.1.1", "private via nat64"],
    // IPv6-only networks reach public IPv4 services this way (DNS64).
    ["64:ff9b::8.8.8.8", undefined],
    // Local-use NAT64 (RFC 8215): refused whatever is inside.
    ["64:ff9b:1::1", "nat64-local"],
    ["64:ff9b:1:7f00:1::", "nat64-local"],
    ["64:ff9b:1::808:808", "nat64-local"],
  ]);
});

Deno.test("egress_refuses_6to4_entirely_naming_a_forbidden_inside", () => {
  classifies([
    ["2002:7f00:1::", "loopback via 6to4"],
    ["2002:7f00:0001:1234::1", "loopback via 6to4"],
    ["2002:a9fe:a9fe::1", "metadata via 6to4"],
    ["2002:c0a8:101::1", "private via 6to4"],
    ["2002:808:808::1", "6to4"],
  ]);
});

Deno.test("egress_refuses_teredo_entirely_naming_a_forbidden_client_or_server", () => {
  classifies([
    // Client 127.0.0.1, stored as its bitwise NOT in the last 32 bits.
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback via teredo"],
    // Client 169.254.169.254 (NOT = 5601:5601).
    ["2001:0:4136:e378:8000:63bf:5601:5601", "metadata via teredo"],
    // Server 127.0.0.1 in bits 32–63, public client 8.8.8.8 (NOT = f7f7:f7f7).
    ["2001:0:7f00:1:0:0:f7f7:f7f7", "loopback via teredo"],
    // Public server and client: still refused.
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "teredo"],
  ]);
});

Deno.test("forbidden_address_refuses_text_that_is_not_a_canonical_address", () => {
  for (
    const text of [
      "",
      "localhost",
      "127.1",
      "2130706433",
      "0x7f000001",
      "0177.0.0.1",
      "[::1]",
      "fe80::1%eth0",
      "::1 ",
      "１２７.０.０.１",
    ]
  ) {
    strictEqual(forbiddenAddress(text), "unparseable", JSON.stringify(text));
  }
});
