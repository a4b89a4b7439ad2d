import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parseAbsoluteTarget, parseConnectTarget, type Target } from "./parse_target.ts";

type Parse = typeof parseConnectTarget;

function accepts(parse: Parse, text: string, target: Target): void {
  deepStrictEqual(parse(text), { kind: "target", target }, text);
}

function refuses(parse: Parse, text: string, code: string): void {
  const result = parse(text);
  ok(result.kind === "refuse", `${JSON.stringify(text)} was accepted as ${JSON.stringify(result)}`);
  strictEqual(result.code, code, `${JSON.stringify(text)}: ${result.reason}`);
}

const name = (host: string, port: number, path = ""): Target => ({
  host,
  port,
  kind: "name",
  path,
});

Deno.test("connect_target_reads_host_and_port", () => {
  accepts(parseConnectTarget, "github.com:443", name("github.com", 443));
  accepts(parseConnectTarget, "a:1", name("a", 1));
  accepts(parseConnectTarget, "example.com:65535", name("example.com", 65535));
  accepts(parseConnectTarget, "1password.com:443", name("1password.com", 443));
  accepts(parseConnectTarget, "127.0.0.1.nip.io:443", name("127.0.0.1.nip.io", 443));
  accepts(parseConnectTarget, "127.0.0.1:8080", {
    host: "127.0.0.1",
    port: 8080,
    kind: "ipv4",
    path: "",
  });
  accepts(parseConnectTarget, "[::1]:443", { host: "::1", port: 443, kind: "ipv6", path: "" });
});

Deno.test("egress_normalises_host_names_before_matching", () => {
  accepts(parseConnectTarget, "Example.COM.:443", name("example.com", 443));
  accepts(parseConnectTarget, "bücher.example:443", name("xn--bcher-kva.example", 443));
  accepts(parseConnectTarget, "BÜCHER.example:443", name("xn--bcher-kva.example", 443));
  accepts(parseConnectTarget, "example。com:443", name("example.com", 443));
  accepts(parseAbsoluteTarget, "http://GitHub.com./", name("github.com", 80, "/"));
});

Deno.test("connect_target_requires_a_port", () => {
  refuses(parseConnectTarget, "example.com", "egress.bad_port");
  refuses(parseConnectTarget, "example.com:", "egress.bad_port");
  refuses(parseConnectTarget, "[::1]", "egress.bad_port");
  refuses(parseConnectTarget, "[::1]:", "egress.bad_port");
});

Deno.test("egress_refuses_ports_outside_1_to_65535_or_not_plain_decimal", () => {
  for (
    const port of ["0", "00", "080", "0443", "65536", "99999", "123456", "+443", "-1", "0x1bb"]
  ) {
    refuses(parseConnectTarget, `example.com:${port}`, "egress.bad_port");
    refuses(parseAbsoluteTarget, `http://example.com:${port}/`, "egress.bad_port");
  }
  refuses(parseConnectTarget, "example.com:４４３", "egress.bad_port");
  refuses(parseConnectTarget, "example.com:443.0", "egress.bad_port");
  refuses(parseAbsoluteTarget, "http://example.com:/", "egress.bad_port");
});

Deno.test("egress_refuses_userinfo", () => {
  refuses(parseConnectTarget, "user@example.com:443", "egress.userinfo");
  refuses(parseConnectTarget, "user:pass@example.com:443", "egress.userinfo");
  refuses(parseConnectTarget, "@example.com:443", "egress.userinfo");
  refuses(parseAbsoluteTarget, "http://user@example.com/", "egress.userinfo");
  refuses(parseAbsoluteTarget, "http://user:pw@example.com:80/", "egress.userinfo");
  refuses(parseAbsoluteTarget, "http://allowed.com@evil.com/", "egress.userinfo");
  refuses(parseAbsoluteTarget, "http://allowed.com:80@evil.com/", "egress.userinfo");
  // An "@" after the authority is part of the path, not userinfo.
  accepts(parseAbsoluteTarget, "http://example.com/a@b", name("example.com", 80, "/a@b"));
});

Deno.test("egress_refuses_decimal_octal_hex_short_ipv4", () => {
  const forms = [
    "2130706433",
    "0177.0.0.1",
    "0177.0000.0000.0001",
    "0x7f000001",
    "0x7f.1",
    "0x7f.0.0.1",
    "0X7F.0.0.1",
    "127.1",
    "127.0.1",
    "127.0.0.01",
    "127.000.0.1",
    "127.0.0.1.",
    "256.0.0.1",
    "1.2.3.4.5",
    "1.2.3.0x4",
    "0",
    "0x",
    "example.0x1",
    "example.123",
  ];
  for (const form of forms) {
    refuses(parseConnectTarget, `${form}:443`, "egress.ip_form");
    refuses(parseAbsoluteTarget, `http://${form}/`, "egress.ip_form");
  }
});

