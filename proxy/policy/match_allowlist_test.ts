import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { compileEgressPolicy } from "./egress_policy.ts";
import { canonicalAddress, matchAddressRule, matchAllowlist } from "./match_allowlist.ts";
import { parseAbsoluteTarget, parseConnectTarget, type Target } from "./parse_target.ts";

function connect(authority: string): Target {
  const result = parseConnectTarget(authority);
  if (result.kind === "refuse") throw new Error(`${authority}: ${JSON.stringify(result)}`);
  return result.target;
}

function plain(url: string): Target {
  const result = parseAbsoluteTarget(url);
  if (result.kind === "refuse") throw new Error(`${url}: ${JSON.stringify(result)}`);
  return result.target;
}

Deno.test("egress_host_rule_matches_the_exact_name_only", () => {
  const policy = compileEgressPolicy(["github.com"]);
  deepStrictEqual(matchAllowlist(policy, connect("github.com:443"), 443), {
    kind: "host",
    host: "github.com",
  });
  ok(matchAllowlist(policy, connect("GitHub.COM.:443"), 443));
  for (const other of ["api.github.com", "github.co", "github.com.evil.com", "xgithub.com"]) {
    strictEqual(matchAllowlist(policy, connect(`${other}:443`), 443), undefined, other);
  }
});

Deno.test("egress_wildcard_matches_subdomains_at_any_depth", () => {
  const policy = compileEgressPolicy(["*.suffix.com"]);
  for (const host of ["a.suffix.com", "a.b.suffix.com", "WWW.Suffix.Com."]) {
    deepStrictEqual(
      matchAllowlist(policy, connect(`${host}:443`), 443),
      { kind: "suffix", suffix: "suffix.com" },
      host,
    );
  }
});

Deno.test("egress_wildcard_never_matches_apex", () => {
  const policy = compileEgressPolicy(["*.suffix.com"]);
  strictEqual(matchAllowlist(policy, connect("suffix.com:443"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("suffix.com.:443"), 443), undefined);
  strictEqual(matchAllowlist(policy, plain("http://suffix.com/"), 80), undefined);
});

Deno.test("egress_wildcard_never_matches_lookalike_suffix", () => {
  const policy = compileEgressPolicy(["*.suffix.com"]);
  for (const host of ["evilsuffix.com", "a.evilsuffix.com", "suffix.com.evil.com", "suffix.co"]) {
    strictEqual(matchAllowlist(policy, connect(`${host}:443`), 443), undefined, host);
  }
});

Deno.test("egress_host_rule_defaults_to_443_for_connect_and_80_for_http", () => {
  const policy = compileEgressPolicy(["example.com", "*.example.org"]);
  // CONNECT passes 443: only :443 is granted.
  ok(matchAllowlist(policy, connect("example.com:443"), 443));
  ok(matchAllowlist(policy, connect("a.example.org:443"), 443));
  strictEqual(matchAllowlist(policy, connect("example.com:80"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("example.com:8443"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("a.example.org:22"), 443), undefined);
  // Plain HTTP passes 80: only :80 is granted.
  ok(matchAllowlist(policy, plain("http://example.com/"), 80));
  ok(matchAllowlist(policy, plain("http://a.example.org/"), 80));
  strictEqual(matchAllowlist(policy, plain("http://example.com:443/"), 80), undefined);
  strictEqual(matchAllowlist(policy, plain("http://example.com:8080/"), 80), undefined);
});

Deno.test("egress_rule_with_a_port_grants_only_that_port", () => {
  const policy = compileEgressPolicy(["example.com:8443", "*.example.org:8080"]);
  ok(matchAllowlist(policy, connect("example.com:8443"), 443));
  ok(matchAllowlist(policy, plain("http://example.com:8443/"), 80));
  ok(matchAllowlist(policy, plain("http://a.example.org:8080/"), 80));
  strictEqual(matchAllowlist(policy, connect("example.com:443"), 443), undefined);
  strictEqual(matchAllowlist(policy, plain("http://example.com/"), 80), undefined);
  strictEqual(matchAllowlist(policy, plain("http://a.example.org/"), 80), undefined);
});

Deno.test("egress_address_rule_matches_exactly_that_ip_and_port", () => {
  const policy = compileEgressPolicy(["127.0.0.1:8080"]);
  deepStrictEqual(matchAllowlist(policy, connect("127.0.0.1:8080"), 443), {
    kind: "address",
    address: "127.0.0.1",
    port: 8080,
  });
  ok(matchAllowlist(policy, plain("http://127.0.0.1:8080/"), 80));
  strictEqual(matchAllowlist(policy, connect("127.0.0.1:8081"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("127.0.0.2:8080"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("127.0.0.1:443"), 443), undefined);
});

Deno.test("egress_address_rule_compares_ipv6_canonically", () => {
  const policy = compileEgressPolicy(["[2001:DB8:0:0::1]:443", "[::ffff:127.0.0.1]:80"]);
  ok(matchAllowlist(policy, connect("[2001:db8::1]:443"), 443));
  ok(matchAllowlist(policy, connect("[2001:0db8:0000::0001]:443"), 443));
  ok(matchAllowlist(policy, plain("http://[::ffff:7f00:1]/"), 80));
  ok(matchAddressRule(policy, "2001:0DB8::0:1", 443));
  ok(matchAddressRule(policy, "::ffff:127.0.0.1", 80));
  strictEqual(matchAllowlist(policy, connect("[2001:db8::2]:443"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("[2001:db8::1]:80"), 443), undefined);
});

Deno.test("egress_address_rule_keeps_ipv4_and_ipv6_apart", () => {
  const v4 = compileEgressPolicy(["127.0.0.1:80"]);
  strictEqual(matchAllowlist(v4, connect("[::ffff:127.0.0.1]:80"), 80), undefined);
  strictEqual(matchAddressRule(v4, "::ffff:7f00:1", 80), undefined);
  const v6 = compileEgressPolicy(["[::ffff:127.0.0.1]:80"]);
  strictEqual(matchAllowlist(v6, connect("127.0.0.1:80"), 80), undefined);
});

Deno.test("egress_names_and_addresses_never_grant_each_other", () => {
  const policy = compileEgressPolicy(["localhost:8080", "127.0.0.1:9090"]);
  // A name rule never grants an IP literal, whatever the name resolves to.
  strictEqual(matchAllowlist(policy, connect("127.0.0.1:8080"), 443), undefined);
  // An address rule never grants a name.
  strictEqual(matchAllowlist(policy, connect("localhost:9090"), 443), undefined);
});

Deno.test("egress_address_rule_refuses_unparseable_addresses", () => {
  const policy = compileEgressPolicy(["127.0.0.1:80"]);
  for (const text of ["127.1", "", "localhost", "127.0.0.1 ", "[127.0.0.1]"]) {
    strictEqual(matchAddressRule(policy, text, 80), undefined, JSON.stringify(text));
    strictEqual(canonicalAddress(text), undefined, JSON.stringify(text));
  }
});

Deno.test("egress_match_returns_nothing_for_an_empty_policy", () => {
  const policy = compileEgressPolicy([]);
  strictEqual(matchAllowlist(policy, connect("example.com:443"), 443), undefined);
  strictEqual(matchAllowlist(policy, connect("127.0.0.1:443"), 443), undefined);
});
