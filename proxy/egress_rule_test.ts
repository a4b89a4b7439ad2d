import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type EgressRule, normaliseHostname, parseEgressRule } from "./egress_rule.ts";

const LABEL_REASON = (label: string) =>
  `"${label}" is not a valid host name label: use letters, digits and "-", at most 63, not starting or ending with "-"`;
const IPV4_REASON = "write IPv4 addresses as four decimal numbers, such as 127.0.0.1:8080";
const HOST_ONLY_REASON =
  'write only a host and optional port, such as "api.github.com" or "example.com:8443"';
const IPV6_FORM_REASON =
  'write IPv6 addresses in brackets with a port, such as "[2001:db8::1]:443"';
const BARE_WILDCARD_REASON = "a bare wildcard would allow every host; name the hosts instead";
const WILDCARD_PLACE_REASON = 'a wildcard may only be the whole first label, as in "*.example.com"';
const WILDCARD_IP_REASON = "a wildcard cannot cover an IP address";

function accepts(entry: string, rule: EgressRule): void {
  deepStrictEqual(parseEgressRule(entry), { kind: "rule", rule }, entry);
}

function refuses(entry: string, reason?: string): void {
  const result = parseEgressRule(entry);
  ok(result.kind === "error", `${JSON.stringify(entry)} was accepted as ${JSON.stringify(result)}`);
  if (reason !== undefined) strictEqual(result.reason, reason, entry);
}