Deno.test("egress_refuses_full_width_digits_even_after_normalisation", () => {
  const forms = [
    "１２７.０.０.１",
    "１２７。０。０。１",
    "127.0.0.１",
    "１２７.1",
    "０x7f.1",
    "０ｘ７ｆ.0.0.1",
  ];
  for (const form of forms) {
    refuses(parseConnectTarget, `${form}:443`, "egress.ip_form");
    refuses(parseAbsoluteTarget, `http://${form}/`, "egress.ip_form");
  }
});

Deno.test("egress_refuses_ipv6_zone_ids", () => {
  for (const zone of ["%eth0", "%25eth0", "%25", "%", "%1"]) {
    refuses(parseConnectTarget, `[fe80::1${zone}]:443`, "egress.ip_form");
    refuses(parseAbsoluteTarget, `http://[fe80::1${zone}]/`, "egress.ip_form");
    refuses(parseAbsoluteTarget, `http://[fe80::1${zone}]:80/`, "egress.ip_form");
    const result = parseConnectTarget(`[fe80::1${zone}]:443`);
    ok(result.kind === "refuse");
    ok(result.reason.includes("zone"), result.reason);
  }
  // Unbracketed, it is not an address at all.
  refuses(parseConnectTarget, "fe80::1%eth0:443", "egress.bad_target");
});

Deno.test("egress_reads_bracketed_ipv6_in_canonical_form", () => {
  const v6 = (host: string, port: number, path = ""): Target => ({
    host,
    port,
    kind: "ipv6",
    path,
  });
  accepts(parseConnectTarget, "[2001:DB8:0:0:0:0:0:1]:443", v6("2001:db8::1", 443));
  accepts(parseConnectTarget, "[::ffff:127.0.0.1]:80", v6("::ffff:7f00:1", 80));
  accepts(parseAbsoluteTarget, "http://[::1]/", v6("::1", 80, "/"));
  accepts(parseAbsoluteTarget, "http://[fe80::1]:8080/x?y", v6("fe80::1", 8080, "/x?y"));
});

Deno.test("egress_refuses_malformed_ipv6", () => {
  refuses(parseConnectTarget, "[::1:443", "egress.bad_target");
  refuses(parseConnectTarget, "[::1]443", "egress.bad_target");
  refuses(parseConnectTarget, "[::1]x:443", "egress.bad_target");
  refuses(parseConnectTarget, "::1:443", "egress.bad_target");
  refuses(parseConnectTarget, "2001:db8::1:443", "egress.bad_target");
  refuses(parseConnectTarget, "a[b]:443", "egress.bad_target");
  refuses(parseConnectTarget, "[]:443", "egress.ip_form");
  refuses(parseConnectTarget, "[1::2::3]:443", "egress.ip_form");
  refuses(parseConnectTarget, "[127.0.0.1]:443", "egress.ip_form");
  refuses(parseConnectTarget, "[::127.1]:443", "egress.ip_form");
  refuses(parseConnectTarget, "[::ffff:0x7f.0.0.1]:443", "egress.ip_form");
  refuses(parseConnectTarget, "[v1.fe80::1]:443", "egress.ip_form");
  refuses(parseAbsoluteTarget, "http://[::1/", "egress.bad_target");
});

