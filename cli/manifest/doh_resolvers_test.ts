import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import {
  DOH_RESOLVER_HOSTS,
  DOH_WHY,
  dohResolverReason,
  isDohResolverHost,
  resolversCoveredBy,
} from "./doh_resolvers.ts";
import { COMMON_EGRESS_HOSTS } from "../lsp/common_egress_hosts.ts";

function reasonFor(entry: string): string | undefined {
  const parsed = parseEgressRule(entry);
  if (parsed.kind === "error") throw new Error(`${entry}: ${parsed.reason}`);
  return dohResolverReason(parsed.rule);
}

Deno.test("doh_resolver_hosts_are_refused_with_why", () => {
  for (
    const host of [
      "dns.google",
      "dns.google.com",
      "cloudflare-dns.com",
      "one.one.one.one",
      "1dot1dot1dot1.cloudflare-dns.com",
      "dns.quad9.net",
      "dns9.quad9.net",
      "dns.adguard.com",
      "dns.adguard-dns.com",
      "doh.opendns.com",
      "dns.nextdns.io",
    ]
  ) {
    equal(reasonFor(host), `"${host}" is a DNS-over-HTTPS resolver: ${DOH_WHY}`, host);
    equal(reasonFor(`${host}:443`), `"${host}" is a DNS-over-HTTPS resolver: ${DOH_WHY}`, host);
  }
});

Deno.test("doh_first_label_hosts_are_refused", () => {
  for (const host of ["doh.example.net", "doh.internal.corp.example", "doh.mullvad.net"]) {
    ok(isDohResolverHost(host), host);
    ok(reasonFor(host)?.includes(DOH_WHY), host);
  }
});

Deno.test("doh_wildcards_covering_a_resolver_are_refused", () => {
  equal(
    reasonFor("*.cloudflare-dns.com"),
    `"*.cloudflare-dns.com" covers the DNS-over-HTTPS resolver 1dot1dot1dot1.cloudflare-dns.com: ${DOH_WHY}`,
  );
  for (const entry of ["*.quad9.net", "*.nextdns.io", "*.opendns.com", "*.google.com"]) {
    ok(reasonFor(entry)?.includes(DOH_WHY), entry);
  }
  deepStrictEqual(resolversCoveredBy("quad9.net"), [
    "dns.quad9.net",
    "dns10.quad9.net",
    "dns11.quad9.net",
    "dns9.quad9.net",
  ]);
});

Deno.test("doh_check_leaves_ordinary_hosts_alone", () => {
  for (
    const entry of [
      "api.github.com",
      "dns.googleapis.com", // Cloud DNS's API, not a resolver: only `doh.` is a first-label rule
      "dns.example.com",
      "registry.npmjs.org",
      "*.npmjs.org",
      "*.googleapis.com",
      "mydoh.example.com",
      "127.0.0.1:8080",
      "google.com",
    ]
  ) {
    equal(reasonFor(entry), undefined, entry);
  }
});

Deno.test("doh_check_never_refuses_a_host_the_editor_suggests", () => {
  for (const { host } of COMMON_EGRESS_HOSTS) equal(reasonFor(host), undefined, host);
});

Deno.test("DOH_RESOLVER_HOSTS holds only lower-case host names that parse as egress hosts", () => {
  for (const host of DOH_RESOLVER_HOSTS) {
    equal(host, host.toLowerCase());
    const parsed = parseEgressRule(host);
    ok(parsed.kind === "rule" && parsed.rule.kind === "host", host);
  }
});