Deno.test("parseEgressRule() reads host names without a port as the scheme's default port", () => {
  const cases: readonly [string, string][] = [
    ["github.com", "github.com"],
    ["api.github.com", "api.github.com"],
    ["localhost", "localhost"],
    ["a", "a"],
    ["1password.com", "1password.com"],
    ["a-b.example", "a-b.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ];
  for (const [entry, host] of cases) {
    const result = parseEgressRule(entry);
    deepStrictEqual(result, { kind: "rule", rule: { kind: "host", host } }, entry);
    ok(result.kind === "rule" && !("port" in result.rule), `${entry} should have no port key`);
  }
});

Deno.test("parseEgressRule() reads host:port and *.suffix[:port]", () => {
  accepts("example.com:8443", { kind: "host", host: "example.com", port: 8443 });
  accepts("*.example.com", { kind: "suffix", suffix: "example.com" });
  accepts("*.corp.example.com:8443", { kind: "suffix", suffix: "corp.example.com", port: 8443 });
  accepts("*.com", { kind: "suffix", suffix: "com" });
});

Deno.test("parseEgressRule() accepts ports 1 and 65535", () => {
  for (const port of [1, 80, 443, 65535]) {
    accepts(`example.com:${port}`, { kind: "host", host: "example.com", port });
    accepts(`*.example.com:${port}`, { kind: "suffix", suffix: "example.com", port });
    accepts(`127.0.0.1:${port}`, { kind: "address", address: "127.0.0.1", port });
    accepts(`[::1]:${port}`, { kind: "address", address: "::1", port });
  }
});

Deno.test("parseEgressRule() refuses ports out of range, with leading zeros or not digits", () => {
  const cases: readonly [string, string][] = [
    ["example.com:0", "port 0 is outside 1 to 65535"],
    ["example.com:65536", "port 65536 is outside 1 to 65535"],
    ["example.com:99999", "port 99999 is outside 1 to 65535"],
    ["example.com:080", '"080" is not a port: use a number from 1 to 65535'],
    ["example.com:00", '"00" is not a port: use a number from 1 to 65535'],
    ["example.com:", '"" is not a port: use a number from 1 to 65535'],
    ["example.com:8a", '"8a" is not a port: use a number from 1 to 65535'],
    ["example.com:+80", '"+80" is not a port: use a number from 1 to 65535'],
    ["example.com:-1", '"-1" is not a port: use a number from 1 to 65535'],
    ["example.com:1e3", '"1e3" is not a port: use a number from 1 to 65535'],
    ["example.com:0x50", '"0x50" is not a port: use a number from 1 to 65535'],
    ["example.com:100000", '"100000" is not a port: use a number from 1 to 65535'],
    ["example.com:https", '"https" is not a port: use a number from 1 to 65535'],
    ["example.com:８０", '"８０" is not a port: use a number from 1 to 65535'],
    ["*.example.com:0", "port 0 is outside 1 to 65535"],
    ["127.0.0.1:65536", "port 65536 is outside 1 to 65535"],
    ["[::1]:0", "port 0 is outside 1 to 65535"],
    ["[::1]:080", '"080" is not a port: use a number from 1 to 65535'],
    ["[::1]:", '"" is not a port: use a number from 1 to 65535'],
    ["[::1]:80:90", '"80:90" is not a port: use a number from 1 to 65535'],
  ];
  for (const [entry, reason] of cases) refuses(entry, reason);
});

Deno.test("parseEgressRule() accepts canonical dotted-quad IPv4 with a port", () => {
  const cases: readonly [string, string, number][] = [
    ["127.0.0.1:8080", "127.0.0.1", 8080],
    ["0.0.0.0:80", "0.0.0.0", 80],
    ["10.0.0.255:443", "10.0.0.255", 443],
    ["255.255.255.255:1", "255.255.255.255", 1],
    ["192.168.1.10:65535", "192.168.1.10", 65535],
  ];
  for (const [entry, address, port] of cases) accepts(entry, { kind: "address", address, port });
});

Deno.test("parseEgressRule() refuses decimal, octal, hex and short IPv4 forms", () => {
  const cases: readonly string[] = [
    "2130706433:80",
    "0177.0.0.1:80",
    "0x7f000001:80",
    "0x7f.0.0.1:80",
    "0X7F.0.0.1:80",
    "127.0.0.0x1:80",
    "127.1:80",
    "127.0.1:80",
    "127.000.000.001:80",
    "127.0.0.01:80",
    "256.0.0.1:80",
    "1.2.3.4.5:80",
    "127.0.0.1.:80",
    "example.123",
    "example.0x",
    "2130706433",
  ];
  for (const entry of cases) refuses(entry, IPV4_REASON);
});

Deno.test("parseEgressRule() refuses IPv4 forms hidden behind full-width Unicode digits", () => {
  // IDNA maps "１" to "1" and "ｘ" to "x": without a second look these became host rules.
  for (const entry of ["１２７.０.０.１", "１２７.０.０.１:80", "０ｘ7f000001:80", "１２７.1:80"]) {
    refuses(entry, IPV4_REASON);
  }
  refuses("example.１２３", '"example.１２３" is not a valid host name');
  refuses("*.１.２.３.４", WILDCARD_IP_REASON);
  refuses("*.１.２.３.４:80", WILDCARD_IP_REASON);
});

Deno.test("parseEgressRule() asks for a port on an exact IP address", () => {
  refuses(
    "127.0.0.1",
    'an IP address needs a port: write "127.0.0.1:PORT" to grant exactly that address',
  );
  refuses("[::1]", 'an IP address needs a port: write "[::1]:PORT" to grant exactly that address');
  refuses("[::1]x", 'an IP address needs a port: write "[::1]:PORT" to grant exactly that address');
});

Deno.test("parseEgressRule() canonicalises bracketed IPv6 addresses, without brackets", () => {
  const cases: readonly [string, string, number][] = [
    ["[::1]:9000", "::1", 9000],
    ["[0:0:0:0:0:0:0:1]:80", "::1", 80],
    ["[2001:DB8::1]:443", "2001:db8::1", 443],
    ["[2001:0db8:0000:0000:0000:0000:0000:0001]:443", "2001:db8::1", 443],
    ["[::ffff:127.0.0.1]:80", "::ffff:7f00:1", 80],
    ["[::]:80", "::", 80],
  ];
  for (const [entry, address, port] of cases) accepts(entry, { kind: "address", address, port });
});

Deno.test("parseEgressRule() refuses IPv6 without brackets, zone IDs and malformed brackets", () => {
  const cases: readonly [string, string][] = [
    ["::1", IPV6_FORM_REASON],
    ["::1:80", IPV6_FORM_REASON],
    ["2001:db8::1:443", IPV6_FORM_REASON],
    ["fe80::1", IPV6_FORM_REASON],
    ["[fe80::1%eth0]:80", "IPv6 zone identifiers are not allowed"],
    ["[fe80::1%25eth0]:80", "IPv6 zone identifiers are not allowed"],
    ["[::1:80", 'an IPv6 address needs a closing "]"'],
    ["[]:80", '"" is not a valid IPv6 address'],
    ["[1.2.3.4]:80", '"1.2.3.4" is not a valid IPv6 address'],
    ["[example.com]:80", '"example.com" is not a valid IPv6 address'],
    ["[::g]:80", '"::g" is not a valid IPv6 address'],
    ["[1:2:3:4:5:6:7:8:9]:80", '"1:2:3:4:5:6:7:8:9" is not a valid IPv6 address'],
  ];
  for (const [entry, reason] of cases) refuses(entry, reason);
});

Deno.test("parseEgressRule() lowercases, strips one trailing dot and converts Unicode to punycode", () => {
  const cases: readonly [string, EgressRule][] = [
    ["GitHub.COM", { kind: "host", host: "github.com" }],
    ["github.com.", { kind: "host", host: "github.com" }],
    ["github.com.:443", { kind: "host", host: "github.com", port: 443 }],
    ["*.Example.COM.", { kind: "suffix", suffix: "example.com" }],
    ["bücher.example", { kind: "host", host: "xn--bcher-kva.example" }],
    ["BÜCHER.Example.", { kind: "host", host: "xn--bcher-kva.example" }],
    ["bücher.example:8443", { kind: "host", host: "xn--bcher-kva.example", port: 8443 }],
    ["*.bücher.example", { kind: "suffix", suffix: "xn--bcher-kva.example" }],
    ["münchen.de", { kind: "host", host: "xn--mnchen-3ya.de" }],
  ];
  for (const [entry, rule] of cases) accepts(entry, rule);
});

Deno.test("parseEgressRule() refuses invalid labels", () => {
  const cases: readonly [string, string][] = [
    ["-example.com", LABEL_REASON("-example")],
    ["example-.com", LABEL_REASON("example-")],
    ["example.com-", LABEL_REASON("com-")],
    ["ex_ample.com", LABEL_REASON("ex_ample")],
    ["_dmarc.example.com", LABEL_REASON("_dmarc")],
    ["a..b", '"a..b" has an empty label (two dots in a row)'],
    [".example.com", '".example.com" has an empty label (two dots in a row)'],
    ["example.com..", '"example.com.." has an empty label (two dots in a row)'],
    ["*..example.com", '".example.com" has an empty label (two dots in a row)'],
    [`${"a".repeat(64)}.com`, LABEL_REASON("a".repeat(64))],
    ["exa$mple.com", LABEL_REASON("exa$mple")],
    ["exa[mple.com", LABEL_REASON("exa[mple")],
    ["a\\b.com", LABEL_REASON("a\\b")],
    ["%41.com", LABEL_REASON("%41")],
    [".", "the host name is empty"],
  ];
  for (const [entry, reason] of cases) refuses(entry, reason);
});

Deno.test("parseEgressRule() accepts a 63-character label and a 253-character name", () => {
  const label63 = "a".repeat(63);
  accepts(`${label63}.com`, { kind: "host", host: `${label63}.com` });
  const name253 = [label63, label63, label63, "a".repeat(61)].join(".");
  strictEqual(name253.length, 253);
  accepts(name253, { kind: "host", host: name253 });
  accepts(`${name253}.`, { kind: "host", host: name253 });
});

Deno.test("parseEgressRule() refuses a name over 253 characters", () => {
  const label63 = "a".repeat(63);
  const name254 = [label63, label63, label63, "a".repeat(62)].join(".");
  strictEqual(name254.length, 254);
  refuses(name254, "a host name is at most 253 characters");
  refuses(`*.${name254}`, "a host name is at most 253 characters");
});

Deno.test("parseEgressRule() refuses bare and misplaced wildcards", () => {
  const cases: readonly [string, string][] = [
    ["*", BARE_WILDCARD_REASON],
    ["*.", BARE_WILDCARD_REASON],
    ["*:443", BARE_WILDCARD_REASON],
    ["*.:443", BARE_WILDCARD_REASON],
    ["a.*.com", WILDCARD_PLACE_REASON],
    ["api.*", WILDCARD_PLACE_REASON],
    ["*example.com", WILDCARD_PLACE_REASON],
    ["**.example.com", WILDCARD_PLACE_REASON],
    ["*.*.example.com", WILDCARD_PLACE_REASON],
    ["ex*ample.com", WILDCARD_PLACE_REASON],
    ["*.1.2.3.4:80", WILDCARD_IP_REASON],
    ["*.1.2.3.4", WILDCARD_IP_REASON],
    ["*.0x7f000001", WILDCARD_IP_REASON],
  ];
  for (const [entry, reason] of cases) refuses(entry, reason);
});

Deno.test("parseEgressRule() refuses URLs, paths, userinfo and spaces", () => {
  const cases: readonly [string, string][] = [
    ["https://github.com", HOST_ONLY_REASON],
    ["http://a.com", HOST_ONLY_REASON],
    ["git+ssh://github.com", HOST_ONLY_REASON],
    ["github.com/", HOST_ONLY_REASON],
    ["github.com/org/repo", HOST_ONLY_REASON],
    ["github.com?x=1", HOST_ONLY_REASON],
    ["github.com#top", HOST_ONLY_REASON],
    ["user@github.com", HOST_ONLY_REASON],
    ["user:pass@github.com:443", HOST_ONLY_REASON],
    ["[::1]@evil.com:80", HOST_ONLY_REASON],
    ["git hub.com", HOST_ONLY_REASON],
    ["github.com\t:443", HOST_ONLY_REASON],
    [" github.com", "remove the spaces around the entry"],
    ["github.com ", "remove the spaces around the entry"],
    ["\tgithub.com\n", "remove the spaces around the entry"],
    [" ", "remove the spaces around the entry"],
  ];
  for (const [entry, reason] of cases) refuses(entry, reason);
  refuses("");
});

Deno.test("parseEgressRule() refuses Unicode names the URL parser would cut or decode", () => {
  // new URL() reads "\" as the start of a path and decodes "%2e": the host granted
  // would not be the host written.
  for (const entry of ["bü\\evil.com", "bü%2ecom", "bü%2Fx.example", "bü_cher.example"]) {
    refuses(entry, `"${entry}" is not a valid host name`);
  }
});

Deno.test("normaliseHostname() returns the canonical ASCII name or a reason", () => {
  const valid: readonly [string, string][] = [
    ["Example.COM", "example.com"],
    ["example.com.", "example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["XN--BCHER-KVA.example", "xn--bcher-kva.example"],
    ["a", "a"],
  ];
  for (const [name, host] of valid) {
    deepStrictEqual(normaliseHostname(name), { kind: "name", name: host }, name);
  }

  const invalid: readonly [string, string][] = [
    ["", "the host name is empty"],
    [".", "the host name is empty"],
    ["a..b", '"a..b" has an empty label (two dots in a row)'],
    ["example.com..", '"example.com.." has an empty label (two dots in a row)'],
    ["-a.com", LABEL_REASON("-a")],
    ["a_b.com", LABEL_REASON("a_b")],
    ["bü\\x.com", '"bü\\x.com" is not a valid host name'],
    ["bü<x.com", '"bü<x.com" is not a valid host name'],
  ];
  for (const [name, reason] of invalid) {
    deepStrictEqual(normaliseHostname(name), { kind: "error", reason }, name);
  }
});