Deno.test("egress_refuses_empty_hosts_and_invalid_labels", () => {
  const hosts = [
    "",
    ".",
    ".com",
    "a..com",
    "example.com..",
    "-a.com",
    "a-.com",
    "a_b.com",
    "ex%61mple.com",
    "xn--",
    "*.example.com",
    `${"a".repeat(64)}.com`,
    `${"a.".repeat(127)}com`,
  ];
  for (const host of hosts) {
    refuses(parseConnectTarget, `${host}:443`, "egress.bad_target");
  }
  refuses(parseAbsoluteTarget, "http:///", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http://:80/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http://?x", "egress.bad_target");
});

Deno.test("egress_refuses_control_characters_and_spaces", () => {
  for (
    const text of [
      "exa\tmple.com:443",
      "example.com:443\r\n",
      " example.com:443",
      "example.com :443",
      "example.com:4\u000043",
      "example.com:443\u007f",
      "\u00a0example.com:443",
      "example\u0085.com:443",
    ]
  ) {
    refuses(parseConnectTarget, text, "egress.bad_target");
  }
  for (
    const text of [
      "http://exa\nmple.com/",
      "http://example.com/a b",
      "http://example.com/\t",
      "http://example.com/\u2028",
      " http://example.com/",
    ]
  ) {
    refuses(parseAbsoluteTarget, text, "egress.bad_target");
  }
});

Deno.test("connect_target_refuses_paths_queries_and_backslashes", () => {
  for (
    const text of [
      "example.com:443/",
      "example.com:443?x",
      "example.com:443#x",
      "ex\\ample.com:443",
    ]
  ) {
    refuses(parseConnectTarget, text, "egress.bad_target");
  }
  refuses(parseConnectTarget, "", "egress.bad_target");
});

Deno.test("absolute_target_accepts_only_the_http_scheme", () => {
  refuses(parseAbsoluteTarget, "https://example.com/", "egress.scheme");
  refuses(parseAbsoluteTarget, "HTTPS://example.com/", "egress.scheme");
  for (
    const url of ["ftp://example.com/", "ws://example.com/", "file:///etc/passwd", "gopher://x/"]
  ) {
    refuses(parseAbsoluteTarget, url, "egress.scheme");
  }
  accepts(parseAbsoluteTarget, "HTTP://example.com/", name("example.com", 80, "/"));
  refuses(parseAbsoluteTarget, "/path", "egress.bad_target");
  refuses(parseAbsoluteTarget, "//example.com/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "", "egress.bad_target");
});

Deno.test("absolute_target_requires_two_slashes_after_the_scheme", () => {
  refuses(parseAbsoluteTarget, "http:example.com/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http:/example.com/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http:///example.com/", "egress.bad_target");
});

Deno.test("absolute_target_defaults_to_port_80_and_keeps_an_origin_form_path", () => {
  accepts(parseAbsoluteTarget, "http://example.com", name("example.com", 80, "/"));
  accepts(parseAbsoluteTarget, "http://example.com/", name("example.com", 80, "/"));
  accepts(parseAbsoluteTarget, "http://example.com?q=1", name("example.com", 80, "/?q=1"));
  accepts(parseAbsoluteTarget, "http://example.com:80/a", name("example.com", 80, "/a"));
  accepts(
    parseAbsoluteTarget,
    "http://example.com:8080/a/b?c=d&e",
    name("example.com", 8080, "/a/b?c=d&e"),
  );
  accepts(parseAbsoluteTarget, "http://example.com/%7Euser", name("example.com", 80, "/%7Euser"));
  accepts(parseAbsoluteTarget, "http://example.com//x/../y", name("example.com", 80, "//x/../y"));
  accepts(parseAbsoluteTarget, "http://127.0.0.1:8080/", {
    host: "127.0.0.1",
    port: 8080,
    kind: "ipv4",
    path: "/",
  });
});

Deno.test("absolute_target_ends_the_authority_at_the_first_slash_or_question_mark", () => {
  accepts(
    parseAbsoluteTarget,
    "http://example.com?@evil.com/",
    name("example.com", 80, "/?@evil.com/"),
  );
  accepts(
    parseAbsoluteTarget,
    "http://example.com/@evil.com",
    name("example.com", 80, "/@evil.com"),
  );
});

Deno.test("absolute_target_refuses_fragments", () => {
  for (const url of ["http://example.com/#x", "http://example.com#", "http://example.com/a?b#c"]) {
    refuses(parseAbsoluteTarget, url, "egress.bad_target");
  }
});

Deno.test("absolute_target_refuses_backslashes_a_url_parser_would_read_as_slashes", () => {
  refuses(parseAbsoluteTarget, "http://evil.com\\@allowed.com/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http://evil.com\\.allowed.com/", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http://example.com/a\\b", "egress.bad_target");
});

Deno.test("absolute_target_refuses_a_path_that_is_not_percent_encoded", () => {
  refuses(parseAbsoluteTarget, "http://example.com/ü", "egress.bad_target");
  refuses(parseAbsoluteTarget, "http://example.com/?q=ü", "egress.bad_target");
});

Deno.test("a malformed target is refused 400 and a refused spelling 403, by the parse itself", () => {
  const status = (result: ReturnType<Parse>) => result.kind === "refuse" ? result.status : 200;
  strictEqual(status(parseConnectTarget("a b:1")), 400, "egress.bad_target");
  strictEqual(status(parseConnectTarget("example.com:0")), 400, "egress.bad_port");
  strictEqual(status(parseConnectTarget("127.1:443")), 403, "egress.ip_form");
  strictEqual(status(parseAbsoluteTarget("http://user@example.com/")), 403, "egress.userinfo");
  strictEqual(status(parseAbsoluteTarget("https://example.com/")), 403, "egress.scheme");
});
